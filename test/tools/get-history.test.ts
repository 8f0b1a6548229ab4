import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { useServer } from '../support/fixture.js';
import { endpoints, route } from '../support/routes.js';
import { textOf } from '../support/server.js';

const HISTORY = route(endpoints.getReportHistory);
const datesOf = (result: CallToolResult) =>
  (result.structuredContent as { series: { date: string[] } }).series.date;

describe('get_history', () => {
  const ctx = useServer();

  it('summarises the trend in a dozen rows and returns every point as structured content', async () => {
    const result = await ctx.server.call('get_history');
    expect(result.isError).toBeFalsy();
    const text = textOf(result);
    expect(text).toMatch(/Visibility history: \d+ points, \d{4}-\d{2}-\d{2} → \d{4}-\d{2}-\d{2}/);
    expect(text).toMatch(/lowest \d+ on \d{4}-\d{2}-\d{2}, highest \d+ on \d{4}-\d{2}-\d{2}/);
    expect(text).toMatch(/Mention rate \d+% → \d+% \([+−±]\d+ pts\)/);
    expect(text).toContain('Competitors (score):');
    const rows = text.split('\n').filter((line) => /^\d{4}-\d{2}-\d{2}\s/.test(line));
    expect(rows.length).toBe(12);
    const { series, trend } = result.structuredContent as {
      series: { date: string[]; visibilityScore: (number | null)[]; competitors: Record<string, unknown[]> };
      trend: { lowestScore: number };
    };
    expect(series.date.length).toBeGreaterThanOrEqual(90);
    expect(series.visibilityScore).toHaveLength(series.date.length);
    expect(Object.keys(series.competitors)).toEqual(['mixpanel.com', 'amplitude.com', 'heap.io']);
    for (const scores of Object.values(series.competitors)) expect(scores).toHaveLength(series.date.length);
    expect(Math.min(...(series.visibilityScore as number[]))).toBe(trend.lowestScore);
  });

  it('applies limit and since', async () => {
    const limited = await ctx.server.call('get_history', { limit: 7 });
    expect(datesOf(limited)).toHaveLength(7);

    const since = datesOf(await ctx.server.call('get_history')).at(-10) as string;
    const recent = await ctx.server.call('get_history', { since });
    expect(datesOf(recent)).toHaveLength(10);
    expect(datesOf(recent)[0]).toBe(since);
  });

  it('refuses a malformed date, naming the field, without calling Krastie', async () => {
    const result = await ctx.server.call('get_history', { since: 'last week' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('since');
    expect(ctx.sim.requestCount(HISTORY)).toBe(0);
  });

  it('retries a read through passing 503s and still answers', async () => {
    ctx.sim.inject({ kind: 'status', status: 503, retryAfter: '0' }, { route: HISTORY, times: 2 });
    const result = await ctx.server.call('get_history', { limit: 3 });
    expect(result.isError).toBeFalsy();
    expect(ctx.sim.requestCount(HISTORY)).toBe(3);
  });

  it('says when to retry once Krastie keeps rate-limiting', async () => {
    ctx.sim.inject({ kind: 'status', status: 429, retryAfter: '120' }, { route: HISTORY });
    const result = await ctx.server.call('get_history');
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/rate limit.*Retry after 2 min/s);
    // A 2-minute wait exceeds the call's budget, so it fails at once instead of sleeping.
    expect(ctx.sim.requestCount(HISTORY)).toBe(1);
  });
});

describe('get_history against what Krastie sent', () => {
  const ctx = useServer({ reset: false });

  const raw = async (path: string) =>
    (await fetch(`${ctx.sim.url}${path}`, { headers: { 'api-key': ctx.sim.keys.business } })).text();

  it('returns 90 days of history in a quarter of the raw JSON or less', async () => {
    const result = await ctx.server.call('get_history', { limit: 90 });
    const body = JSON.parse(await raw('/v1/ai/generate/seo-site-report/history')) as { data: unknown[] };
    const raw90 = JSON.stringify({ ...body, data: body.data.slice(-90) });
    expect(JSON.stringify(result.structuredContent).length).toBeLessThanOrEqual(raw90.length * 0.25);
    expect(textOf(result).length).toBeLessThanOrEqual(1_500);
  });
});
