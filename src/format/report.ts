/**
 * A visibility report, curated: the facts a marketer acts on (score, rates, per-model lines, competitors,
 * the prompts where competitors win, top recommendations), as structured data and as compact text.
 */
import * as z from 'zod';
import type { Report } from '../krastie/schemas.js';
import { percent, score, truncate } from './numbers.js';

const MAX_GAPS = 8;
const MAX_RECOMMENDATIONS = 5;

const rates = {
  visibilityScore: z.number().optional(),
  mentionRate: z.number().optional(),
  citationRate: z.number().optional(),
};

export const curatedReportSchema = z.object({
  websiteUrl: z.string().optional(),
  createdAt: z.string().optional(),
  ...rates,
  promptCount: z.number(),
  models: z.array(z.object({ model: z.string(), provider: z.string().optional(), ...rates })),
  competitors: z.array(z.object({ domain: z.string(), ...rates })),
  gaps: z.array(
    z.object({ prompt: z.string(), competitors: z.array(z.string()), models: z.array(z.string()) }),
  ),
  gapCount: z.number(),
  recommendations: z.array(
    z.object({
      title: z.string(),
      difficulty: z.string().optional(),
      priority: z.number().optional(),
      detail: z.string().optional(),
    }),
  ),
});
export type CuratedReport = z.output<typeof curatedReportSchema>;

export function curateReport(report: Report): CuratedReport {
  const gaps = report.prompts.flatMap((entry) => {
    const missing = entry.results.filter((r) => r.mentioned === false && r.competitorsMentioned.length > 0);
    if (!entry.prompt || missing.length === 0) return [];
    const competitors = [...new Set(missing.flatMap((r) => r.competitorsMentioned))];
    const models = missing.flatMap((r) => (r.model ? [r.model] : []));
    return [{ prompt: entry.prompt, competitors, models }];
  });
  // The prompts lost on the most models first: those are the biggest gaps.
  gaps.sort((a, b) => b.models.length - a.models.length);
  const recommendations = [...report.recommendations]
    .filter((r) => r.title)
    .sort((a, b) => (a.priority ?? 99) - (b.priority ?? 99))
    .slice(0, MAX_RECOMMENDATIONS)
    .map((r) => ({
      title: r.title as string,
      difficulty: r.difficulty,
      priority: r.priority,
      detail: r.detail === undefined ? undefined : truncate(r.detail, 220),
    }));
  return {
    websiteUrl: report.websiteurl,
    createdAt: report.createdAt,
    visibilityScore: report.visibilityScore,
    mentionRate: report.mentionRate,
    citationRate: report.citationRate,
    promptCount: report.prompts.length,
    models: report.models.flatMap((m) =>
      m.model
        ? [
            {
              model: m.model,
              provider: m.provider,
              visibilityScore: m.visibilityScore,
              mentionRate: m.mentionRate,
              citationRate: m.citationRate,
            },
          ]
        : [],
    ),
    competitors: report.competitors.flatMap((c) =>
      c.domain
        ? [
            {
              domain: c.domain,
              visibilityScore: c.visibilityScore,
              mentionRate: c.mentionRate,
              citationRate: c.citationRate,
            },
          ]
        : [],
    ),
    gaps: gaps.slice(0, MAX_GAPS),
    gapCount: gaps.length,
    recommendations,
  };
}

/** The report text stays within this many characters, however large the report. */
export const MAX_REPORT_TEXT = 2_500;
const MAX_MODELS = 8;
const MAX_RANKED = 8;
const MAX_GAP_LINES = 4;
const MAX_RECOMMENDATION_LINES = 4;

/**
 * The few lines a model needs to explain a report; every detail is in structuredContent. Compact by
 * design (the text is re-read on every turn): about 15 % of the JSON Krastie returns.
 */
export function reportText(report: CuratedReport, max = MAX_REPORT_TEXT): string {
  const text = renderReport(report);
  return text.length <= max
    ? text
    : cutAtLine(text, max, '… (cut short; structuredContent has the whole report)');
}

function renderReport(report: CuratedReport): string {
  const site = report.websiteUrl ? hostOf(report.websiteUrl) : 'your site';
  const lines = [
    `AI visibility report for ${site}${report.createdAt ? ` (${report.createdAt.slice(0, 10)})` : ''}, ${report.promptCount} prompts × ${report.models.length} AI models`,
    `Visibility score ${score(report.visibilityScore)}/100 · mentioned in ${percent(report.mentionRate)} of answers · cited in ${percent(report.citationRate)}`,
  ];
  if (report.models.length > 0) {
    const models = report.models
      .slice(0, MAX_MODELS)
      .map(
        (m) =>
          `${m.model} ${score(m.visibilityScore)}, ${percent(m.mentionRate)}, ${percent(m.citationRate)}`,
      );
    lines.push(
      `Per model (score, mentioned, cited): ${models.join(' · ')}${andMore(report.models.length, MAX_MODELS)}`,
    );
  }
  if (report.competitors.length > 0) {
    const ranked = [{ name: 'you', ...report }, ...report.competitors.map((c) => ({ name: c.domain, ...c }))]
      .sort((a, b) => (b.visibilityScore ?? -1) - (a.visibilityScore ?? -1))
      .slice(0, MAX_RANKED)
      .map((entry) => `${entry.name} ${score(entry.visibilityScore)}`);
    lines.push(`Ranking (score): ${ranked.join(' · ')}${andMore(report.competitors.length + 1, MAX_RANKED)}`);
  }
  if (report.gapCount > 0) {
    lines.push(`Gaps, competitors named and you not (${report.gapCount} of ${report.promptCount} prompts):`);
    for (const gap of report.gaps.slice(0, MAX_GAP_LINES)) {
      const models = gap.models.length === 1 ? '1 model' : `${gap.models.length} models`;
      lines.push(`- "${truncate(gap.prompt, 80)}": ${gap.competitors.slice(0, 3).join(', ')} (${models})`);
    }
    if (report.gapCount > MAX_GAP_LINES) lines.push(`- …and ${report.gapCount - MAX_GAP_LINES} more`);
  }
  if (report.recommendations.length > 0) {
    lines.push('Top recommendations:');
    report.recommendations.slice(0, MAX_RECOMMENDATION_LINES).forEach((r, index) => {
      lines.push(`${index + 1}. [${r.difficulty ?? 'n/a'}] ${truncate(r.title, 80)}`);
    });
  }
  return lines.join('\n');
}

function andMore(total: number, shown: number): string {
  return total > shown ? ` · …and ${total - shown} more` : '';
}

function cutAtLine(text: string, max: number, note: string): string {
  const kept: string[] = [];
  let length = note.length + 1;
  for (const line of text.split('\n')) {
    if (length + line.length + 1 > max) break;
    kept.push(line);
    length += line.length + 1;
  }
  return [...kept, note].join('\n');
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}
