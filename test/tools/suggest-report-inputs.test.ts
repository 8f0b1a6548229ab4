import { describe, expect, it } from 'vitest';
import { buildPrefill } from '../../src/simulator/fixtures.js';
import { useServer } from '../support/fixture.js';
import { endpoints, route } from '../support/routes.js';
import { textOf } from '../support/server.js';

const PREFILL = route(endpoints.prefillReport);

describe('suggest_report_inputs', () => {
  const ctx = useServer();

  it('sends the normalised websiteurl and lists the suggestions to confirm with the user', async () => {
    const result = await ctx.server.call('suggest_report_inputs', { websiteUrl: 'acme-analytics.com' });
    expect(result.isError).toBeFalsy();
    const expected = buildPrefill('acme-analytics.com');
    expect(expected.competitors.length).toBeGreaterThan(0);
    expect(result.structuredContent).toEqual({
      websiteUrl: 'https://acme-analytics.com/',
      competitors: expected.competitors,
      prompts: expected.prompts,
    });
    const text = textOf(result);
    expect(text).toContain('confirm or edit them with the user');
    expect(text).toContain(`Competitors: ${expected.competitors.join(', ')}`);
    for (const prompt of expected.prompts) expect(text).toContain(`- ${prompt}`);
    expect(text).toContain('run_visibility_report');

    expect(ctx.sim.requests).toHaveLength(1);
    const sent = ctx.sim.requests[0];
    expect(sent?.method).toBe('POST');
    expect(sent?.path).toBe('/v1/ai/generate/seo-site-report/prefill');
    expect(sent?.body).toEqual({ websiteurl: 'https://acme-analytics.com/' });
    expect(ctx.sim.reportRunsUsed(ctx.sim.keys.business)).toBe(0);
    expect(ctx.sim.creditsUsed(ctx.sim.keys.business)).toBe(0);
  });

  it('refuses something that is not a public website, sending nothing', async () => {
    for (const websiteUrl of ['localhost', 'ftp://acme.com', 'not a url at all']) {
      const result = await ctx.server.call('suggest_report_inputs', { websiteUrl });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('websiteUrl');
    }
    expect(ctx.sim.requestCount(PREFILL)).toBe(0);
  });

  it('refuses a call without websiteUrl, naming the field', async () => {
    const result = await ctx.server.call('suggest_report_inputs', {});
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('websiteUrl');
    expect(ctx.sim.requestCount()).toBe(0);
  });
});
