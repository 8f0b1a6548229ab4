/** Pure formatters: the curated report and its text, the history trend, and user-facing failure text. */
import { describe, expect, it } from 'vitest';
import { type FailureContext, failureText } from '../../src/errors.js';
import { historyText, selectPoints, summarizeTrend } from '../../src/format/history.js';
import { delta, percent, score } from '../../src/format/numbers.js';
import { curateReport, reportText } from '../../src/format/report.js';
import { endpoints } from '../../src/krastie/endpoints.js';
import { KrastieError, type KrastieErrorInit } from '../../src/krastie/errors.js';
import { type HistoryPoint, HistorySchema, ReportSchema } from '../../src/krastie/schemas.js';
import { ToolInputError } from '../../src/tools/define-tool.js';

// ---------------------------------------------------------------- report

const MODELS = [
  { model: 'gpt-4o', provider: 'openai', visibilityScore: 71.4, mentionRate: 0.5, citationRate: 0.25 },
  {
    model: 'claude-sonnet-4-5',
    provider: 'anthropic',
    visibilityScore: 58,
    mentionRate: 0.417,
    citationRate: 0.167,
  },
  {
    model: 'gemini-2.5-pro',
    provider: 'google',
    visibilityScore: 49.6,
    mentionRate: 0.333,
    citationRate: 0.083,
  },
  { model: 'gpt-4.1', provider: 'openai', visibilityScore: 66, mentionRate: 0.417, citationRate: 0.25 },
];
const COMPETITORS = ['mixpanel.com', 'amplitude.com', 'heap.io', 'posthog.com'];

/** Prompt i is lost (not mentioned, a competitor mentioned) on `i % 5` models. */
function promptEntry(i: number) {
  const lostOn = i % 5;
  return {
    prompt: `Which product analytics tool is best for a B2B SaaS team, question ${i}?`,
    results: MODELS.map((m, index) => {
      const lost = index < lostOn;
      return {
        model: m.model,
        mentioned: !lost && index % 2 === 0,
        cited: !lost && index === 0,
        position: lost ? null : index + 1,
        // Not mentioned but no competitor either: never a gap.
        competitorsMentioned: lost ? [COMPETITORS[(i + index) % COMPETITORS.length]] : [],
      };
    }),
  };
}

const RAW_REPORT = {
  id: 'rep_123',
  websiteurl: 'https://www.acme-analytics.com/',
  createdAt: '2025-02-28T09:15:00.000Z',
  visibilityScore: 61.2,
  mentionRate: 0.4166,
  citationRate: 0.1875,
  models: MODELS,
  prompts: Array.from({ length: 12 }, (_, i) => promptEntry(i)),
  competitors: [
    { domain: 'mixpanel.com', visibilityScore: 78, mentionRate: 0.62, citationRate: 0.31 },
    { domain: 'amplitude.com', visibilityScore: 55, mentionRate: 0.4, citationRate: 0.2 },
    { domain: 'heap.io', visibilityScore: 33, mentionRate: 0.21, citationRate: 0.05 },
    { domain: 'posthog.com', visibilityScore: 64.5, mentionRate: 0.45, citationRate: 0.22 },
  ],
  recommendations: [
    {
      title: 'Publish a comparison page vs Mixpanel',
      difficulty: 'medium',
      priority: 2,
      detail: 'x'.repeat(400),
    },
    { title: 'Add FAQ schema to pricing', difficulty: 'easy', priority: 1, detail: 'Mark up the FAQ.' },
    { title: 'Earn reviews on G2', difficulty: 'hard', priority: 4 },
    { title: 'Rewrite the homepage H1', difficulty: 'easy', priority: 3, prompt: 'best analytics tool' },
    { title: 'Pitch analyst roundups', difficulty: 'hard', priority: 5 },
    { title: 'Low-priority polish', difficulty: 'easy', priority: 9 },
    { title: 'Lowest-priority polish', difficulty: 'easy', priority: 12 },
    { detail: 'A recommendation without a title is skipped' },
  ],
};

const report = () => ReportSchema.parse(structuredClone(RAW_REPORT));

