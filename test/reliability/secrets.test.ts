/**
 * Secrets and transport. The API key never appears on stdout (results, errors, MCP logging
 * notifications), on stderr or in logs, whatever Krastie sends back: the key echoed in an error, embedded
 * in a longer token, split by HTML tags, repeated in validation details, in a dump of the request
 * headers, in a response header, in a parser error's raw bytes, or in a successful answer. The key used
 * has a distinctive secret part, and a leak is also found when only that part, or that part broken up by
 * markup, gets out.
 *
 * KRASTIE_BASE_URL must be https:// unless the host is loopback; anything else stops the server at
 * start with a clear message (exit 2, nothing on stdout).
 */
import { spawn } from 'node:child_process';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import {
  type HttpResponder,
  sendHtml,
  sendJson,
  startHttpUpstream,
  startTcpUpstream,
  type Upstream,
} from '../support/hostile-upstream.js';
import { type RawServer, resultText, startRaw } from '../support/raw-stdio.js';
import { isAlive, validArgs } from '../support/reliability.js';
import { CLI, startServer } from '../support/server.js';

/** A valid-looking key whose secret part is easy to find even when broken up. */
const SECRET = 'Q7vRz-2mX_9TbLp4Wc';
const KEY = `krastie_${SECRET}`;
const FAKE_IDS = { voiceIds: ['bv_one', 'bv_two'], jobId: 'job_one' };

/** Every way the key can be seen in `text`: whole, its secret part, or the secret's letters with markup between. */
function leaks(text: string, key = KEY): string[] {
  const secret = key.slice('krastie_'.length);
  const found: string[] = [];
  if (text.includes(key)) found.push('the whole key');
  if (text.includes(secret)) found.push('its secret part');
  const letters = (value: string) => value.replace(/[^A-Za-z0-9]/g, '');
  if (letters(text).includes(letters(secret))) found.push('its secret part, broken up');
  return found;
}

/** Everything a client and a log reader would see of a server. */
function exposed(server: RawServer): { where: string; text: string }[] {
  return [
    { where: 'stdout (results, errors, notifications)', text: server.stdout() },
    { where: 'stderr (logs)', text: server.stderr() },
  ];
}

function expectNoLeak(server: RawServer, key = KEY): void {
  expect(server.stderr()).not.toMatch(/unhandled rejection|UnhandledPromiseRejection/i);
  expect(server.badLines, 'non-JSON-RPC lines on stdout').toEqual([]);
  for (const { where, text } of exposed(server)) {
    const found = leaks(text, key);
    const around = found.length > 0 ? excerpt(text, key) : '';
    expect(found, `${where} shows ${found.join(', ')}: …${around}…`).toEqual([]);
  }
}

function excerpt(text: string, key: string): string {
  const secret = key.slice('krastie_'.length);
  const at = Math.max(text.indexOf(secret.slice(0, 5)), 0);
  return text.slice(Math.max(0, at - 120), at + 120);
}

async function startVerbose(baseUrl: string, apiKey = KEY): Promise<RawServer> {
  const server = startRaw({
    baseUrl,
    apiKey,
    env: { KRASTIE_LOG_LEVEL: 'debug', KRASTIE_TIMEOUT_MS: '2000', KRASTIE_REPORT_TIMEOUT_MS: '2000' },
  });
  await server.initialize();
  await server.request('logging/setLevel', { level: 'debug' });
  return server;
}

/** Calls every listed tool once; returns the tools. */
async function callEveryTool(server: RawServer): Promise<Tool[]> {
  const tools = (await server.request('tools/list')).result?.tools as Tool[];
  const answers = await Promise.all(
    tools.map((tool) =>
      server.request('tools/call', { name: tool.name, arguments: validArgs(tool, FAKE_IDS) }),
    ),
  );
  // One answer each, as a result (how each failure is worded is the fault matrix's business).
  for (const [i, answer] of answers.entries()) {
    expect(answer.error, `${tools[i]?.name}: ${JSON.stringify(answer.error)}`).toBeUndefined();
  }
  return tools;
}

const secretOf = (apiKey: string) => apiKey.slice('krastie_'.length);

