import { describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import { useServer } from '../support/fixture.js';
import { endpoints, route } from '../support/routes.js';
import { startServer, textOf } from '../support/server.js';

const improveRoute = route(endpoints.improveContent);

describe('improve_content', () => {
  const ctx = useServer();

  it('improves text for SEO by default with the default model and charges one credit', async () => {
    const result = await ctx.server.call('improve_content', {
      content: 'Acme Analytics helps teams understand users.',
      keyword: 'product analytics',
    });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toMatch(/^Improved for seo with gpt-4o \(1 AI credit\):/);
    const structured = result.structuredContent as { improved: string; kind: string; model: string };
    expect(structured).toMatchObject({ kind: 'seo', model: 'gpt-4o' });
    expect(structured.improved.length).toBeGreaterThan(0);
    const sent = ctx.sim.requests.find((r) => r.route === improveRoute);
    expect(sent?.path).toBe('/v1/ai/generate/improve-content-seo');
    expect(sent?.body).toEqual({
      text: 'Acme Analytics helps teams understand users.',
      model: 'gpt-4o',
      keyword: 'product analytics',
    });
    expect(ctx.sim.creditsUsed(ctx.sim.keys.business)).toBe(1);
  });

  it('uses the kind slug and the model asked for', async () => {
    const result = await ctx.server.call('improve_content', {
      content: 'Text.',
      kind: 'readability',
      model: 'claude-sonnet-4-5',
    });
    expect(result.isError).toBeFalsy();
    expect(ctx.sim.requests.find((r) => r.route === improveRoute)?.path).toBe(
      '/v1/ai/generate/improve-content-readability',
    );
  });

  it('refuses a kind that is not a slug (no path tricks), sending nothing', async () => {
    for (const kind of ['../users', 'SEO', 'seo/../../x', 'a b']) {
      const result = await ctx.server.call('improve_content', { content: 'Text.', kind });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('kind');
    }
    expect(ctx.sim.requestCount()).toBe(0);
  });

  it('refuses an unsupported model before any request, listing the supported families', async () => {
    const result = await ctx.server.call('improve_content', { content: 'Text.', model: 'llama-3-70b' });
    expect(result.isError).toBe(true);
    const text = textOf(result);
    expect(text).toContain('openai');
    expect(text).toContain('anthropic');
    expect(text).toContain('google');
    expect(text).toContain('gpt-4o');
    expect(ctx.sim.requestCount()).toBe(0);
  });

  it('says the kind is unknown when Krastie answers 404', async () => {
    const result = await ctx.server.call('improve_content', { content: 'Text.', kind: 'poetry' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('404');
    expect(ctx.sim.creditsUsed(ctx.sim.keys.business)).toBe(0);
  });

  it('never sends a credit-spending request twice: 500, 502 and reset', async () => {
    const faults = [
      { kind: 'status', status: 500 },
      { kind: 'status', status: 502, html: true },
      { kind: 'reset-before' },
    ] as const;
    for (const fault of faults) {
      ctx.sim.reset();
      ctx.sim.inject(fault, { route: improveRoute, times: 1 });
      const result = await ctx.server.call('improve_content', { content: 'Text.' });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/may still have done the work and charged 1 AI credit/);
      expect(ctx.sim.requestCount(improveRoute)).toBe(1);
    }
  });
});

describe('improve_content past the timeout', () => {
  it('gives up after KRASTIE_TIMEOUT_MS, once, saying a credit may have been spent', async () => {
    const sim = await startSimulator();
    const server = await startServer({
      baseUrl: sim.url,
      apiKey: sim.keys.business,
      env: { KRASTIE_TIMEOUT_MS: '300' },
    });
    try {
      sim.inject({ kind: 'latency', ms: 1_500 }, { route: improveRoute });
      const result = await server.call('improve_content', { content: 'Text.' });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/did not answer in time.*may still have done the work/s);
      expect(sim.requestCount(improveRoute)).toBe(1);
    } finally {
      await server.close();
      await sim.close();
    }
  });
});
