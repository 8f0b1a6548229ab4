import { describe, expect, it } from 'vitest';
import { useServer, useSimulator } from '../support/fixture.js';
import { endpoints, route } from '../support/routes.js';
import { startServer, textOf } from '../support/server.js';
import { until } from '../support/wait.js';

const REPORT = route(endpoints.runReport);

describe('run_visibility_report', () => {
  const ctx = useServer({ simulator: { reportDelayMs: 50 } });

  it('runs a report and answers with a compact, complete summary', async () => {
    const result = await ctx.server.call('run_visibility_report', {
      websiteUrl: 'acme-analytics.com',
      competitors: ['mixpanel.com', 'amplitude.com', 'heap.io'],
    });
    expect(result.isError).toBeFalsy();
    const text = textOf(result);
    expect(text).toMatch(/Visibility score \d+\/100/);
    expect(text).toMatch(/mentioned in \d+% of answers · cited in \d+%/);
    expect(text).toMatch(/Per model \(score, mentioned, cited\): gpt-4o \d+, \d+%, \d+% · /);
    expect(text).toMatch(/Ranking \(score\): .*mixpanel\.com \d+/);
    expect(text).toMatch(/Gaps, competitors named and you not \(\d+ of \d+ prompts\):/);
    expect(text).toMatch(/1\. \[(easy|medium|hard)\]/);
    expect(text.length).toBeLessThanOrEqual(2500);

    const structured = result.structuredContent as {
      status: string;
      models: unknown[];
      competitors: unknown[];
    };
    expect(structured.status).toBe('completed');
    expect(structured.models.length).toBeGreaterThanOrEqual(4);
    expect(structured.competitors.length).toBeGreaterThanOrEqual(3);

    const sent = ctx.sim.requests.find((r) => r.route === REPORT);
    expect(sent?.body).toEqual({
      websiteurl: 'https://acme-analytics.com/',
      competitors: ['mixpanel.com', 'amplitude.com', 'heap.io'],
    });
    expect(sent?.headers['api-key']).toBe(ctx.sim.keys.business);
  });

  it('re-runs the latest report with refresh: true and no websiteUrl', async () => {
    const result = await ctx.server.call('run_visibility_report', { refresh: true });
    expect(result.isError).toBeFalsy();
    expect(ctx.sim.requests.find((r) => r.route === REPORT)?.body).toEqual({ refresh: true });
  });

  it('accepts arrays sent as JSON text, nulls and unknown fields, as some clients send them', async () => {
    const result = await ctx.server.call('run_visibility_report', {
      websiteUrl: 'https://acme-analytics.com',
      competitors: '["mixpanel.com","heap.io"]',
      prompts: null,
      refresh: 'false',
      somethingElse: 42,
    });
    expect(result.isError).toBeFalsy();
    expect(ctx.sim.requests.find((r) => r.route === REPORT)?.body).toEqual({
      websiteurl: 'https://acme-analytics.com/',
      competitors: ['mixpanel.com', 'heap.io'],
      refresh: false,
    });
  });

  it('refuses a call with neither websiteUrl nor refresh, sending nothing', async () => {
    const result = await ctx.server.call('run_visibility_report', {});
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/websiteUrl.*refresh: true/);
    expect(ctx.sim.requestCount(REPORT)).toBe(0);
  });

  it('refuses more than 10 competitors, naming the field', async () => {
    const competitors = Array.from({ length: 11 }, (_, i) => `c${i}.com`);
    const result = await ctx.server.call('run_visibility_report', { websiteUrl: 'acme.com', competitors });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('competitors');
    expect(ctx.sim.requestCount(REPORT)).toBe(0);
  });

  it('never re-sends a report run that failed after reaching Krastie', async () => {
    ctx.sim.inject({ kind: 'status', status: 502, html: true }, { route: REPORT, times: 1 });
    const result = await ctx.server.call('run_visibility_report', { websiteUrl: 'acme.com' });
    expect(result.isError).toBe(true);
    const text = textOf(result);
    expect(text).toContain('Krastie is having trouble');
    expect(text).toContain('get_latest_report');
    expect(text).not.toContain('<');
    expect(ctx.sim.requestCount(REPORT)).toBe(1);
  });

  it('explains the monthly refresh limit with when to retry', async () => {
    ctx.sim.inject({ kind: 'status', status: 429, retryAfter: '3600' }, { route: REPORT, times: 1 });
    const result = await ctx.server.call('run_visibility_report', { websiteUrl: 'acme.com' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/Retry after 60 min/);
    expect(ctx.sim.requestCount(REPORT)).toBe(1);
  });
});

describe('run_visibility_report while the report takes long', () => {
  const ctx = useSimulator({ simulator: { reportDelayMs: 5_600 }, reset: false });

  it('sends progress notifications while it waits', async () => {
    const server = await startServer({ baseUrl: ctx.sim.url, apiKey: ctx.sim.keys.business });
    try {
      const updates: { progress: number; message?: string }[] = [];
      const result = await server.client.callTool(
        { name: 'run_visibility_report', arguments: { websiteUrl: 'acme.com' } },
        undefined,
        { onprogress: (p) => updates.push(p), timeout: 20_000 },
      );
      expect(result.isError).toBeFalsy();
      expect(updates.length).toBeGreaterThanOrEqual(2);
      expect(updates.at(-1)?.progress).toBeGreaterThan(updates[0]?.progress ?? 0);
      expect(updates[0]?.message).toContain('asking the AI models');
    } finally {
      await server.close();
    }
  });

  it('aborts the request to Krastie when the client cancels the call', async () => {
    const server = await startServer({ baseUrl: ctx.sim.url, apiKey: ctx.sim.keys.business });
    try {
      const controller = new AbortController();
      const call = server.client.callTool(
        { name: 'run_visibility_report', arguments: { websiteUrl: 'acme.com' } },
        undefined,
        { signal: controller.signal },
      );
      await until(
        () => ctx.sim.requests.some((r) => r.route === REPORT && r.status === undefined),
        'report request received',
      );
      controller.abort('user pressed stop');
      await expect(call).rejects.toThrow();
      await until(
        () => ctx.sim.requests.some((r) => r.route === REPORT && r.closedEarly),
        'simulator saw the connection close',
      );
    } finally {
      await server.close();
    }
  });

  it('answers that the report is still running once KRASTIE_REPORT_TIMEOUT_MS passes, without re-running it', async () => {
    const server = await startServer({
      baseUrl: ctx.sim.url,
      apiKey: ctx.sim.keys.enterprise,
      env: { KRASTIE_REPORT_TIMEOUT_MS: '600' },
    });
    try {
      const before = ctx.sim.requestCount(REPORT);
      const result = await server.call('run_visibility_report', { websiteUrl: 'acme.com' });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({ status: 'running' });
      expect(textOf(result)).toMatch(/still running at Krastie.*get_latest_report/s);
      expect(ctx.sim.requestCount(REPORT) - before).toBe(1);
    } finally {
      await server.close();
    }
  });
});
