/**
 * Deterministic, realistic visibility data: reports, history and the assistant's workspace context.
 * Values come from seeded PRNGs (see random.ts), and every aggregate is computed from the per-prompt
 * results underneath it, so a report is internally consistent (its score really follows from its
 * mentions) and formatters can be tested against believable numbers.
 */
import { brandName, suggestCompetitors, suggestPrompts } from './industries.js';
import { clamp, Rng, round, shortHash, unique } from './random.js';
import { recommend } from './recommendations.js';

export interface ModelBreakdown {
  model: string;
  provider: string;
  visibilityScore: number;
  mentionRate: number;
  citationRate: number;
}
export interface PromptResult {
  model: string;
  mentioned: boolean;
  cited: boolean;
  position: number | null;
  competitorsMentioned: string[];
}
export interface CompetitorScore {
  domain: string;
  visibilityScore: number;
  mentionRate: number;
  citationRate: number;
}
export interface Recommendation {
  title: string;
  detail: string;
  difficulty: 'easy' | 'medium' | 'hard';
  priority: number;
  prompt?: string;
}
export interface Report {
  id: string;
  websiteurl: string;
  createdAt: string;
  visibilityScore: number;
  mentionRate: number;
  citationRate: number;
  models: ModelBreakdown[];
  prompts: { prompt: string; results: PromptResult[] }[];
  competitors: CompetitorScore[];
  recommendations: Recommendation[];
}
export interface HistoryPoint {
  date: string;
  visibilityScore: number;
  mentionRate: number;
  citationRate: number;
  competitors: { domain: string; visibilityScore: number }[];
}

export const DAY_MS = 86_400_000;
/** How many daily points the history endpoint returns. */
export const HISTORY_DAYS = 120;
/** A report always tracks at least this many prompts and competitors (the workspace's own fill the gap). */
const MIN_PROMPTS = 10;
const MIN_COMPETITORS = 3;

/** The assistant models a report asks; `bias` nudges how often each one names the brand. */
const TRACKED_MODELS = [
  { model: 'gpt-4o', provider: 'openai', bias: 0.04, citeBias: 0 },
  { model: 'claude-sonnet-4', provider: 'anthropic', bias: -0.03, citeBias: -0.05 },
  { model: 'gemini-2.5-pro', provider: 'google', bias: 0, citeBias: 0.05 },
  { model: 'sonar', provider: 'perplexity', bias: 0.06, citeBias: 0.2 },
] as const;

