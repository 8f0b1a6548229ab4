/**
 * Every tool × every simulator fault, through the built CLI over stdio. For each pair: the tool answers
 * within its time budget with a correct result (a safe read retried) or an isError that names the kind of
 * failure and the next step; a credit-spending or data-changing request is sent exactly once; the
 * process stays up and the next call works. An oversized body is cut off while streaming: the server's
 * peak memory stays far below the body's size.
 *
 * Each fault runs in two phases against its own simulator and server process: "once" (the fault hits
 * the first request only, so a retried read must recover) and "persistent" (every request fails).
 */
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Fault, type Simulator, startSimulator } from '../../src/simulator/index.js';
import { startTcpUpstream } from '../support/hostile-upstream.js';
import {
  CRASH_SIGNS,
  definitionOf,
  describeResult,
  isAlive,
  procMemory,
  routeOf,
  type SeededIds,
  seedIds,
  validArgs,
} from '../support/reliability.js';
import { type RunningServer, startServer, textOf } from '../support/server.js';

const TIMEOUT_MS = 1_500;
const REPORT_TIMEOUT_MS = 2_000;
/** Process start-up, stdio and a busy 2-core machine on top of a tool's own budget. */
const SLACK_MS = 2_500;
const MB = 1024 * 1024;
/** The server caps bodies at 10 MB; the simulator sends 50 MB. A buffered body would show 50 MB or more. */
const OVERSIZED_BYTES = 50 * MB;
/** One cut-off body: 10 MB of chunks plus transient copies, far from the 50 MB (×2 to join) a buffered body takes. */
const MAX_ONE_BODY_GROWTH_KB = 40 * 1024;
/** Two phases × every tool, one after another: garbage is collected, so the peak levels off. */
const MAX_MANY_BODIES_GROWTH_KB = 100 * 1024;
const NEXT_STEP = /try again|retry after|call again|wait |check |get_latest_report/i;

interface FaultCase {
  name: string;
  fault: Fault;
  /** What an isError result must say (the kind of failure). Absent: every call must succeed. */
  errorText?: RegExp;
  /** A read hit once by this fault must recover by retrying within its budget. */
  readRecovers?: boolean;
  /** Run the tools one after another (bounded-memory measurement). */
  sequential?: boolean;
}

