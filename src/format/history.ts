/**
 * Visibility history as a trend: first, last, lowest and highest score with dates, how the rates moved,
 * how competitors moved, and a dozen evenly sampled points — never hundreds of rows. For programs, the
 * selected points as a series: one array per measure, index i = day i (a third of the JSON Krastie
 * sends, and the shape charts want).
 */
import * as z from 'zod';
import type { HistoryPoint } from '../krastie/schemas.js';
import { delta, percent, score } from './numbers.js';

const MAX_SAMPLES = 12;

export interface CuratedPoint {
  date: string;
  visibilityScore?: number | undefined;
  mentionRate?: number | undefined;
  citationRate?: number | undefined;
  /** Competitor domain → visibility score on that day. */
  competitors: Record<string, number>;
}

/** null where a day has no value. */
const measure = z.array(z.number().nullable());
export const seriesSchema = z.object({
  date: z.array(z.string()),
  visibilityScore: measure,
  mentionRate: measure,
  citationRate: measure,
  /** Competitor domain → its visibility score per day. */
  competitors: z.record(z.string(), measure),
});
export type Series = z.output<typeof seriesSchema>;

/** The trend in flat numbers (the range is the series' first and last date); rate changes are fractions (0.05 = 5 points). */
export const trendSchema = z.object({
  lowestScore: z.number().optional(),
  lowestDate: z.string().optional(),
  highestScore: z.number().optional(),
  highestDate: z.string().optional(),
  scoreChange: z.number().optional(),
  mentionRateChange: z.number().optional(),
  citationRateChange: z.number().optional(),
  competitors: z.array(
    z.object({ domain: z.string(), first: z.number().optional(), last: z.number().optional() }),
  ),
});
export type Trend = z.output<typeof trendSchema>;

/** Keeps dated points, oldest first, then applies `since` (inclusive) and `limit` (the most recent N). */
export function selectPoints(
  points: HistoryPoint[],
  options: { since?: string; limit?: number },
): CuratedPoint[] {
  const { since, limit } = options;
  let dated = points.filter(
    (p): p is HistoryPoint & { date: string } =>
      p.date !== undefined && (since === undefined || p.date.slice(0, 10) >= since),
  );
  dated.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  // Cut first: only the points kept are curated.
  if (limit !== undefined) dated = dated.slice(-limit);
  return dated.map((p) => {
    const competitors: Record<string, number> = {};
    for (const c of p.competitors)
      if (c.domain && c.visibilityScore !== undefined) competitors[c.domain] = c.visibilityScore;
    return {
      date: p.date,
      visibilityScore: p.visibilityScore,
      mentionRate: p.mentionRate,
      citationRate: p.citationRate,
      competitors,
    };
  });
}

export function toSeries(points: CuratedPoint[]): Series {
  const domains = [...new Set(points.flatMap((p) => Object.keys(p.competitors)))];
  return {
    date: points.map((p) => p.date),
    visibilityScore: points.map((p) => p.visibilityScore ?? null),
    mentionRate: points.map((p) => p.mentionRate ?? null),
    citationRate: points.map((p) => p.citationRate ?? null),
    competitors: Object.fromEntries(domains.map((d) => [d, points.map((p) => p.competitors[d] ?? null)])),
  };
}

export function summarizeTrend(points: CuratedPoint[]): Trend {
  let lowest: CuratedPoint | undefined;
  let highest: CuratedPoint | undefined;
  for (const point of points) {
    if (point.visibilityScore === undefined) continue;
    if (lowest?.visibilityScore === undefined || point.visibilityScore < lowest.visibilityScore)
      lowest = point;
    if (highest?.visibilityScore === undefined || point.visibilityScore > highest.visibilityScore)
      highest = point;
  }
  const first = points[0];
  const last = points.at(-1);
  const change = (field: 'visibilityScore' | 'mentionRate' | 'citationRate') => {
    const from = first?.[field];
    const to = last?.[field];
    return from === undefined || to === undefined ? undefined : Math.round((to - from) * 1000) / 1000;
  };
  const domains = [...new Set(points.flatMap((p) => Object.keys(p.competitors)))];
  const scoreOf = (point: CuratedPoint | undefined, domain: string) => point?.competitors[domain];
  return {
    lowestScore: lowest?.visibilityScore,
    lowestDate: lowest?.date,
    highestScore: highest?.visibilityScore,
    highestDate: highest?.date,
    scoreChange: change('visibilityScore'),
    mentionRateChange: change('mentionRate'),
    citationRateChange: change('citationRate'),
    competitors: domains.map((domain) => ({
      domain,
      first: scoreOf(first, domain),
      last: scoreOf(last, domain),
    })),
  };
}

/** Evenly spaced points, always including the first and the last. */
export function samplePoints<T>(points: readonly T[], max = MAX_SAMPLES): T[] {
  if (points.length <= max) return [...points];
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => points[Math.round(i * step)] as T);
}

export function historyText(points: CuratedPoint[], trend: Trend): string {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last)
    return 'No visibility history in this range yet. Run run_visibility_report to start one.';
  const lines = [
    `Visibility history: ${points.length} points, ${first.date} → ${last.date}`,
    `Score ${score(first.visibilityScore)} → ${score(last.visibilityScore)} (${delta(first.visibilityScore, last.visibilityScore, 'score')})` +
      (trend.lowestDate && trend.highestDate
        ? `; lowest ${score(trend.lowestScore)} on ${trend.lowestDate}, highest ${score(trend.highestScore)} on ${trend.highestDate}`
        : ''),
    `Mention rate ${percent(first.mentionRate)} → ${percent(last.mentionRate)} (${delta(first.mentionRate, last.mentionRate, 'rate')}); ` +
      `citation rate ${percent(first.citationRate)} → ${percent(last.citationRate)} (${delta(first.citationRate, last.citationRate, 'rate')})`,
  ];
  if (trend.competitors.length > 0) {
    lines.push(`Your rank among ${trend.competitors.length + 1}: ${rankOf(first)} → ${rankOf(last)}`);
    lines.push(
      `Competitors (score): ${trend.competitors
        .map((c) => `${c.domain} ${score(c.first)} → ${score(c.last)} (${delta(c.first, c.last, 'score')})`)
        .join('; ')}`,
    );
  }
  const samples = samplePoints(points);
  lines.push(
    '',
    `date        score  mentioned  cited${samples.length < points.length ? `  (${samples.length} of ${points.length} points, evenly sampled)` : ''}`,
  );
  for (const p of samples) {
    lines.push(
      `${p.date.slice(0, 10)}  ${score(p.visibilityScore).padStart(5)}  ${percent(p.mentionRate).padStart(9)}  ${percent(p.citationRate).padStart(5)}`,
    );
  }
  return lines.join('\n');
}

function rankOf(point: CuratedPoint): string {
  if (point.visibilityScore === undefined) return 'n/a';
  const own = point.visibilityScore;
  const ahead = Object.values(point.competitors).filter((score) => score > own).length;
  return ordinal(ahead + 1);
}

function ordinal(n: number): string {
  const suffix =
    n % 10 === 1 && n % 100 !== 11
      ? 'st'
      : n % 10 === 2 && n % 100 !== 12
        ? 'nd'
        : n % 10 === 3 && n % 100 !== 13
          ? 'rd'
          : 'th';
  return `${n}${suffix}`;
}