describe('curateReport', () => {
  it('copies the headline numbers and identity', () => {
    const curated = curateReport(report());
    expect(curated).toMatchObject({
      websiteUrl: 'https://www.acme-analytics.com/',
      createdAt: '2025-02-28T09:15:00.000Z',
      visibilityScore: 61.2,
      mentionRate: 0.4166,
      citationRate: 0.1875,
      promptCount: 12,
    });
    expect(curated.models.map((m) => m.model)).toEqual(MODELS.map((m) => m.model));
    expect(curated.competitors.map((c) => c.domain)).toEqual(COMPETITORS);
  });

  it('gaps are prompts not mentioned while a competitor was, biggest (most models) first', () => {
    const curated = curateReport(report());
    // i % 5 > 0 for i in 0..11: 1,2,3,4,6,7,8,9,11 → 9 gaps, at most 8 listed.
    expect(curated.gapCount).toBe(9);
    expect(curated.gaps).toHaveLength(8);
    const sizes = curated.gaps.map((g) => g.models.length);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(sizes[0]).toBe(4);
    expect(sizes.at(-1)).toBe(1);
    for (const gap of curated.gaps) {
      const i = Number(/question (\d+)/.exec(gap.prompt)?.[1]);
      expect(i % 5).toBe(gap.models.length);
      expect(gap.models).toEqual(MODELS.slice(0, i % 5).map((m) => m.model));
      expect(gap.competitors.length).toBeGreaterThan(0);
      expect(new Set(gap.competitors).size).toBe(gap.competitors.length);
    }
    // Prompts where nothing was lost are never gaps.
    expect(curated.gaps.some((g) => g.prompt.includes('question 0?'))).toBe(false);
    expect(curated.gaps.some((g) => g.prompt.includes('question 5?'))).toBe(false);
  });

  it('a result without `mentioned` or without competitors is not a gap', () => {
    const curated = curateReport(
      ReportSchema.parse({
        prompts: [
          { prompt: 'p1', results: [{ model: 'gpt-4o', competitorsMentioned: ['a.com'] }] },
          { prompt: 'p2', results: [{ model: 'gpt-4o', mentioned: false, competitorsMentioned: [] }] },
          { prompt: 'p3', results: [{ model: 'gpt-4o', mentioned: true, competitorsMentioned: ['a.com'] }] },
          { prompt: 'p4', results: [{ model: 'gpt-4o', mentioned: false, competitorsMentioned: ['a.com'] }] },
        ],
      }),
    );
    expect(curated.gaps).toEqual([{ prompt: 'p4', competitors: ['a.com'], models: ['gpt-4o'] }]);
  });

  it('keeps the top 5 titled recommendations by priority, details cut to 220 characters', () => {
    const curated = curateReport(report());
    expect(curated.recommendations.map((r) => r.priority)).toEqual([1, 2, 3, 4, 5]);
    expect(curated.recommendations[0]).toMatchObject({
      title: 'Add FAQ schema to pricing',
      difficulty: 'easy',
    });
    expect(curated.recommendations[1]?.detail?.length).toBe(220);
    expect(curated.recommendations.map((r) => r.title)).toEqual([
      'Add FAQ schema to pricing',
      'Publish a comparison page vs Mixpanel',
      'Rewrite the homepage H1',
      'Earn reviews on G2',
      'Pitch analyst roundups',
    ]);
  });
});

