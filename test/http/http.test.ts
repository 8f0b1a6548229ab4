/**
 * The built CLI in --http mode, over real HTTP: every tool, resource and prompt through the SDK's
 * StreamableHTTPClientTransport, and the security rules (bearer token, Host/Origin allow-lists, body
 * limit, client keys refused without --allow-client-keys) with raw requests.
 */
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { until } from '../support/wait.js';
import {
  bearer,
  connect,
  type HttpServerProcess,
  INITIALIZE,
  MCP_HEADERS,
  raw,
  spawnHttp,
  TOKEN,
  textOf,
} from './support.js';

/** Arguments for the free tools that need some; any other free tool is called without arguments. */
const FREE_TOOL_ARGS: Record<string, Record<string, unknown>> = {
  suggest_report_inputs: { websiteUrl: 'acme-analytics.com' },
  get_history: { limit: 3 },
  get_brand_voice: { brandVoiceId: 'unknown-voice' },
  get_job: { jobId: 'unknown-job' },
};
/** Free tools that fail on purpose above (an unknown ID): their answer must still be a tool result. */
const EXPECTED_TO_FAIL = new Set(['get_brand_voice', 'get_job']);

describe('krastie-mcp --http', () => {
  let sim: Simulator;
  let server: HttpServerProcess;

  beforeAll(async () => {
    sim = await startSimulator({ reportDelayMs: 20 });
    server = await spawnHttp({
      env: {
        KRASTIE_API_KEY: sim.keys.business,
        KRASTIE_BASE_URL: sim.url,
        KRASTIE_MCP_TOKEN: TOKEN,
        KRASTIE_LOG_LEVEL: 'debug',
      },
    });
  });
  afterAll(async () => {
    expect(await server?.stop()).toBe(0);
    await sim?.close();
  });
  beforeEach(() => sim.reset());

  it('prints where it listens, on loopback by default', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    await until(() => server.stderr().includes('bearer token required'), 'the protection line');
  });

  it('answers /healthz without a token', async () => {
    const res = await raw(`${server.base}/healthz`, { method: 'GET' });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', name: 'krastie-mcp' });
  });

  it('lists every tool and calls every free one', async () => {
    const session = await connect(server.url, bearer());
    try {
      const { tools } = await session.client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(
        expect.arrayContaining(['run_visibility_report', 'get_history', 'chat_with_workspace']),
      );
      const free = tools.filter((tool) => tool.annotations?.readOnlyHint === true);
      expect(free.length).toBeGreaterThanOrEqual(4);
      for (const tool of free) {
        const result = await session.call(tool.name, FREE_TOOL_ARGS[tool.name] ?? {});
        expect(result.content.length, tool.name).toBeGreaterThan(0);
        if (FREE_TOOL_ARGS[tool.name] || tool.inputSchema.required === undefined) {
          expect(Boolean(result.isError), `${tool.name}: ${textOf(result)}`).toBe(
            EXPECTED_TO_FAIL.has(tool.name),
          );
        }
      }
      expect(sim.creditsUsed(sim.keys.business)).toBe(0);
    } finally {
      await session.close();
    }
  });

  it('calls a credit-spending tool, streaming the answer', async () => {
    const session = await connect(server.url, bearer());
    try {
      const result = await session.call('chat_with_workspace', { message: 'What is our visibility score?' });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(textOf(result).length).toBeGreaterThan(0);
      expect(sim.creditsUsed(sim.keys.business)).toBe(1);
    } finally {
      await session.close();
    }
  });

  it('lists and reads resources, lists and gets prompts', async () => {
    const session = await connect(server.url, bearer());
    try {
      const { resources } = await session.client.listResources();
      expect(resources.map((r) => r.uri)).toEqual(
        expect.arrayContaining(['krastie://report/latest', 'krastie://models']),
      );
      const { resourceTemplates } = await session.client.listResourceTemplates();
      expect(resourceTemplates.map((t) => t.uriTemplate)).toContain('krastie://brand-voices/{id}');
      const read = await session.client.readResource({ uri: 'krastie://report/history' });
      const content = read.contents[0];
      expect(content && 'text' in content ? JSON.parse(content.text) : undefined).toHaveProperty('series');
      const { prompts } = await session.client.listPrompts();
      expect(prompts.map((p) => p.name)).toContain('visibility_audit');
      const prompt = await session.client.getPrompt({
        name: 'visibility_audit',
        arguments: { websiteUrl: 'acme.com' },
      });
      expect(JSON.stringify(prompt.messages)).toContain('acme.com');
      await session.client.ping();
      await session.client.setLoggingLevel('warning');
    } finally {
      await session.close();
    }
  });

  it('never forwards the bearer token to Krastie, and never logs it or the key', async () => {
    const session = await connect(server.url, bearer());
    try {
      await session.call('get_latest_report');
    } finally {
      await session.close();
    }
    expect(sim.requests.length).toBeGreaterThan(0);
    for (const request of sim.requests) {
      expect(request.headers.authorization).toBeUndefined();
      expect(JSON.stringify(request.headers)).not.toContain(TOKEN);
      expect(request.headers['api-key']).toBe(sim.keys.business);
    }
    expect(server.stderr()).not.toContain(TOKEN);
    expect(server.stderr()).not.toContain(sim.keys.business);
  });

  it('refuses a request without the token, or with a wrong one (401, WWW-Authenticate: Bearer)', async () => {
    const missing = await raw(server.url, { headers: MCP_HEADERS, body: INITIALIZE });
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer /);
    const wrong = await raw(server.url, {
      headers: { ...MCP_HEADERS, ...bearer('not-the-token-0123456789') },
      body: INITIALIZE,
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toMatch(/^Bearer .*invalid_token/);
    const prefix = await raw(server.url, {
      headers: { ...MCP_HEADERS, ...bearer(TOKEN.slice(0, -1)) },
      body: INITIALIZE,
    });
    expect(prefix.status).toBe(401);
    await expect(connect(server.url)).rejects.toBeInstanceOf(StreamableHTTPError);
    await expect(connect(server.url, bearer('wrong-token-but-long-enough'))).rejects.toThrow(
      /401|Unauthorized/,
    );
  });

  it('refuses a foreign Origin with 403, accepts a loopback one', async () => {
    const headers = { ...MCP_HEADERS, ...bearer() };
    const foreign = await raw(server.url, {
      headers: { ...headers, origin: 'http://evil.example.com' },
      body: INITIALIZE,
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const nullOrigin = await raw(server.url, { headers: { ...headers, origin: 'null' }, body: INITIALIZE });
    expect(nullOrigin.status).toBe(403);
    const local = await raw(server.url, {
      headers: { ...headers, origin: 'http://localhost:6274' },
      body: INITIALIZE,
    });
    expect(local.status).toBe(200);
    // No CORS unless configured.
    expect(local.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a foreign Host with 403 (DNS rebinding), before asking for the token', async () => {
    const port = new URL(server.url).port;
    for (const host of [`evil.example.com:${port}`, `evil.example.com@127.0.0.1:${port}`, '']) {
      const res = await raw(server.url, { headers: { ...MCP_HEADERS, host }, body: INITIALIZE });
      expect(res.status, host).toBe(403);
    }
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) {
      const res = await raw(server.url, {
        headers: { ...MCP_HEADERS, ...bearer(), host },
        body: INITIALIZE,
      });
      expect(res.status, host).toBe(200);
    }
  });

  it('refuses a body over 1 MB with 413, declared or streamed', async () => {
    const big = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'ping',
      params: { pad: 'x'.repeat(1_100_000) },
    });
    const declared = await raw(server.url, { headers: { ...MCP_HEADERS, ...bearer() }, body: big });
    expect(declared.status).toBe(413);
    const streamed = await raw(server.url, {
      headers: { ...MCP_HEADERS, ...bearer() },
      chunks: [big.slice(0, 600_000), big.slice(600_000)],
    });
    expect(streamed.status).toBe(413);
    const fine = await raw(server.url, {
      headers: { ...MCP_HEADERS, ...bearer() },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' }),
    });
    expect(fine.status).toBe(200);
  });

  it('refuses X-Krastie-Api-Key without --allow-client-keys', async () => {
    const res = await raw(server.url, {
      headers: { ...MCP_HEADERS, ...bearer(), 'x-krastie-api-key': sim.keys.enterprise },
      body: INITIALIZE,
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('--allow-client-keys');
    expect(res.text).not.toContain(sim.keys.enterprise);
  });

  it('answers other methods and paths with JSON errors', async () => {
    expect((await raw(server.url, { method: 'GET', headers: bearer() })).status).toBe(405);
    expect((await raw(server.url, { method: 'DELETE', headers: bearer() })).status).toBe(405);
    expect((await raw(`${server.base}/other`, { headers: bearer() })).status).toBe(404);
    const broken = await raw(server.url, { headers: { ...MCP_HEADERS, ...bearer() }, body: '{not json' });
    expect(broken.status).toBe(400);
    expect(broken.json()).toMatchObject({ error: { code: -32700 } });
  });
});
