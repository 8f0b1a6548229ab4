import { Agent, request } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SEEDED_ACCOUNTS, type Simulator, startSimulator } from '../../src/simulator/index.js';
import { describeSimulator, simulateCommand } from '../../src/simulator/main.js';
import { call, eventually, MODEL, pathOf, routeKey } from './helpers.js';

const open: Simulator[] = [];
async function start(options: Parameters<typeof startSimulator>[0] = {}) {
  const sim = await startSimulator(options);
  open.push(sim);
  return sim;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((sim) => sim.close()));
});

const control = async (sim: Simulator, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${sim.url}/__simulator/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: test convenience for reading JSON bodies
  const json: any = await res.json();
  return { status: res.status, json };
};

describe('startSimulator', () => {
  it('listens on 127.0.0.1 on a free port and exposes the seeded keys', async () => {
    const sim = await start();
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Object.values(sim.keys).every((key) => key.startsWith('krastie_'))).toBe(true);
    expect(sim.keys).toMatchObject({ business: 'krastie_sim_business', noCredits: 'krastie_sim_nocredits' });
    expect(SEEDED_ACCOUNTS.map((a) => a.key).sort()).toEqual(Object.values(sim.keys).sort());
  });

  it('reset() restores credits, runs, voices, sessions, jobs, faults and the request log', async () => {
    const sim = await start({ reportDelayMs: 1 });
    const voices = (await call(sim, 'GET', pathOf('listBrandVoices'))).json.data;
    const seededReport = (await call(sim, 'GET', pathOf('getLatestReport'))).json.data;
    const chat = await call(sim, 'POST', pathOf('chat'), { body: { text: 'a', model: MODEL } });
    await call(sim, 'POST', pathOf('generateText'), { body: { text: 'a', model: MODEL } });
    await call(sim, 'POST', pathOf('runReport'), { body: { refresh: true } });
    await call(sim, 'DELETE', pathOf('deleteBrandVoice', { id: voices[0].id }));
    const job = await call(sim, 'POST', pathOf('generateText'), {
      body: { text: 'a', model: MODEL, useWorker: true },
    });
    sim.inject({ kind: 'status', status: 500 }, { route: routeKey('getJob') });

    sim.reset();
    expect(sim.creditsUsed(sim.keys.business)).toBe(0);
    expect(sim.reportRunsUsed(sim.keys.business)).toBe(0);
    expect(sim.requestCount()).toBe(0);
    expect(sim.requests).toHaveLength(0);
    expect((await call(sim, 'GET', pathOf('listBrandVoices'))).json.data).toEqual(voices);
    expect((await call(sim, 'GET', pathOf('getLatestReport'))).json.data.id).toBe(seededReport.id);
    expect((await call(sim, 'GET', pathOf('getJob', { jobId: job.json.jobId }))).status).toBe(404);
    const again = await call(sim, 'POST', pathOf('chat'), { body: { text: 'a', model: MODEL } });
    expect(again.json.sessionId).toBe(chat.json.sessionId);
    expect(again.json.data).toBe(chat.json.data);
  });

  it('close() resolves promptly with an idle keep-alive connection and a request in flight', async () => {
    const sim = await start({ reportDelayMs: 60_000 });
    const agent = new Agent({ keepAlive: true });
    const get = () =>
      new Promise<number | undefined>((resolve) => {
        const req = request(
          `${sim.url}${pathOf('listBrandVoices')}`,
          { agent, headers: { 'api-key': sim.keys.business } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode));
          },
        );
        req.on('error', () => resolve(undefined));
        req.end();
      });
    expect(await get()).toBe(200);
    expect(Object.keys(agent.freeSockets)).toHaveLength(1);
    const inFlight = call(sim, 'POST', pathOf('runReport'), { body: { refresh: true } }).catch(
      () => 'failed',
    );

    await eventually(() => sim.requestCount(routeKey('runReport')) === 1);
    const started = Date.now();
    await sim.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await inFlight).toBe('failed');
    await sim.close(); // idempotent
    agent.destroy();
  });
});