const HTTP_ECHOES: Record<string, HttpResponder> = {
  'a JSON error whose message embeds the key in a longer token': (req, res) =>
    sendJson(res, 400, { message: `Rejected token Bearer${req.apiKey}XYZ for ${req.path}.` }),
  'an HTML page with the secret in its own tag (krastie_<b>secret</b>)': (req, res) =>
    sendHtml(
      res,
      502,
      `<html><body><h1>502</h1><p>Upstream refused key krastie_<b>${secretOf(req.apiKey)}</b></p></body></html>`,
    ),
  'an HTML page with the prefix in its own tag (<span>krastie</span>_secret)': (req, res) =>
    sendHtml(
      res,
      502,
      `<html><body><p>Key <span>krastie</span>_${secretOf(req.apiKey)} refused</p></body></html>`,
    ),
  'an HTML page with the secret split in two by <wbr>': (req, res) => {
    const secret = secretOf(req.apiKey);
    sendHtml(
      res,
      503,
      `<html><body><p>Key krastie_${secret.slice(0, 8)}<wbr>${secret.slice(8)}</p></body></html>`,
    );
  },
  'a JSON error message with the key split by markup (krastie_<b>secret</b>)': (req, res) =>
    sendJson(res, 400, { message: `Key krastie_<b>${secretOf(req.apiKey)}</b> is not valid.` }),
  'validation details that repeat the key': (req, res) =>
    sendJson(res, 422, {
      message: 'Validation failed.',
      data: [{ field: req.apiKey, message: `value ${req.apiKey} is not allowed` }, `raw: ${req.apiKey}`],
    }),
  'a 500 body dumping the request headers': (req, res) =>
    sendJson(res, 500, {
      message: `Internal error for ${req.method} ${req.path} headers={"api-key":"${req.apiKey}","accept":"application/json"}`,
    }),
  'an api-version response header echoing the key': (req, res) =>
    sendJson(res, 404, { message: 'Not found.' }, { 'api-version': req.apiKey, deprecated: 'true' }),
  'an api-version response header with the key split by markup': (req, res) =>
    sendJson(
      res,
      404,
      { message: 'Not found.' },
      { 'api-version': `krastie_<i>${secretOf(req.apiKey)}</i>` },
    ),
};

