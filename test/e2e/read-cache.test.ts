import { describe, expect, it } from 'vitest';
import { useSimulator } from '../support/fixture.js';
import { endpoints, route } from '../support/routes.js';
import { startServer } from '../support/server.js';

const HISTORY = route(endpoints.getReportHistory);
const VOICES = route(endpoints.listBrandVoices);

describe('the read cache', () => {
  const ctx = useSimulator({ simulator: { reportDelayMs: 10 }, reset: false });

  it('answers repeated free reads from memory and drops them when this server changes something', async () => {
    const server = await startServer({
      baseUrl: ctx.sim.url,
      apiKey: ctx.sim.keys.enterprise,
      env: { KRASTIE_CACHE_TTL_MS: '60000' },
    });
    try {
      const first = await server.call('get_history');
      const second = await server.call('get_history', { limit: 5 });
      expect(first.isError).toBeFalsy();
      expect((second.structuredContent as { series: { date: unknown[] } }).series.date).toHaveLength(5);
      expect(ctx.sim.requestCount(HISTORY)).toBe(1);

      // A report run records today's history point: the next read must show the new score.
      const run = await server.call('run_visibility_report', { refresh: true });
      expect(run.isError).toBeFalsy();
      const after = await server.call('get_history');
      expect(ctx.sim.requestCount(HISTORY)).toBe(2);
      const lastScore = (r: typeof first) =>
        (r.structuredContent as { series: { visibilityScore: number[] } }).series.visibilityScore.at(-1);
      expect(lastScore(after)).toBe((run.structuredContent as { visibilityScore: number }).visibilityScore);

      await server.call('list_brand_voices');
      await server.call('create_brand_voice', { source: 'text', text: 'We write plainly.', name: 'Plain' });
      const voices = await server.call('list_brand_voices');
      expect(ctx.sim.requestCount(VOICES)).toBe(2);
      expect(JSON.stringify(voices.structuredContent)).toContain('Plain');
    } finally {
      await server.close();
    }
  });

  it('does not keep failures', async () => {
    const server = await startServer({
      baseUrl: ctx.sim.url,
      apiKey: ctx.sim.keys.enterprise,
      env: { KRASTIE_CACHE_TTL_MS: '60000' },
    });
    try {
      ctx.sim.inject({ kind: 'status', status: 404 }, { route: HISTORY, times: 1 });
      expect((await server.call('get_history')).isError).toBe(true);
      expect((await server.call('get_history')).isError).toBeFalsy();
    } finally {
      await server.close();
    }
  });
});
