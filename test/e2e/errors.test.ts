import { describe, expect, it } from 'vitest';
import { useSimulator } from '../support/fixture.js';
import { endpoints, route } from '../support/routes.js';
import { startServer, textOf } from '../support/server.js';

/** Each kind of failure reaches the model as an isError result that says what happened and what to do. */
describe('failures, as the model reads them', () => {
  const ctx = useSimulator({ reset: false });

  async function historyWith(apiKey: string, env: Record<string, string> = {}, baseUrl = ctx.sim.url) {
    const server = await startServer({ baseUrl, apiKey, env });
    try {
      const result = await server.call('get_history');
      expect(result.isError).toBe(true);
      expect(server.stderr()).not.toContain(apiKey);
      return textOf(result);
    } finally {
      await server.close();
    }
  }

  it('401 expired key: keys last 30 days, make a new one, where to put it', async () => {
    const text = await historyWith(ctx.sim.keys.expired);
    expect(text).toContain('401');
    expect(text).toContain('30 days');
    expect(text).toContain('KRASTIE_API_KEY');
    expect(text).not.toContain(ctx.sim.keys.expired);
  });

  it('401 revoked key', async () => {
    expect(await historyWith(ctx.sim.keys.revoked)).toMatch(/did not accept the API key/);
  });

  it('403 plan gate: Business or Enterprise needed', async () => {
    const text = await historyWith(ctx.sim.keys.startup);
    expect(text).toContain('API access requires a Business plan or higher.');
    expect(text).toMatch(/Business or Enterprise/);
  });

  it('404 is named as not found', async () => {
    ctx.sim.inject({ kind: 'status', status: 404 }, { route: route(endpoints.getReportHistory), times: 1 });
    expect(await historyWith(ctx.sim.keys.business)).toMatch(/found nothing there \(Krastie answered 404/);
  });

  it('422 says Krastie rejected the input', async () => {
    ctx.sim.inject({ kind: 'status', status: 422 }, { route: route(endpoints.getReportHistory), times: 1 });
    expect(await historyWith(ctx.sim.keys.business)).toMatch(/rejected the input \(Krastie answered 422/);
  });

  it('500 after retries: unavailable, reads are free', async () => {
    ctx.sim.inject({ kind: 'status', status: 500 }, { route: route(endpoints.getReportHistory), times: 3 });
    const text = await historyWith(ctx.sim.keys.business);
    expect(text).toMatch(/Krastie is having trouble.*nothing was charged/s);
  });

  it('network: nothing listens at the base URL', async () => {
    const text = await historyWith(ctx.sim.keys.business, {}, 'http://127.0.0.1:9');
    expect(text).toMatch(/could not be reached.*KRASTIE_BASE_URL/s);
  });

  it('timeout: Krastie too slow', async () => {
    ctx.sim.inject({ kind: 'latency', ms: 2_000 }, { route: route(endpoints.getReportHistory), times: 3 });
    const text = await historyWith(ctx.sim.keys.business, { KRASTIE_TIMEOUT_MS: '200' });
    expect(text).toMatch(/did not answer in time/);
  });
});
