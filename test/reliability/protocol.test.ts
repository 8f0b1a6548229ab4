/**
 * Protocol abuse over stdio, with a raw child process instead of the SDK client: garbage lines, a
 * partial JSON line, JSON that is not JSON-RPC, a 10 MB message, unknown methods and 1,000 concurrent
 * calls. Every valid request gets exactly one answer and every stdout line is a JSON-RPC message. When
 * stdin closes the process exits within 2 s; on SIGINT/SIGTERM calls in flight are cancelled (the
 * simulator sees their connections close) and it exits 0 within 2 s. An unhandled rejection fails any test.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { type RawOptions, type RawServer, resultText, startRaw } from '../support/raw-stdio.js';
import { definitionOf, routeOf } from '../support/reliability.js';
import { until } from '../support/wait.js';

const KEY = 'krastie_sim_enterprise';
const MB = 1024 * 1024;
/** What the issue demands of shutdown. */
const EXIT_WITHIN_MS = 2_000;
const UNHANDLED = /unhandled rejection|UnhandledPromiseRejection/i;

describe('protocol abuse over stdio', () => {
  let sim: Simulator;
  const started: RawServer[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ reportDelayMs: 20 });
  });
  afterEach(async () => {
    // Whatever a test did: stdout held nothing but JSON-RPC, and no promise rejection went unhandled.
    for (const server of started.splice(0)) {
      if (server.child.exitCode === null && server.child.signalCode === null) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
      expect(server.badLines, 'non-JSON-RPC lines on stdout').toEqual([]);
      expect(server.stderr()).not.toMatch(UNHANDLED);
    }
    sim.reset();
  });
  afterAll(async () => {
    await sim?.close();
  });

  function start(options: Partial<RawOptions> = {}): RawServer {
    // No read cache: every call must reach the simulator, where the tests count and watch requests.
    const env = { KRASTIE_CACHE_TTL_MS: '0', ...options.env };
    const server = startRaw({ baseUrl: sim.url, apiKey: KEY, ...options, env });
    started.push(server);
    return server;
  }

  function call(name: string, args: Record<string, unknown>) {
    return { name, arguments: args };
  }

  it('garbage, a partial line and JSON that is not JSON-RPC get no answer and break nothing', async () => {
    const server = start();
    await server.initialize();
    server.write('hello world\n');
    server.write('\n\r\n   \n');
    server.write('{"jsonrpc":"2.0","id":"partial","method":"tools/li\n');
    server.write('\u0000\u0001\u0002\u00ff\n');
    server.write('{"foo":1}\n[1,2,3]\n[]\n42\n"text"\nnull\ntrue\n{}\n');
    server.write('{"jsonrpc":"1.0","id":"v1","method":"ping"}\n');
    server.write('{"jsonrpc":"2.0","id":{"object":"id"},"method":"ping"}\n');
    server.write('{"jsonrpc":"2.0","method":42}\n');
    // A response to a request the server never sent, and a notification nobody handles.
    server.write('{"jsonrpc":"2.0","id":424242,"result":{}}\n');
    server.write('{"jsonrpc":"2.0","method":"notifications/made-up","params":{}}\n');
    // A valid request split mid-line across writes is still one request.
    const split = JSON.stringify({
      jsonrpc: '2.0',
      id: 'split',
      method: 'tools/call',
      params: call('get_history', { limit: 2 }),
    });
    server.write(split.slice(0, 25));
    await new Promise((resolve) => setTimeout(resolve, 50));
    server.write(`${split.slice(25)}\n`);
    // Two valid messages in one write, the second without a trailing newline until later.
    server.write(
      `${JSON.stringify({ jsonrpc: '2.0', id: 'first', method: 'ping' })}\n${JSON.stringify({ jsonrpc: '2.0', id: 'second', method: 'ping' })}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    server.write('\n');

    const list = await server.request('tools/list');
    expect((list.result?.tools as unknown[] | undefined)?.length).toBeGreaterThanOrEqual(14);
    await until(() => server.answers('split') > 0 && server.answers('second') > 0, 'split answers');
    for (const id of ['split', 'first', 'second']) expect(server.answers(id), id).toBe(1);
    for (const id of ['partial', 'v1']) expect(server.answers(id), id).toBe(0);
    const history = server.messages.find((m) => m.id === 'split');
    expect(history?.result?.isError).toBeFalsy();
    expect(server.child.exitCode).toBeNull();
  });

  it('unknown methods and malformed tool calls each get exactly one error answer', async () => {
    const server = start();
    await server.initialize();
    const unknown = ['foo', 'tools/unknown', 'resources/nonexistent', '', 'rpc.discover', 'initialize/again'];
    const answers = await Promise.all(unknown.map((method) => server.request(method)));
    for (const answer of answers) expect(answer.error?.code).toBe(-32601);

    const malformed = await Promise.all([
      server.request('tools/call', call('no_such_tool', {})),
      server.request('tools/call', { name: 'get_history', arguments: [1, 2] }),
      server.request('tools/call', { name: 'get_history', arguments: 'limit=2' }),
      server.request('tools/call', { arguments: {} }),
      server.request('tools/call'),
    ]);
    for (const answer of malformed) {
      // Either a JSON-RPC error or a tool error: one answer, never a crash.
      expect(answer.error !== undefined || answer.result?.isError === true, JSON.stringify(answer)).toBe(
        true,
      );
    }
    expect((await server.request('ping')).result).toEqual({});
  });

  it('answers a 9 MB message and keeps serving', async () => {
    const server = start();
    await server.initialize();
    const answer = await server.request(
      'tools/call',
      call('generate_content', { prompt: 'x'.repeat(9 * MB) }),
    );
    expect(answer.result?.isError).toBe(true);
    expect(resultText(answer)).toMatch(/prompt/);
    expect(resultText(answer).length).toBeLessThan(10_000);
    expect((await server.request('ping')).result).toEqual({});
  });

  it('answers a 10 MB message and keeps serving', async () => {
    // The SDK's StdioServerTransport buffers at most 10 MiB by default; past that it closes the transport.
    const server = start();
    await server.initialize();
    const answer = await server.request(
      'tools/call',
      call('generate_content', { prompt: 'x'.repeat(10 * MB) }),
      10_000,
    );
    expect(answer.result?.isError).toBe(true);
    expect(resultText(answer)).toMatch(/prompt/);
    expect((await server.request('ping', undefined, 5_000)).result).toEqual({});
  });

  it('gives each of 1,000 concurrent calls exactly one answer', async () => {
    const server = start({ env: { KRASTIE_TIMEOUT_MS: '30000' } });
    await server.initialize();
    const lines: string[] = [];
    for (let i = 0; i < 1_000; i++) {
      const message =
        i % 10 === 3
          ? { jsonrpc: '2.0', id: i, method: 'ping' }
          : i % 10 === 7
            ? { jsonrpc: '2.0', id: i, method: 'tools/list' }
            : {
                jsonrpc: '2.0',
                id: i,
                method: 'tools/call',
                params: call('get_history', { limit: (i % 30) + 1 }),
              };
      lines.push(JSON.stringify(message));
    }
    const before = server.messages.filter((m) => m.id !== undefined && m.method === undefined).length;
    server.write(`${lines.join('\n')}\n`);
    await server.responses(before + 1_000, 60_000);
    const missing: number[] = [];
    const repeated: number[] = [];
    for (let i = 0; i < 1_000; i++) {
      if (server.answers(i) === 0) missing.push(i);
      if (server.answers(i) > 1) repeated.push(i);
    }
    expect({ missing, repeated }).toEqual({ missing: [], repeated: [] });
    const failed = server.messages.filter(
      (m) => typeof m.id === 'number' && m.id < 1_000 && (m.error || m.result?.isError),
    );
    expect(failed.map((m) => JSON.stringify(m).slice(0, 300))).toEqual([]);
    expect(sim.requestCount(routeOf(definitionOf('get_history').endpoint))).toBe(800);
  });

  it('exits within 2 s when stdin closes, even with a call in flight', async () => {
    const route = routeOf(definitionOf('get_history').endpoint);
    sim.inject({ kind: 'latency', ms: 30_000 }, { route });
    const server = start({ env: { KRASTIE_TIMEOUT_MS: '60000' } });
    await server.initialize();
    server.sendRequest('hanging', 'tools/call', call('get_history', {}));
    await until(() => sim.requestCount(route) === 1, 'the call reaching the simulator');
    const closedAt = performance.now();
    server.child.stdin.end();
    const exit = await server.exited;
    expect(exit.at - closedAt).toBeLessThan(EXIT_WITHIN_MS);
    expect(exit.code).toBe(0);
    await until(() => sim.requests.every((r) => r.closedEarly), 'the simulator seeing the call cancelled');
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`on ${signal} cancels calls in flight and exits 0 within 2 s`, async () => {
      const history = routeOf(definitionOf('get_history').endpoint);
      const generate = routeOf(definitionOf('generate_content').endpoint);
      sim.inject({ kind: 'latency', ms: 30_000 }, { route: history });
      sim.inject({ kind: 'latency', ms: 30_000 }, { route: generate });
      const server = start({ env: { KRASTIE_TIMEOUT_MS: '60000' } });
      await server.initialize();
      server.sendRequest('read', 'tools/call', call('get_history', {}));
      server.sendRequest('spend', 'tools/call', call('generate_content', { prompt: 'A slogan' }));
      await until(
        () => sim.requestCount(history) === 1 && sim.requestCount(generate) === 1,
        'both calls reaching the simulator',
      );
      expect(sim.requests.some((r) => r.closedEarly)).toBe(false);
      const sentAt = performance.now();
      server.child.kill(signal);
      const exit = await server.exited;
      expect(exit.at - sentAt).toBeLessThan(EXIT_WITHIN_MS);
      expect(exit).toMatchObject({ code: 0, signal: null });
      await until(
        () =>
          sim.requests.filter((r) => r.route === history || r.route === generate).every((r) => r.closedEarly),
        'the simulator seeing both calls cancelled',
      );
      // Nothing was retried or re-sent on the way out.
      expect(sim.requestCount(generate)).toBe(1);
    });
  }
});