export function dayKey(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Prefill suggestions for a domain (the POST …/prefill body). */
export function buildPrefill(domain: string): { competitors: string[]; prompts: string[] } {
  const competitors = suggestCompetitors(domain);
  return { competitors, prompts: suggestPrompts(domain, competitors).slice(0, 10) };
}

/** Requested competitors first, topped up from the industry so a report always has some to compare. */
export function trackedCompetitors(domain: string, requested: readonly string[]): string[] {
  const list = unique([...requested, ...suggestCompetitors(domain)]).filter((c) => c !== domain);
  return list.slice(0, Math.max(MIN_COMPETITORS, requested.length));
}

/** Requested prompts first, topped up with suggested ones up to the minimum a report tracks. */
export function trackedPrompts(domain: string, competitors: readonly string[], requested: readonly string[]) {
  const list = unique([...requested, ...suggestPrompts(domain, competitors)]);
  return list.slice(0, Math.max(MIN_PROMPTS, requested.length));
}

export interface ReportInput {
  domain: string;
  createdAt: number;
  competitors: readonly string[];
  prompts: readonly string[];
  /** Run number for this workspace: a refresh gives slightly different results. */
  run: number;
}

export function buildReport(input: ReportInput): Report {
  const { domain, competitors, prompts } = input;
  const brand = brandName(domain);
  const seed = `${domain}|${input.run}|${competitors.join(',')}|${prompts.join('|')}`;
  const rng = new Rng(`report|${seed}`);
  const strength = clamp(
    new Rng(`strength|${domain}`).between(0.4, 0.62) + rng.between(-0.04, 0.04),
    0.1,
    0.9,
  );
  const rivalStrength = competitors.map((c) => new Rng(`strength|${domain}|${c}`).between(0.2, 0.55));
  // Some prompts are "lost": competitors are named and we are not. Reports without them are unrealistic.
  const candidates = prompts.map((p, i) => ({ p, i })).filter(({ p }) => !mentionsBrand(p, brand));
  const lost = new Set(
    rng
      .shuffle(candidates)
      .slice(0, Math.max(2, Math.round(prompts.length * 0.2)))
      .map(({ i }) => i),
  );

  const promptReports = prompts.map((prompt, index) => {
    const difficulty = rng.between(-0.15, 0.15);
    const results = TRACKED_MODELS.map((m): PromptResult => {
      const isLost = lost.has(index);
      const chance = isLost ? 0 : mentionsBrand(prompt, brand) ? 0.95 : strength + m.bias - difficulty;
      const mentioned = rng.chance(clamp(chance, 0.03, 0.95));
      const named = competitors.filter((_, ci) =>
        rng.chance((rivalStrength[ci] ?? 0.3) + (isLost ? 0.25 : 0)),
      );
      if (isLost && named.length === 0 && competitors.length > 0) named.push(rng.pick(competitors));
      return {
        model: m.model,
        mentioned,
        cited: mentioned && rng.chance(clamp(0.4 + m.citeBias, 0, 1)),
        position: mentioned ? 1 + rng.int(0, Math.min(named.length, 3)) : null,
        competitorsMentioned: named,
      };
    });
    return { prompt, results };
  });

  const all = promptReports.flatMap((p) => p.results);
  const models = TRACKED_MODELS.map((m) => ({
    model: m.model,
    provider: m.provider,
    ...summarize(all.filter((r) => r.model === m.model)),
  }));
  const competitorScores = competitors.map((c) => competitorScore(c, all, new Rng(`cite|${seed}|${c}`)));
  const report: Report = {
    id: `rep_${shortHash(`${seed}|${input.createdAt}`)}`,
    websiteurl: `https://${domain}`,
    createdAt: new Date(input.createdAt).toISOString(),
    ...summarize(all),
    models,
    prompts: promptReports,
    competitors: competitorScores,
    recommendations: [],
  };
  report.recommendations = recommend(report, domain);
  return report;
}

function mentionsBrand(prompt: string, brand: string): boolean {
  return prompt.toLowerCase().includes(brand.toLowerCase());
}

/** Score = mostly "are we named", then "are we linked", then "how high up". */
function summarize(results: readonly PromptResult[]) {
  const total = Math.max(results.length, 1);
  const mentionRate = results.filter((r) => r.mentioned).length / total;
  const citationRate = results.filter((r) => r.cited).length / total;
  const topness = results.reduce((sum, r) => sum + (r.position ? 1 / r.position : 0), 0) / total;
  return {
    visibilityScore: Math.round(
      clamp(100 * (0.55 * mentionRate + 0.25 * citationRate + 0.2 * topness), 0, 100),
    ),
    mentionRate: round(mentionRate, 3),
    citationRate: round(citationRate, 3),
  };
}

function competitorScore(domain: string, results: readonly PromptResult[], rng: Rng): CompetitorScore {
  const total = Math.max(results.length, 1);
  const mentionRate = results.filter((r) => r.competitorsMentioned.includes(domain)).length / total;
  const citationRate = mentionRate * rng.between(0.3, 0.6);
  return {
    domain,
    visibilityScore: Math.round(100 * (0.55 * mentionRate + 0.25 * citationRate + 0.12 * mentionRate)),
    mentionRate: round(mentionRate, 3),
    citationRate: round(citationRate, 3),
  };
}

export interface HistoryInput {
  domain: string;
  /** Anchor for the series; the last point is this day. */
  today: number;
  latest: Report;
  /** Points recorded by real runs, keyed by date; they replace the generated point for that day. */
  recorded: ReadonlyMap<string, HistoryPoint>;
}

/** Daily points, oldest first, trending towards the latest report, with noise, weekends and one dip. */
export function buildHistory(input: HistoryInput): HistoryPoint[] {
  const { domain, latest } = input;
  const shape = new Rng(`history|${domain}`);
  const climb = Math.min(shape.between(8, 16), latest.visibilityScore * 0.4);
  const dipDay = shape.int(30, 90);
  const dip = shape.between(3, 6);
  const drifts = latest.competitors.map((c) => new Rng(`history|${domain}|${c.domain}`).between(-8, 8));
  const points: HistoryPoint[] = [];
  for (let i = 0; i < HISTORY_DAYS; i++) {
    const when = input.today - (HISTORY_DAYS - 1 - i) * DAY_MS;
    const date = dayKey(when);
    const recorded = input.recorded.get(date);
    if (recorded) {
      points.push(recorded);
      continue;
    }
    const t = i / (HISTORY_DAYS - 1);
    const behind = 1 - t * t * (3 - 2 * t);
    const noise = new Rng(`history|${domain}|${date}`);
    const weekday = new Date(when).getUTCDay();
    const score = clamp(
      latest.visibilityScore -
        climb * behind -
        dip * Math.exp(-((i - dipDay) ** 2) / 18) -
        (weekday === 0 || weekday === 6 ? 1 : 0) +
        noise.between(-1.8, 1.8),
      0,
      100,
    );
    const ratio = score / Math.max(latest.visibilityScore, 1);
    points.push({
      date,
      visibilityScore: Math.round(score),
      mentionRate: round(clamp(latest.mentionRate * ratio + noise.between(-0.015, 0.015), 0, 1), 3),
      citationRate: round(clamp(latest.citationRate * ratio + noise.between(-0.01, 0.01), 0, 1), 3),
      competitors: latest.competitors.map((c, ci) => ({
        domain: c.domain,
        visibilityScore: Math.round(
          clamp(c.visibilityScore - (drifts[ci] ?? 0) * behind + noise.between(-2, 2), 0, 100),
        ),
      })),
    });
  }
  return points;
}

/** The history point a report run records for its day. */
export function historyPointOf(report: Report): HistoryPoint {
  return {
    date: report.createdAt.slice(0, 10),
    visibilityScore: report.visibilityScore,
    mentionRate: report.mentionRate,
    citationRate: report.citationRate,
    competitors: report.competitors.map((c) => ({ domain: c.domain, visibilityScore: c.visibilityScore })),
  };
}