describe('reportText', () => {
  const text = reportText(curateReport(report()));
  const lines = text.split('\n');

  it('fits in 2,500 characters', () => {
    expect(text.length).toBeLessThanOrEqual(2_500);
  });

  it('states the site, date, size, score and rates as percentages', () => {
    expect(lines[0]).toBe(
      'AI visibility report for acme-analytics.com (2025-02-28), 12 prompts × 4 AI models',
    );
    expect(lines[1]).toBe('Visibility score 61/100 · mentioned in 42% of answers · cited in 19%');
  });

  it('has every model on one line with score, mention and citation rates', () => {
    expect(lines[2]).toBe(
      'Per model (score, mentioned, cited): gpt-4o 71, 50%, 25% · claude-sonnet-4-5 58, 42%, 17% · ' +
        'gemini-2.5-pro 50, 33%, 8% · gpt-4.1 66, 42%, 25%',
    );
  });

  it('ranks you among every competitor by score', () => {
    expect(lines[3]).toBe(
      'Ranking (score): mixpanel.com 78 · posthog.com 65 · you 61 · amplitude.com 55 · heap.io 33',
    );
  });

  it('lists the biggest gaps with the count and a "more" line', () => {
    expect(text).toContain('Gaps, competitors named and you not (9 of 12 prompts):');
    expect(text.split('\n').filter((line) => line.startsWith('- "'))).toHaveLength(4);
    expect(text).toContain('- …and 5 more');
  });

  it('lists the top recommendations numbered, with difficulty, titles only', () => {
    expect(text).toContain('1. [easy] Add FAQ schema to pricing\n');
    expect(text).toContain('2. [medium] Publish a comparison page vs Mixpanel\n');
    expect(text).toContain('3. [easy] Rewrite the homepage H1\n');
    expect(text).toContain('4. [hard] Earn reviews on G2');
    expect(text).not.toContain('5. [hard]');
    expect(text).not.toContain('Mark up the FAQ');
  });

  it('stays near 15 % of the JSON it summarises', () => {
    expect(text.length).toBeLessThanOrEqual(JSON.stringify(RAW_REPORT).length * 0.15);
  });

  it('renders a report with missing fields using n/a', () => {
    const sparse = ReportSchema.parse({
      models: [{ model: 'gpt-4o' }, { provider: 'openai' }],
      competitors: [{ domain: 'rival.com' }],
      recommendations: [{ title: 'Do something' }],
      prompts: 'not a list',
    });
    const curated = curateReport(sparse);
    const out = reportText(curated);
    expect(out).toContain('AI visibility report for your site, 0 prompts × 1 AI models');
    expect(out).toContain('Visibility score n/a/100 · mentioned in n/a of answers · cited in n/a');
    expect(out).toContain('gpt-4o n/a, n/a, n/a');
    expect(out).toContain('rival.com n/a');
    expect(out).toContain('1. [n/a] Do something');
    expect(out).not.toContain('undefined');
    expect(out).not.toContain('NaN');
  });

  it('renders an empty report without sections', () => {
    const out = reportText(curateReport(ReportSchema.parse({})));
    expect(out.split('\n')).toHaveLength(2);
    expect(out).not.toContain('undefined');
  });
});

// ---------------------------------------------------------------- history

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);
const isoDay = (i: number) => new Date(T0 + i * DAY).toISOString().slice(0, 10);

/** 120 daily points, newest first (the reader must sort), score low at day 30 and high at day 100. */
function history(): HistoryPoint[] {
  const raw = Array.from({ length: 120 }, (_, i) => ({
    date: `${isoDay(i)}T06:00:00.000Z`,
    visibilityScore: i === 30 ? 12 : i === 100 ? 93 : 40 + (i % 10),
    mentionRate: 0.3 + i / 1000,
    citationRate: 0.2 - i / 2000,
    competitors: [
      { domain: 'rival.com', visibilityScore: 60 - i / 10 },
      { domain: 'other.io', visibilityScore: 30 + i / 10 },
    ],
  }));
  return HistorySchema.parse([...raw.reverse(), { visibilityScore: 99 }]);
}

describe('selectPoints', () => {
  it('keeps dated points oldest first', () => {
    const points = selectPoints(history(), {});
    expect(points).toHaveLength(120);
    expect(points[0]?.date.slice(0, 10)).toBe('2025-01-01');
    expect(points.at(-1)?.date.slice(0, 10)).toBe(isoDay(119));
  });

  it('limit keeps the most recent N', () => {
    const points = selectPoints(history(), { limit: 10 });
    expect(points).toHaveLength(10);
    expect(points[0]?.date.slice(0, 10)).toBe(isoDay(110));
    expect(points.at(-1)?.date.slice(0, 10)).toBe(isoDay(119));
  });

  it('since is inclusive (by day)', () => {
    const points = selectPoints(history(), { since: isoDay(100) });
    expect(points).toHaveLength(20);
    expect(points[0]?.date.slice(0, 10)).toBe(isoDay(100));
  });

  it('since and limit combine', () => {
    const points = selectPoints(history(), { since: isoDay(50), limit: 5 });
    expect(points.map((p) => p.date.slice(0, 10))).toEqual([115, 116, 117, 118, 119].map(isoDay));
  });
});

