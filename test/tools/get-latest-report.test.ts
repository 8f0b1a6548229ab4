import { describe, expect, it } from 'vitest';
import { type CuratedReport, reportText } from '../../src/format/report.js';
import { useServer } from '../support/fixture.js';
import { endpoints, route } from '../support/routes.js';
import { startServer, textOf } from '../support/server.js';

const LATEST = route(endpoints.getLatestReport);

describe('get_latest_report', () => {
  const ctx = useServer({ simulator: { reportDelayMs: 20 } });

  it('reads the latest report with a GET and answers with the same summary as a run', async () => {
    const result = await ctx.server.call('get_latest_report');
    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as CuratedReport;
    expect(structured.websiteUrl).toContain('acme-analytics.com');
    expect(structured.models.length).toBeGreaterThanOrEqual(4);
    expect(structured.competitors.length).toBeGreaterThanOrEqual(3);
    expect(textOf(result)).toBe(reportText(structured));
    expect(textOf(result)).toMatch(/^AI visibility report for acme-analytics\.com/);
    expect(textOf(result)).toMatch(/Visibility score \d+\/100/);

    expect(ctx.sim.requests).toHaveLength(1);
    expect(ctx.sim.requests[0]).toMatchObject({
      method: 'GET',
      path: '/v1/ai/generate/seo-site-report',
      route: LATEST,
    });
    expect(ctx.sim.reportRunsUsed(ctx.sim.keys.business)).toBe(0);
  });

  it('shows the report of the most recent run', async () => {
    const run = await ctx.server.call('run_visibility_report', { websiteUrl: 'northwind-outfitters.com' });
    expect(run.isError).toBeFalsy();
    const latest = await ctx.server.call('get_latest_report');
    expect(textOf(latest)).toMatch(/^AI visibility report for northwind-outfitters\.com/);
    const { status: _status, ...ran } = run.structuredContent as CuratedReport & { status: string };
    expect(latest.structuredContent).toEqual(ran);
  });

  it('explains an expired key', async () => {
    const expired = await startServer({ baseUrl: ctx.sim.url, apiKey: ctx.sim.keys.expired });
    try {
      const result = await expired.call('get_latest_report');
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/expire 30 days after they are generated/);
      expect(ctx.sim.requestCount(LATEST)).toBe(1);
    } finally {
      await expired.close();
    }
  });

  it('retries a read through 502 pages and says reads are free when Krastie keeps failing', async () => {
    ctx.sim.inject({ kind: 'status', status: 502, html: true, retryAfter: '0' }, { route: LATEST });
    const result = await ctx.server.call('get_latest_report');
    expect(result.isError).toBe(true);
    const text = textOf(result);
    expect(text).toContain('Krastie is having trouble');
    expect(text).toContain('nothing was charged');
    expect(text).not.toContain('<');
    expect(ctx.sim.requestCount(LATEST)).toBe(3);
  });
});

describe('get_latest_report against what Krastie sent', () => {
  const ctx = useServer({ reset: false });

  const raw = async (path: string) =>
    (await fetch(`${ctx.sim.url}${path}`, { headers: { 'api-key': ctx.sim.keys.business } })).text();

  it('keeps the report text within 2,500 characters and 15 % of the raw report JSON', async () => {
    const result = await ctx.server.call('get_latest_report');
    const text = textOf(result);
    const rawReport = await raw('/v1/ai/generate/seo-site-report');
    expect(text.length).toBeLessThanOrEqual(2_500);
    expect(text.length).toBeLessThanOrEqual(rawReport.length * 0.15);
  });
});