const FAULTS: FaultCase[] = [
  {
    name: 'latency past the timeout',
    fault: { kind: 'latency', ms: 10_000 },
    errorText: /did not answer in time/,
    readRecovers: true,
  },
  {
    name: 'HTTP 500',
    fault: { kind: 'status', status: 500 },
    errorText: /Krastie is having trouble \(Krastie answered 500/,
    readRecovers: true,
  },
  {
    name: 'HTTP 502 HTML page',
    fault: { kind: 'status', status: 502, html: true },
    errorText: /having trouble \(Krastie answered 502: an HTML error page/,
    readRecovers: true,
  },
  {
    name: '503 with short Retry-After',
    fault: { kind: 'status', status: 503, retryAfter: '1' },
    errorText: /having trouble \(Krastie answered 503.*after 1 s/s,
    readRecovers: true,
  },
  {
    name: '503 with long Retry-After',
    fault: { kind: 'status', status: 503, retryAfter: '3600' },
    errorText: /having trouble \(Krastie answered 503.*after 60 min/s,
  },
  {
    name: '429 with short Retry-After',
    fault: { kind: 'status', status: 429, retryAfter: '1' },
    errorText: /rate limit.*Retry after 1 s/s,
    readRecovers: true,
  },
  {
    name: '429 with long Retry-After',
    fault: { kind: 'status', status: 429, retryAfter: '3600' },
    errorText: /rate limit.*Retry after 60 min/s,
  },
  {
    name: 'connection reset before the response',
    fault: { kind: 'reset-before' },
    errorText: /could not be reached/,
    readRecovers: true,
  },
  {
    name: 'connection reset in the middle of the body',
    fault: { kind: 'reset-mid-body' },
    errorText: /could not be reached/,
    readRecovers: true,
  },
  {
    name: 'truncated JSON',
    fault: { kind: 'truncated' },
    errorText: /cut-off or invalid JSON/,
    readRecovers: true,
  },
  {
    name: 'empty 200 body',
    fault: { kind: 'empty' },
    errorText: /an empty body|unexpected shape/,
    readRecovers: true,
  },
  { name: 'wrong content type', fault: { kind: 'wrong-content-type' } },
  {
    name: 'oversized body (50 MB)',
    fault: { kind: 'oversized', bytes: OVERSIZED_BYTES },
    errorText: /more than 10 MB; the answer was cut off/,
    sequential: true,
  },
  {
    name: 'slow-drip body',
    // 16 bytes per 500 ms: even the smallest answer (~40 bytes) takes longer than the timeout.
    fault: { kind: 'slow-drip', intervalMs: 500 },
    errorText: /did not answer in time/,
    readRecovers: true,
  },
  { name: 'deprecated: true', fault: { kind: 'deprecated' } },
  {
    name: 'error body that echoes the API key',
    fault: { kind: 'echo-key' },
    errorText: /Krastie rejected the input \(Krastie answered 400/,
  },
];

interface Outcome {
  tool: Tool;
  result: CallToolResult;
  ms: number;
  requests: number;
}

describe('fault matrix: every tool × every simulator fault', () => {
  let listed: Tool[];
  const key = 'krastie_sim_enterprise';

  beforeAll(async () => {
    // The tool list comes from the server itself, so tools added later join the matrix.
    const sim = await startSimulator();
    const server = await startServer({ baseUrl: sim.url, apiKey: key });
    try {
      listed = (await server.client.listTools()).tools;
    } finally {
      await server.close();
      await sim.close();
    }
  });

  it('covers every listed tool', () => {
    expect(listed.length).toBeGreaterThanOrEqual(14);
    for (const tool of listed) expect(definitionOf(tool.name).endpoint).toBeDefined();
  });

  it('a read that failed after its retries says how many times it was tried', async () => {
    // errors.ts words this from KrastieError.attempts, which is documented as "set by the HTTP layer".
    const sim = await startSimulator();
    const server = await startServer({ baseUrl: sim.url, apiKey: key, env: { KRASTIE_CACHE_TTL_MS: '0' } });
    try {
      const route = routeOf(definitionOf('get_history').endpoint);
      sim.inject({ kind: 'status', status: 500 }, { route });
      const result = await server.call('get_history', {});
      expect(result.isError).toBe(true);
      expect(sim.requestCount(route)).toBe(3);
      expect(textOf(result)).toContain('It was tried 3 times');
    } finally {
      await server.close();
      await sim.close();
    }
  });

  it('an answer that is not HTTP at all is worded as Krastie’s failure, not as a bug in krastie-mcp', async () => {
    // undici's HTTPParserError has no error code; a proxy or a wrong port produces exactly this.
    const upstream = await startTcpUpstream(() => 'SSH-2.0-OpenSSH_9.6\r\n');
    const server = await startServer({
      baseUrl: upstream.url,
      apiKey: key,
      env: { KRASTIE_LOG_LEVEL: 'error' },
    });
    try {
      const ids = { voiceIds: ['bv_one', 'bv_two'], jobId: 'job_one' };
      const results = await Promise.all(listed.map((tool) => server.call(tool.name, validArgs(tool, ids))));
      for (const [i, result] of results.entries()) {
        const label = `${listed[i]?.name}: ${describeResult(result)}`;
        expect(result.isError, label).toBe(true);
        expect(textOf(result), label).not.toMatch(/failed unexpectedly|bug in krastie-mcp/);
        expect(textOf(result), label).toMatch(NEXT_STEP);
      }
      expect(server.stderr()).not.toMatch(CRASH_SIGNS);
    } finally {
      await server.close();
      await upstream.close();
    }
  });

  // Cases run concurrently, each with its own simulator and server process; the oversized body runs
  // alone afterwards, since streaming 50 MB bodies from the in-process simulator would slow the others.
  for (const testCase of FAULTS.filter((c) => !c.sequential)) {
    it.concurrent(testCase.name, () => runCase(testCase, listed, key));
  }
  for (const testCase of FAULTS.filter((c) => c.sequential)) {
    it(testCase.name, () => runCase(testCase, listed, key));
  }
});

async function runCase(testCase: FaultCase, listed: Tool[], key: string): Promise<void> {
  const sim = await startSimulator({ reportDelayMs: 50, jobStepMs: 100 });
  const server = await startServer({
    baseUrl: sim.url,
    apiKey: key,
    env: {
      KRASTIE_TIMEOUT_MS: String(TIMEOUT_MS),
      KRASTIE_REPORT_TIMEOUT_MS: String(REPORT_TIMEOUT_MS),
      KRASTIE_LOG_LEVEL: 'warning',
      // Every read must reach the simulator: the read cache would answer the faulted phases from memory.
      KRASTIE_CACHE_TTL_MS: '0',
    },
  });
  const pid = server.transport.pid;
  try {
    // Baseline: with no fault every tool works with its arguments (a new tool without good ones shows here).
    const baseline = await runAll(sim, server, listed, await seedIds(sim, key), false);
    for (const { tool, result } of baseline) {
      expect(result.isError, `${tool.name} without a fault: ${describeResult(result)}`).toBeFalsy();
    }
    const memoryBefore = pid ? procMemory(pid) : undefined;
    if (testCase.sequential && pid && memoryBefore) {
      sim.inject(testCase.fault, { times: 1 });
      expect((await server.call('get_history', {})).isError).toBe(true);
      const growthKb = procMemory(pid).hwmKb - memoryBefore.hwmKb;
      console.info(`${testCase.name}: one cut-off body raised peak RSS by ${Math.round(growthKb / 1024)} MB`);
      expect(growthKb, `peak RSS grew by ${Math.round(growthKb / 1024)} MB`).toBeLessThan(
        MAX_ONE_BODY_GROWTH_KB,
      );
    }

    for (const phase of ['once', 'persistent'] as const) {
      sim.reset();
      const ids = await seedIds(sim, key);
      for (const tool of listed) {
        const route = routeOf(definitionOf(tool.name).endpoint);
        sim.inject(testCase.fault, { route, times: phase === 'once' ? 1 : Number.POSITIVE_INFINITY });
      }
      const outcomes = await runAll(sim, server, listed, ids, testCase.sequential ?? false);
      for (const outcome of outcomes) check(testCase, phase, outcome, key);
      sim.clearFaults();
    }

    if (testCase.sequential && pid && memoryBefore) {
      const growthKb = procMemory(pid).hwmKb - memoryBefore.hwmKb;
      console.info(
        `${testCase.name}: ${2 * listed.length + 1} cut-off bodies raised peak RSS by ${Math.round(growthKb / 1024)} MB`,
      );
      expect(growthKb, `peak RSS grew by ${Math.round(growthKb / 1024)} MB`).toBeLessThan(
        MAX_MANY_BODIES_GROWTH_KB,
      );
    }

    // The process is still up and the next call works.
    expect(isAlive(pid)).toBe(true);
    const followUp = await server.call('get_history', { limit: 3 });
    expect(followUp.isError, describeResult(followUp)).toBeFalsy();
    expect(server.transportErrors).toEqual([]);
    expect(server.stderr()).not.toMatch(CRASH_SIGNS);
    expect(server.stderr()).not.toContain(key);
    if (testCase.fault.kind === 'deprecated') expect(server.stderr()).toMatch(/deprecated/);
  } finally {
    await server.close();
    await sim.close();
  }
}

/** Calls every tool once (all at once, or one after another) and records time and requests sent. */
async function runAll(
  sim: Simulator,
  server: RunningServer,
  listed: Tool[],
  ids: SeededIds,
  sequential: boolean,
): Promise<Outcome[]> {
  const routes = listed.map((tool) => routeOf(definitionOf(tool.name).endpoint));
  const before = routes.map((route) => sim.requestCount(route));
  const callOne = async (tool: Tool): Promise<Omit<Outcome, 'requests'>> => {
    const started = performance.now();
    const result = await server.call(tool.name, validArgs(tool, ids));
    return { tool, result, ms: performance.now() - started };
  };
  const results: Omit<Outcome, 'requests'>[] = [];
  if (sequential) for (const tool of listed) results.push(await callOne(tool));
  else results.push(...(await Promise.all(listed.map(callOne))));
  return results.map((outcome, i) => ({
    ...outcome,
    requests: sim.requestCount(routes[i]) - (before[i] ?? 0),
  }));
}

function check(testCase: FaultCase, phase: 'once' | 'persistent', outcome: Outcome, key: string): void {
  const { tool, result, ms, requests } = outcome;
  const definition = definitionOf(tool.name);
  const { effect, cost } = definition.endpoint;
  const label = `${testCase.name} (${phase}) → ${tool.name}: ${describeResult(result)}`;
  const text = textOf(result);

  // Within its budget: the report's own timeout, else two attempts' worth (http.ts's default budget).
  const budget = cost === 'report-refresh' ? REPORT_TIMEOUT_MS : 2 * TIMEOUT_MS;
  expect(ms, `${label}: took ${Math.round(ms)} ms`).toBeLessThan(budget + SLACK_MS);

  // Never sent twice when it spends or changes data; a read is tried at most 3 times.
  if (effect === 'read') {
    expect(requests, `${label}: read sent ${requests} times`).toBeGreaterThanOrEqual(1);
    expect(requests, `${label}: read sent ${requests} times`).toBeLessThanOrEqual(3);
  } else {
    expect(requests, `${label}: ${effect} request sent ${requests} times`).toBe(1);
  }

  expect(text).not.toContain(key);
  expect(text).not.toMatch(/<\/?(html|body|h1|center)|nginx/i);
  expect(text).not.toMatch(/failed unexpectedly|Output validation error|at .*\.js:\d+/);

  if (!testCase.errorText) {
    expect(result.isError, label).toBeFalsy();
    return;
  }
  if (phase === 'once' && testCase.readRecovers && effect === 'read') {
    // A safe read hit by a passing fault is retried and answers correctly.
    expect(result.isError, `${label}: a read should have been retried`).toBeFalsy();
    expect(requests, label).toBe(2);
    return;
  }
  if (!result.isError) {
    // Only a correct result is acceptable here: e.g. a report still running, or a write whose small
    // body got through. The SDK client has already checked structuredContent against the output schema.
    expect(result.structuredContent, label).toBeDefined();
    return;
  }
  expect(text, label).toMatch(testCase.errorText);
  expect(text, label).toMatch(NEXT_STEP);
  if (effect !== 'read' && /may still have/.test(text)) {
    expect(text, `${label}: a paid or changing call must say it was not repeated`).toMatch(
      /did not retry it automatically/,
    );
  }
}
