/**
 * Recommendations for a report, written from its own numbers: the prompts we lose, the strongest
 * competitor, the weakest model. Ordered by expected impact (priority 1 first).
 */
import type { Recommendation, Report } from './fixtures.js';
import { brandName, industryFor } from './industries.js';
import { unique } from './random.js';

function percent(rate: number): string {
  return `${Math.round(rate * 100)}%`;
}

export function recommend(report: Report, domain: string): Recommendation[] {
  const brand = brandName(domain);
  const category = industryFor(domain).category;
  const lost = report.prompts.filter(
    (p) => p.results.every((r) => !r.mentioned) && p.results.some((r) => r.competitorsMentioned.length > 0),
  );
  const rivals = [...report.competitors].sort((a, b) => b.visibilityScore - a.visibilityScore);
  const top = rivals[0];
  const weakest = [...report.models].sort((a, b) => a.visibilityScore - b.visibilityScore)[0];
  const recs: Omit<Recommendation, 'priority'>[] = [];
  const lostRec = (p: (typeof lost)[number]): Omit<Recommendation, 'priority'> => {
    const named = unique(p.results.flatMap((r) => r.competitorsMentioned)).map(brandName);
    const models = p.results.filter((r) => r.competitorsMentioned.length > 0).length;
    return {
      title: `Win the answer for “${p.prompt}”`,
      detail: `${named.join(', ')} ${named.length === 1 ? 'is' : 'are'} named by ${models} of ${p.results.length} models for this prompt and ${brand} is not. Publish a page on ${domain} that answers it in the first paragraph, with a comparison table and clear pricing.`,
      difficulty: 'medium',
      prompt: p.prompt,
    };
  };
  if (lost[0]) recs.push(lostRec(lost[0]));
  if (top) {
    recs.push({
      title: `Publish an honest ${brand} vs ${brandName(top.domain)} comparison`,
      detail: `${top.domain} scores ${top.visibilityScore} against your ${report.visibilityScore}. When users ask models to choose, they quote comparison pages; give them an up-to-date one with a feature table.`,
      difficulty: 'medium',
      prompt: `${brand} vs ${brandName(top.domain)}`,
    });
  }
  recs.push({
    title: 'Add FAQ blocks with one-sentence answers',
    detail:
      'Answer the questions buyers ask (pricing, integrations, security) in short, quotable sentences and mark them up with FAQPage schema. Models lift direct answers into their responses.',
    difficulty: 'easy',
  });
  if (weakest) {
    recs.push({
      title: `Close the gap in ${weakest.model}`,
      detail: `${weakest.model} (${weakest.provider}) mentions ${brand} in ${percent(weakest.mentionRate)} of answers and cites ${domain} in ${percent(weakest.citationRate)}, your weakest model. Refresh the pages it cites for your prompts and make sure they are crawlable.`,
      difficulty: 'medium',
    });
  }
  recs.push({
    title: 'Get listed in third-party roundups and review sites',
    detail: `Models lean on G2, Capterra and "best ${category}" roundups. Earn a place in the lists that already appear in answers to your tracked prompts.`,
    difficulty: 'hard',
  });
  recs.push({
    title: 'Add Organization and Product structured data',
    detail: `Describe ${brand} with Organization, Product and Offer schema on ${domain} so models can state what you do and what it costs without guessing.`,
    difficulty: 'easy',
  });
  if (lost[1]) recs.push(lostRec(lost[1]));
  return recs.map((r, i) => ({ ...r, priority: i + 1 }));
}