describe('the API key never leaks', () => {
  let sim: Simulator;
  const upstreams: Upstream[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ reportDelayMs: 20 });
  });
  afterAll(async () => {
    await Promise.all(upstreams.map((upstream) => upstream.close()));
    await sim?.close();
  });

  for (const [name, respond] of Object.entries(HTTP_ECHOES)) {
    it(`when Krastie sends ${name}`, async () => {
      const upstream = await startHttpUpstream(respond);
      upstreams.push(upstream);
      const server = await startVerbose(upstream.url);
      try {
        await callEveryTool(server);
        expect(upstream.requests).toBeGreaterThan(0);
        expect(isAlive(server.child.pid)).toBe(true);
      } finally {
        await server.close();
      }
      expectNoLeak(server);
    });
  }

  it('when the simulator echoes the key in error bodies (400, and 500 with retries)', async () => {
    sim.inject({ kind: 'echo-key', status: 500 }, { times: 40 });
    sim.inject({ kind: 'echo-key' });
    const server = await startVerbose(sim.url);
    try {
      await callEveryTool(server);
      expect(sim.requests.some((r) => r.headers['api-key'] === KEY)).toBe(true);
    } finally {
      await server.close();
      sim.reset();
    }
    expectNoLeak(server);
  });

  it('when a non-HTTP answer echoes the raw request, api-key header included (parser error cause)', async () => {
    const upstream = await startTcpUpstream((request) => request);
    upstreams.push(upstream);
    const server = await startVerbose(upstream.url);
    try {
      await callEveryTool(server);
    } finally {
      await server.close();
    }
    expectNoLeak(server);
  });

  it('when a response header carries the key next to a byte HTTP forbids (parser error cause)', async () => {
    const upstream = await startTcpUpstream(
      () => `HTTP/1.1 200 OK\r\nX-Echo: ${KEY}\u0001\r\nContent-Length: 2\r\n\r\n{}`,
    );
    upstreams.push(upstream);
    const server = await startVerbose(upstream.url);
    try {
      await callEveryTool(server);
    } finally {
      await server.close();
    }
    expectNoLeak(server);
  });

  it('when the key is pasted into an argument and Krastie repeats it in a 404', async () => {
    const key = sim.keys.enterprise;
    const server = await startVerbose(sim.url, key);
    try {
      const calls: [string, Record<string, unknown>][] = [
        ['get_job', { jobId: key }],
        ['get_brand_voice', { brandVoiceId: key }],
        ['update_brand_voice', { brandVoiceId: key, tone: 'calm' }],
        ['delete_brand_voice', { brandVoiceId: key, confirm: true }],
      ];
      for (const [name, args] of calls) {
        const answer = await server.request('tools/call', { name, arguments: args });
        expect(answer.result?.isError, name).toBe(true);
        expect(resultText(answer), name).toMatch(/found nothing|not valid|Invalid/i);
      }
    } finally {
      await server.close();
      sim.reset();
    }
    expectNoLeak(server, key);
  });

  it('when Krastie repeats the key inside a successful answer', async () => {
    const upstream = await startHttpUpstream((req, res) => {
      const key = req.apiKey;
      if (req.method === 'POST' && /\/(text|improve-content-[a-z-]+)$/.test(req.path)) {
        return sendJson(res, 200, {
          message: 'Generated AI successfully.',
          data: `Draft text. (debug: key=${key})`,
        });
      }
      if (req.method === 'POST' && req.path.endsWith('/chat')) {
        return sendJson(res, 200, {
          message: 'ok',
          data: { reply: `Your key ${key} works.`, sessionId: 's1' },
        });
      }
      if (req.method === 'GET' && req.path.endsWith('/brand-voice')) {
        return sendJson(res, 200, {
          data: [
            {
              id: 'bv_one',
              name: `Voice for ${key}`,
              tone: 'calm',
              description: 'd',
              createdAt: '2026-01-01',
            },
          ],
        });
      }
      if (req.method === 'GET' && req.path.endsWith('/assistant/context')) {
        return sendJson(res, 200, { data: { site: 'acme.com', note: `configured with ${key}` } });
      }
      sendJson(res, 404, { message: 'Not found.' });
    });
    upstreams.push(upstream);
    const server = await startVerbose(upstream.url);
    try {
      for (const [name, args] of [
        ['generate_content', { prompt: 'Tagline' }],
        ['improve_content', { content: 'Some text.' }],
        ['chat_with_workspace', { message: 'Hi' }],
        ['list_brand_voices', {}],
        ['get_workspace_context', {}],
      ] as const) {
        const answer = await server.request('tools/call', { name, arguments: args });
        expect(answer.result?.isError, `${name}: ${resultText(answer)}`).toBeFalsy();
      }
    } finally {
      await server.close();
    }
    expectNoLeak(server);
  });

  it('when the key is put in the wrong setting, the start-up error does not repeat it', async () => {
    for (const variable of [
      'KRASTIE_TIMEOUT_MS',
      'KRASTIE_DEFAULT_MODEL',
      'KRASTIE_TOOLSETS',
      'KRASTIE_BASE_URL',
    ]) {
      const run = await runCli({ KRASTIE_API_KEY: KEY, KRASTIE_BASE_URL: sim.url, [variable]: KEY });
      expect(run.code, `${variable}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toContain(variable);
      expect(leaks(run.stdout + run.stderr), `${variable}: ${run.stderr}`).toEqual([]);
    }
  });
});

describe('KRASTIE_BASE_URL: https, or http only on loopback', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(async () => {
    await sim?.close();
  });

  /** Each refused URL with what the message must say. */
  const refused: [string, RegExp][] = [
    ['http://example.com', /https/],
    ['http://10.0.0.1', /https/],
    ['http://192.168.1.10:8080', /https/],
    ['http://localhost.evil.com', /https/],
    ['http://127.0.0.1.nip.io', /https/],
    ['http://[::ffff:10.0.0.1]', /https/],
    ['ftp://127.0.0.1/v1', /https/],
    ['ftp://api.krastie.ai', /https/],
    ['file:///etc/passwd', /https/],
    ['ws://127.0.0.1:4010', /https/],
    ['api.krastie.ai', /not a URL|https/],
    ['https://user:pass@api.krastie.ai', /user name or password/],
  ];
  for (const [baseUrl, says] of refused) {
    it(`refuses ${baseUrl} at start: exit 2, a clear message, nothing on stdout`, async () => {
      const run = await runCli({ KRASTIE_API_KEY: sim.keys.business, KRASTIE_BASE_URL: baseUrl });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/KRASTIE_BASE_URL/);
      expect(run.stderr).toMatch(says);
      expect(run.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(3);
      expect(run.stderr).not.toContain(sim.keys.business);
    });
  }

  it('refuses a plain-http base URL given as --base-url too', async () => {
    const run = await runCli({ KRASTIE_API_KEY: sim.keys.business }, ['--base-url', 'http://example.com']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/KRASTIE_BASE_URL.*https/s);
  });

  const port = () => new URL(sim.url).port;
  const accepted: [string, () => string][] = [
    ['http://127.0.0.1', () => `http://127.0.0.1:${port()}`],
    ['http://localhost', () => `http://localhost:${port()}`],
    ['http://[::1]', () => `http://[::1]:${port()}`],
    ['https://api.krastie.ai', () => 'https://api.krastie.ai'],
  ];
  for (const [label, baseUrl] of accepted) {
    it(`accepts ${label}`, async () => {
      const server = await startServer({ baseUrl: baseUrl(), apiKey: sim.keys.business });
      try {
        expect((await server.client.listTools()).tools.length).toBeGreaterThanOrEqual(14);
        expect(isAlive(server.transport.pid)).toBe(true);
        if (label === 'http://127.0.0.1') {
          expect((await server.call('get_history', { limit: 2 })).isError).toBeFalsy();
        }
      } finally {
        await server.close();
      }
    });
  }
});

/** Runs the CLI with stdin closed at once: a refused configuration exits 2, an accepted one serves until stdin ends (exit 0). */
function runCli(
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the CLI did not exit within 10 s (stderr: ${stderr})`));
    }, 10_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end();
  });
}
