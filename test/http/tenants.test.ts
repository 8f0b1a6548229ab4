/**
 * Multi-tenant mode (--allow-client-keys): each request's own Krastie key, never another's, even when
 * two tenants call at once; budgets per key; a clear 401 when no key is available.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { endpoints, route } from '../support/routes.js';
import {
  connect,
  type HttpServerProcess,
  INITIALIZE,
  MCP_HEADERS,
  raw,
  spawnHttp,
  textOf,
} from './support.js';

describe('--allow-client-keys', () => {
  let sim: Simulator;
  let server: HttpServerProcess;

  beforeAll(async () => {
    sim = await startSimulator({ reportDelayMs: 20 });
    // No KRASTIE_API_KEY: every request must bring its own.
    server = await spawnHttp({
      args: ['--allow-client-keys'],
      env: { KRASTIE_BASE_URL: sim.url, KRASTIE_MAX_CREDITS: '1', KRASTIE_LOG_LEVEL: 'debug' },
    });
  });
  afterAll(async () => {
    expect(await server?.stop()).toBe(0);
    await sim?.close();
  });
  beforeEach(() => sim.reset());

  it('sends each request to Krastie with its own key, with two tenants calling at once', async () => {
    const a = sim.keys.business;
    const b = sim.keys.enterprise;
    const [alice, bob] = await Promise.all([
      connect(server.url, { 'x-krastie-api-key': a }),
      connect(server.url, { 'x-krastie-api-key': b }),
    ]);
    try {
      // Slow answers keep all of them in flight at once.
      sim.inject({ kind: 'latency', ms: 150 }, { route: route(endpoints.getBrandVoice) });
      // Interleaved calls; every brand-voice ID names its tenant, so the simulator's log shows whose
      // request carried which key.
      const calls = Array.from({ length: 12 }, (_, i) => [
        alice.call('get_brand_voice', { brandVoiceId: `alice-${i}` }),
        bob.call('get_brand_voice', { brandVoiceId: `bob-${i}` }),
      ]).flat();
      const contexts = [alice.call('get_workspace_context'), bob.call('get_workspace_context')];
      await Promise.all(calls);
      const [aliceContext, bobContext] = await Promise.all(contexts);
      expect(aliceContext && textOf(aliceContext)).toContain('Acme Analytics');
      expect(bobContext && textOf(bobContext)).not.toContain('Acme Analytics');

      const voices = sim.requests.filter((r) => r.path.includes('/brand-voice/'));
      expect(voices).toHaveLength(24);
      for (const request of voices) {
        expect(request.headers['api-key']).toBe(request.path.includes('/alice-') ? a : b);
      }
    } finally {
      await Promise.all([alice.close(), bob.close()]);
    }
    expect(server.stderr()).not.toContain(a);
    expect(server.stderr()).not.toContain(b);
  });

  it('applies KRASTIE_MAX_CREDITS per key', async () => {
    const alice = await connect(server.url, { 'x-krastie-api-key': sim.keys.business });
    const bob = await connect(server.url, { 'x-krastie-api-key': sim.keys.enterprise });
    try {
      expect((await alice.call('chat_with_workspace', { message: 'Hi' })).isError).toBeFalsy();
      const refused = await alice.call('chat_with_workspace', { message: 'Hi again' });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toMatch(/credit budget .* used up/);
      // Another key has its own budget.
      expect((await bob.call('chat_with_workspace', { message: 'Hi' })).isError).toBeFalsy();
    } finally {
      await Promise.all([alice.close(), bob.close()]);
    }
    expect(sim.creditsUsed(sim.keys.business)).toBe(1);
    expect(sim.creditsUsed(sim.keys.enterprise)).toBe(1);
  });

  it('answers 401 with a clear message when no key is sent and the server has none', async () => {
    const res = await raw(server.url, { headers: MCP_HEADERS, body: INITIALIZE });
    expect(res.status).toBe(401);
    expect(res.text).toContain('X-Krastie-Api-Key');
    await expect(connect(server.url)).rejects.toThrow(/401|Krastie API key/);
  });

  it('validates the key like KRASTIE_API_KEY, without echoing it', async () => {
    const key = 'sk-not-a-krastie-key-123';
    const res = await raw(server.url, {
      headers: { ...MCP_HEADERS, 'x-krastie-api-key': key },
      body: INITIALIZE,
    });
    expect(res.status).toBe(401);
    expect(res.text).toContain('krastie_');
    expect(res.text).not.toContain(key);
    expect(sim.requests).toHaveLength(0);
  });

  it('passes Krastie’s own refusal of a bad key back as a tool error', async () => {
    const session = await connect(server.url, { 'x-krastie-api-key': sim.keys.expired });
    try {
      const result = await session.call('get_latest_report');
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/expired|30 days/i);
    } finally {
      await session.close();
    }
  });
});

describe('--allow-client-keys with a server key', () => {
  let sim: Simulator;
  let server: HttpServerProcess;

  beforeAll(async () => {
    sim = await startSimulator({ reportDelayMs: 20 });
    server = await spawnHttp({
      args: ['--allow-client-keys'],
      env: { KRASTIE_BASE_URL: sim.url, KRASTIE_API_KEY: sim.keys.business },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await sim?.close();
  });

  it('falls back to KRASTIE_API_KEY when a request brings no key', async () => {
    const plain = await connect(server.url);
    const own = await connect(server.url, { 'x-krastie-api-key': sim.keys.enterprise });
    try {
      await plain.call('get_workspace_context');
      await own.call('list_brand_voices');
    } finally {
      await Promise.all([plain.close(), own.close()]);
    }
    expect(sim.requests.map((r) => r.headers['api-key'])).toEqual([sim.keys.business, sim.keys.enterprise]);
  });
});