describe('/__simulator control routes', () => {
  it('injects a fault over HTTP, reports stats, clears faults and resets', async () => {
    const sim = await start();
    const TEXT = routeKey('generateText');
    const injected = await control(sim, 'POST', 'faults', {
      fault: { kind: 'status', status: 503, retryAfter: '1' },
      route: TEXT,
      times: 1,
    });
    expect(injected.status).toBe(201);
    const refused = await call(sim, 'POST', pathOf('generateText'), { body: { text: 'a', model: MODEL } });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    await call(sim, 'POST', pathOf('generateText'), { body: { text: 'a', model: MODEL } });

    const stats = await control(sim, 'GET', 'stats');
    expect(stats.status).toBe(200);
    expect(stats.json.requests[TEXT]).toBe(2);
    expect(stats.json.requests[routeKey('getJob')]).toBe(0);
    expect(stats.json.credits[sim.keys.business]).toBe(1);
    expect(stats.json.reportRuns[sim.keys.business]).toBe(0);

    await control(sim, 'POST', 'faults', { fault: { kind: 'status', status: 500 } });
    expect((await call(sim, 'GET', pathOf('listBrandVoices'))).status).toBe(500);
    expect((await control(sim, 'DELETE', 'faults')).status).toBe(200);
    expect((await call(sim, 'GET', pathOf('listBrandVoices'))).status).toBe(200);

    expect((await control(sim, 'POST', 'reset')).status).toBe(200);
    expect(sim.creditsUsed(sim.keys.business)).toBe(0);
    expect(sim.requestCount()).toBe(0);
  });

  it('400 for a malformed fault or route, 404 for unknown control routes; no key needed, not counted', async () => {
    const sim = await start();
    const badKind = await control(sim, 'POST', 'faults', { fault: { kind: 'meteor' } });
    expect(badKind.status).toBe(400);
    expect(badKind.json.message).toContain('meteor');
    const badRoute = await control(sim, 'POST', 'faults', {
      fault: { kind: 'empty' },
      route: 'GET /v1/nope',
    });
    expect(badRoute.status).toBe(400);
    expect((await control(sim, 'POST', 'faults', { fault: { kind: 'empty' }, times: 'x' })).status).toBe(400);
    expect((await control(sim, 'GET', 'nothing')).status).toBe(404);
    expect(sim.requestCount()).toBe(0);
  });
});

describe('simulateCommand', () => {
  it('prints the URL and the seeded keys to stderr, then stops cleanly on SIGTERM', async () => {
    const written: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const stdout = vi.spyOn(process.stdout, 'write');
    const sigtermListeners = process.listenerCount('SIGTERM');
    try {
      const running = simulateCommand({ port: 0 });
      await eventually(() => written.join('').includes('listening on'));
      const url = /listening on (http:\/\/\S+)/.exec(written.join(''))?.[1];
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${url}/v1/ai/brand-voice`, { headers: { 'api-key': 'krastie_sim_business' } });
      expect(res.status).toBe(200);
      process.emit('SIGTERM');
      await running;
      expect(stdout.mock.calls.flat().join('')).not.toContain('krastie_sim');
      await expect(fetch(`${url}/v1/ai/brand-voice`)).rejects.toThrow();
    } finally {
      stderr.mockRestore();
      stdout.mockRestore();
    }
    const output = written.join('');
    for (const account of SEEDED_ACCOUNTS) expect(output).toContain(account.key);
    expect(process.listenerCount('SIGTERM')).toBe(sigtermListeners);
  });

  it('describes every seeded key with what it demonstrates', () => {
    const text = describeSimulator('http://127.0.0.1:4010');
    for (const account of SEEDED_ACCOUNTS) expect(text).toContain(`${account.key}  `);
    expect(text).toContain('/__simulator/faults');
  });
});
