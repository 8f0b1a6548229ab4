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

const rateLine = (r: { visibilityScore?: number; mentionRate?: number; citationRate?: number }) =>
  `score ${score(r.visibilityScore)}, mentioned ${percent(r.mentionRate)}, cited ${percent(r.citationRate)}`;

/** The report text stays within this many characters, however large the report. */
export const MAX_REPORT_TEXT = 2_500;

export function reportText(report: CuratedReport, max = MAX_REPORT_TEXT): string {
  const full = renderReport(report, 'full');
  if (full.length <= max) return full;
  const brief = renderReport(report, 'brief');
  if (brief.length <= max) return brief;
  return cutAtLine(brief, max, '… (cut short; structuredContent has the whole report)');
}

/** 'brief' drops recommendation details and per-gap model names and lists fewer rows. */
function renderReport(report: CuratedReport, detail: 'full' | 'brief'): string {
  const rows = detail === 'full' ? 8 : 5;
  const site = report.websiteUrl ? hostOf(report.websiteUrl) : 'your site';
  const lines = [
    `AI visibility report for ${site}${report.createdAt ? ` (${report.createdAt.slice(0, 10)})` : ''}: ${report.promptCount} prompts × ${report.models.length} AI models`,
    `Visibility score ${score(report.visibilityScore)}/100 · mentioned in ${percent(report.mentionRate)} of answers · cited in ${percent(report.citationRate)}`,
  ];
  if (report.models.length > 0) {
    lines.push('', 'By AI model:');
    for (const m of report.models.slice(0, rows)) {
      lines.push(`- ${m.model}${m.provider ? ` (${m.provider})` : ''}: ${rateLine(m)}`);
    }
    more(lines, report.models.length, rows);
  }
  if (report.competitors.length > 0) {
    lines.push('', 'You vs competitors:');
    const ranked = [
      { name: `${site} (you)`, ...report },
      ...report.competitors.map((c) => ({ name: c.domain, ...c })),
    ].sort((a, b) => (b.visibilityScore ?? -1) - (a.visibilityScore ?? -1));
    for (const entry of ranked.slice(0, rows)) lines.push(`- ${entry.name}: ${rateLine(entry)}`);
    more(lines, ranked.length, rows);
  }
  if (report.gapCount > 0) {
    lines.push(
      '',
      `Gaps: competitors mentioned, you not (${report.gapCount} of ${report.promptCount} prompts):`,
    );
    for (const gap of report.gaps.slice(0, rows)) {
      const where =
        detail === 'full' && gap.models.length <= 4 ? gap.models.join(', ') : `${gap.models.length} models`;
      lines.push(`- "${truncate(gap.prompt, 90)}": ${gap.competitors.slice(0, 3).join(', ')} (${where})`);
    }
    more(lines, report.gapCount, rows);
  }
  if (report.recommendations.length > 0) {
    lines.push('', 'Top recommendations:');
    report.recommendations.forEach((r, index) => {
      const why = detail === 'full' && r.detail ? ` — ${truncate(r.detail, 110)}` : '';
      lines.push(`${index + 1}. [${r.difficulty ?? 'n/a'}] ${truncate(r.title, 90)}${why}`);
    });
  }
  return lines.join('\n');
}

function more(lines: string[], total: number, shown: number): void {
  if (total > shown) lines.push(`- …and ${total - shown} more`);
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