describe('summarizeTrend and historyText', () => {
  const points = selectPoints(history(), {});
  const trend = summarizeTrend(points);
  const text = historyText(points, trend);
  const lines = text.split('\n');

  it('finds first, last, lowest and highest with their dates', () => {
    expect(lines[0]).toBe(
      `Visibility history: 120 points, 2025-01-01T06:00:00.000Z → ${isoDay(119)}T06:00:00.000Z`,
    );
    expect(trend).toMatchObject({
      lowestScore: 12,
      lowestDate: `${isoDay(30)}T06:00:00.000Z`,
      highestScore: 93,
      highestDate: `${isoDay(100)}T06:00:00.000Z`,
      scoreChange: 9,
    });
    // Rate changes are fractions: +11.9 and −5.95 percentage points.
    expect(trend.mentionRateChange).toBeCloseTo(0.119, 3);
    expect(trend.citationRateChange).toBeCloseTo(-0.0595, 2);
    expect(trend.competitors).toEqual([
      { domain: 'rival.com', first: 60, last: 60 - 11.9 },
      { domain: 'other.io', first: 30, last: 30 + 11.9 },
    ]);
  });

  it('states the range, lowest/highest with dates and signed deltas', () => {
    expect(lines[0]).toBe(
      `Visibility history: 120 points, 2025-01-01T06:00:00.000Z → ${isoDay(119)}T06:00:00.000Z`,
    );
    // score 40 → 49 (+9)
    expect(lines[1]).toContain('Score 40 → 49 (+9)');
    expect(lines[1]).toContain(`lowest 12 on ${isoDay(30)}`);
    expect(lines[1]).toContain(`highest 93 on ${isoDay(100)}`);
    // mention 30% → 42% (+12 pts); citation 20% → 14% (−6 pts)
    expect(lines[2]).toContain('Mention rate 30% → 42% (+12 pts)');
    expect(lines[2]).toContain('citation rate 20% → 14% (−6 pts)');
    expect(text).toContain('rival.com 60 → 48 (−12)');
    expect(text).toContain('other.io 30 → 42 (+12)');
  });

  it('samples at most 12 rows, first and last included', () => {
    const header = lines.findIndex((l) => l.startsWith('date '));
    expect(lines[header]).toContain('(12 of 120 points, evenly sampled)');
    const rows = lines.slice(header + 1);
    expect(rows).toHaveLength(12);
    expect(rows[0]?.startsWith('2025-01-01')).toBe(true);
    expect(rows.at(-1)?.startsWith(isoDay(119))).toBe(true);
    const dates = rows.map((r) => r.slice(0, 10));
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(dates).size).toBe(12);
  });

  it('a short range shows every point and no sampling note', () => {
    const few = selectPoints(history(), { limit: 3 });
    const out = historyText(few, summarizeTrend(few));
    expect(out).not.toContain('evenly sampled');
    expect(out.split('\n').filter((l) => /^\d{4}-\d{2}-\d{2} /.test(l))).toHaveLength(3);
  });

  it('an empty history says so', () => {
    const empty = selectPoints([], {});
    const trend0 = summarizeTrend(empty);
    expect(trend0).toMatchObject({ competitors: [] });
    expect(trend0.lowestScore).toBeUndefined();
    expect(trend0.scoreChange).toBeUndefined();
    expect(historyText(empty, trend0)).toMatch(/No visibility history/);
    const future = selectPoints(history(), { since: '2030-01-01' });
    expect(historyText(future, summarizeTrend(future))).toMatch(/No visibility history/);
  });

  it('points without scores render n/a', () => {
    const bare = selectPoints(HistorySchema.parse([{ date: '2025-01-01' }, { date: '2025-01-02' }]), {});
    const out = historyText(bare, summarizeTrend(bare));
    expect(out).toContain('Score n/a → n/a (n/a)');
    expect(out).not.toContain('undefined');
  });
});

describe('numbers', () => {
  it('percent, score and delta', () => {
    expect(percent(0.4166)).toBe('42%');
    expect(percent(undefined)).toBe('n/a');
    expect(score(61.5)).toBe('62');
    expect(delta(40, 49, 'score')).toBe('+9');
    expect(delta(49, 40, 'score')).toBe('−9');
    expect(delta(40, 40, 'score')).toBe('±0');
    expect(delta(0.3, 0.25, 'rate')).toBe('−5 pts');
    expect(delta(undefined, 1, 'score')).toBe('n/a');
  });
});

// ---------------------------------------------------------------- failureText

const READ: FailureContext = { effect: 'read' };
const SPEND: FailureContext = { effect: endpoints.chat.effect, cost: endpoints.chat.cost };
const REPORT_RUN: FailureContext = { effect: endpoints.runReport.effect, cost: endpoints.runReport.cost };
const WRITE: FailureContext = { effect: endpoints.updateBrandVoice.effect };

const err = (init: Partial<KrastieErrorInit> & Pick<KrastieErrorInit, 'kind'>) =>
  new KrastieError({ message: 'something', mayHaveReachedKrastie: true, ...init });

describe('failureText', () => {
  it('401: key missing/expired, 30 days, KRASTIE_API_KEY', () => {
    const text = failureText(err({ kind: 'auth', status: 401, message: 'Invalid API key' }), READ);
    expect(text).toContain('Krastie answered 401: Invalid API key');
    expect(text).toContain('30 days');
    expect(text).toContain('KRASTIE_API_KEY');
    expect(text).toContain('Nothing was charged');
  });

  it('403 plan: Business or Enterprise', () => {
    const text = failureText(
      err({ kind: 'plan', status: 403, message: 'API access requires a Business plan or higher.' }),
      SPEND,
    );
    expect(text).toMatch(/Business or Enterprise/);
    expect(text).toContain('API access requires a Business plan or higher.');
  });

  it('403 credits: monthly reset', () => {
    const text = failureText(
      err({ kind: 'credits', status: 403, message: 'AI credit limit reached' }),
      SPEND,
    );
    expect(text).toMatch(/monthly/i);
    expect(text).toMatch(/reset/);
  });

  it('429 with retryAfter names the wait; without it says a minute', () => {
    const withWait = failureText(err({ kind: 'rate_limited', status: 429, retryAfter: 42 }), READ);
    expect(withWait).toContain('Retry after 42 s');
    const longWait = failureText(err({ kind: 'rate_limited', status: 429, retryAfter: 600 }), READ);
    expect(longWait).toContain('Retry after 10 min');
    const noWait = failureText(err({ kind: 'rate_limited', status: 429 }), READ);
    expect(noWait).toContain('Wait a minute');
  });

  it('404 uses the tool hint', () => {
    const text = failureText(err({ kind: 'not_found', status: 404 }), {
      effect: 'read',
      notFoundHint: 'List them with list_brand_voices.',
    });
    expect(text).toContain('List them with list_brand_voices.');
  });

  it('422 lists the validation details', () => {
    const text = failureText(
      err({ kind: 'validation', status: 422, details: ['websiteurl: must be a URL', 'prompts: too many'] }),
      SPEND,
    );
    expect(text).toContain('Details: websiteurl: must be a URL; prompts: too many.');
    expect(text).toContain('Nothing was charged');
  });

  it.each(['upstream', 'timeout'] as const)(
    '%s on a spend endpoint: may have charged, not retried',
    (kind) => {
      const text = failureText(err({ kind, status: kind === 'upstream' ? 500 : undefined }), SPEND);
      expect(text).toMatch(/may still have done the work and charged 1 AI credit/);
      expect(text).toMatch(/did not retry/);
      expect(text).not.toMatch(/nothing was charged/i);
      expect(text).toContain('may cost another credit');
    },
  );

  it('upstream on a report run says a refresh may have been used; check get_latest_report', () => {
    const text = failureText(err({ kind: 'upstream', status: 502 }), REPORT_RUN);
    expect(text).toContain('report refresh');
    expect(text).toContain('get_latest_report');
  });

  it('timeout on a write says the change may have been made', () => {
    const text = failureText(err({ kind: 'timeout' }), WRITE);
    expect(text).toContain('may still have made the change');
    expect(text).toContain('list_brand_voices');
  });

  it.each(['upstream', 'timeout', 'network'] as const)(
    '%s on a read endpoint: nothing was charged, and it says how often it was tried',
    (kind) => {
      const once = failureText(err({ kind }), READ);
      expect(once).toMatch(/nothing was charged/i);
      expect(once).not.toMatch(/may still have|tried \d+ times/);
      const error = err({ kind });
      error.attempts = 3;
      expect(failureText(error, READ)).toContain('It was tried 3 times');
    },
  );

  it('a spend call that never reached Krastie says nothing was charged', () => {
    const text = failureText(
      err({ kind: 'network', code: 'ECONNREFUSED', mayHaveReachedKrastie: false }),
      SPEND,
    );
    expect(text).toContain('never reached Krastie');
    expect(text).not.toMatch(/may still have/);
  });

  it('cancelled on a spend endpoint warns it may have been charged', () => {
    const text = failureText(err({ kind: 'cancelled' }), SPEND);
    expect(text).toMatch(/^The call was cancelled\./);
    expect(text).toContain('charged 1 AI credit');
  });

  it('a ToolInputError says nothing was sent', () => {
    expect(failureText(new ToolInputError('websiteUrl is bad.'), SPEND)).toBe(
      'Invalid input: websiteUrl is bad. Nothing was sent to Krastie.',
    );
  });

  it('an unexpected error is called a bug, sanitised', () => {
    const text = failureText(new Error('boom <b>krastie_leakedKey123</b>'), READ);
    expect(text).toContain('bug in krastie-mcp');
    expect(text).not.toContain('<');
    expect(text).not.toContain('krastie_leakedKey123');
  });

  it('every kind on every effect yields non-empty text without "undefined"', () => {
    const kinds = [
      'auth',
      'plan',
      'credits',
      'not_found',
      'validation',
      'rate_limited',
      'upstream',
      'network',
      'timeout',
      'cancelled',
    ] as const;
    for (const kind of kinds) {
      for (const context of [READ, SPEND, REPORT_RUN, WRITE]) {
        const text = failureText(err({ kind }), context);
        expect(text.length).toBeGreaterThan(20);
        expect(text).not.toContain('undefined');
      }
    }
  });
});

describe('reportText on a very large report', () => {
  const huge = () =>
    curateReport(
      ReportSchema.parse({
        ...structuredClone(RAW_REPORT),
        models: Array.from({ length: 12 }, (_, i) => ({
          model: `model-${i}-with-a-long-name`,
          provider: 'openai',
          visibilityScore: 40,
        })),
        competitors: Array.from({ length: 10 }, (_, i) => ({
          domain: `competitor-${i}.example.com`,
          visibilityScore: 30 + i,
        })),
        prompts: Array.from({ length: 40 }, (_, i) => ({
          prompt: `A long buyer question number ${i} that goes on for a while about analytics tools`,
          results: Array.from({ length: 12 }, (_, m) => ({
            model: `model-${m}-with-a-long-name`,
            mentioned: false,
            competitorsMentioned: ['competitor-1.example.com', 'competitor-2.example.com'],
          })),
        })),
        recommendations: Array.from({ length: 9 }, (_, i) => ({
          title: `A recommendation title that is rather long, number ${i}, ${'and longer '.repeat(8)}`,
          detail: 'detail '.repeat(60),
          difficulty: 'hard',
          priority: i,
        })),
      }),
    );

  it('still fits in 2,500 characters and keeps the headline', () => {
    const text = reportText(huge());
    expect(text.length).toBeLessThanOrEqual(2_500);
    expect(text).toMatch(/^AI visibility report for .*, 40 prompts × 12 AI models/);
    expect(text).toContain('Visibility score');
    expect(text).toMatch(/…and \d+ more/);
  });

  it('cuts at a line and says where the rest is when even the brief form is too long', () => {
    const text = reportText(huge(), 600);
    expect(text.length).toBeLessThanOrEqual(600);
    expect(text.endsWith('structuredContent has the whole report)')).toBe(true);
  });
});
