/**
 * 200 concurrent calls through one server process against the simulator with random faults armed.
 * Every call gets exactly one response, and the simulator's credit counter equals the number of
 * successful credit-spending calls.
 *
 * The simulator charges when it processes a request. Faults that replace the request (status codes,
 * reset-before, echo-key) or delay it (latency below the timeout) act before processing: a failed call
 * was not charged, a successful one was, so the counter must equal the successes exactly. Faults that
 * act after processing (reset-mid-body, truncated, empty, slow-drip, oversized) charge a call that then
 * fails; the second property accounts for them: every such charge must belong to a failure whose text
 * warns that the credit may have been spent.
 */
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fault, type Simulator, startSimulator } from '../../src/simulator/index.js';
import {
  CRASH_SIGNS,
  countResponses,
  definitionOf,
  describeResult,
  routeOf,
  seedIds,
  validArgs,
} from '../support/reliability.js';
import { type RunningServer, startServer, textOf } from '../support/server.js';

const KEY = 'krastie_sim_enterprise';
const CALLS = 200;
const RUNS = Number(process.env.CONCURRENCY_RUNS ?? 2);
const MAY_HAVE_CHARGED = /may still have done the work and charged 1 AI credit/;

const beforeProcessing: fc.Arbitrary<Fault> = fc.oneof(
  fc.constantFrom<Fault>(
    { kind: 'status', status: 500 },
    { kind: 'status', status: 502, html: true },
    { kind: 'status', status: 503, retryAfter: '1' },
    { kind: 'status', status: 429, retryAfter: '1' },
    { kind: 'status', status: 429, retryAfter: '3600' },
    { kind: 'reset-before' },
    { kind: 'echo-key' },
  ),
  fc.integer({ min: 5, max: 400 }).map((ms): Fault => ({ kind: 'latency', ms })),
);

const afterProcessing: fc.Arbitrary<Fault> = fc.constantFrom<Fault>(
  { kind: 'reset-mid-body' },
  { kind: 'truncated' },
  { kind: 'empty' },
  { kind: 'oversized', bytes: 12 * 1024 * 1024 },
  // 16 bytes per 200 ms: longer than the 3 s timeout for any generated text.
  { kind: 'slow-drip', intervalMs: 200 },
);

interface Plan {
  /** Index into the listed tools, per call. */
  calls: number[];
  /** Faults to arm, each for one request to the route of the tool at `tool`. */
  faults: { tool: number; fault: Fault }[];
}

function planArbitrary(
  toolCount: number,
  weights: number[],
  faults: fc.Arbitrary<Fault>,
): fc.Arbitrary<Plan> {
  // Credit-spending tools are drawn more often than the others, so the counter has work to do.
  const tool = fc.oneof(...weights.map((weight, index) => ({ weight, arbitrary: fc.constant(index) })));
  return fc.record({
    calls: fc.array(tool, { minLength: CALLS, maxLength: CALLS }),
    faults: fc.array(fc.record({ tool: fc.nat({ max: toolCount - 1 }), fault: faults }), {
      minLength: 20,
      maxLength: 150,
    }),
  });
}

describe('200 concurrent calls with random faults', () => {
  let sim: Simulator;
  let server: RunningServer;
  let responses: Map<string | number, number>;
  let listed: Tool[];
  let requestsSent = 0;

  beforeAll(async () => {
    sim = await startSimulator({ reportDelayMs: 30, jobStepMs: 100 });
    server = await startServer({
      baseUrl: sim.url,
      apiKey: KEY,
      // Generous per-attempt time: nothing must time out while 200 calls queue for 32 connections,
      // except on purpose (slow-drip); 3 s keeps those short.
      env: {
        KRASTIE_TIMEOUT_MS: '3000',
        KRASTIE_REPORT_TIMEOUT_MS: '10000',
        KRASTIE_LOG_LEVEL: 'warning',
        // Reads go to the simulator (and meet its faults) rather than to the read cache.
        KRASTIE_CACHE_TTL_MS: '0',
      },
    });
    responses = countResponses(server.transport);
    listed = (await server.client.listTools()).tools;
    requestsSent = 1;
  });
  afterAll(async () => {
    await server?.close();
    await sim?.close();
  });

  /** Arms the plan's faults, fires every call at once, and returns the results in call order. */
  async function run(plan: Plan): Promise<{ tool: Tool; result: CallToolResult }[]> {
    sim.reset();
    const ids = await seedIds(sim, KEY);
    seeded = new Map();
    seeded = new Map(listed.map((tool) => [tool.name, sentBy(tool)]));
    creditsBefore = sim.creditsUsed(KEY);
    reportsBefore = sim.reportRunsUsed(KEY);
    for (const { tool, fault } of plan.faults) {
      const listedTool = listed[tool];
      if (listedTool) sim.inject(fault, { route: routeOf(definitionOf(listedTool.name).endpoint), times: 1 });
    }
    const tools = plan.calls.map((index) => listed[index] as Tool);
    requestsSent += tools.length;
    const results = await Promise.all(tools.map((tool) => server.call(tool.name, validArgs(tool, ids))));
    sim.clearFaults();
    return tools.map((tool, i) => ({ tool, result: results[i] as CallToolResult }));
  }

  /** Requests received on the tool's route since the plan's IDs were seeded. */
  let seeded = new Map<string, number>();
  /** Counters once the plan's IDs were seeded (seeding queues a job, which costs a credit). */
  let creditsBefore = 0;
  let reportsBefore = 0;
  function sentBy(tool: Tool): number {
    return sim.requestCount(routeOf(definitionOf(tool.name).endpoint)) - (seeded.get(tool.name) ?? 0);
  }

  function costOf(tool: Tool) {
    return definitionOf(tool.name).endpoint.cost;
  }

  function weights(): number[] {
    return listed.map((tool) => (costOf(tool) === 'ai-credit' ? 6 : costOf(tool) ? 2 : 1));
  }

  it('faults before processing: the credit counter equals the successful credit-spending calls', async () => {
    const details = await fc.check(
      fc.asyncProperty(planArbitrary(listed.length, weights(), beforeProcessing), async (plan) => {
        const outcomes = await run(plan);
        const charged = outcomes.filter(
          ({ tool, result }) => costOf(tool) === 'ai-credit' && !result.isError,
        );
        const reports = outcomes.filter(
          ({ tool, result }) =>
            costOf(tool) === 'report-refresh' &&
            !result.isError &&
            result.structuredContent?.status === 'completed',
        );
        expect(sim.creditsUsed(KEY) - creditsBefore).toBe(charged.length);
        for (const tool of new Set(outcomes.map((outcome) => outcome.tool))) {
          if (definitionOf(tool.name).endpoint.effect === 'read') continue;
          const calls = outcomes.filter((outcome) => outcome.tool === tool).length;
          expect(sentBy(tool), `${tool.name} requests`).toBe(calls);
        }
        expect(sim.reportRunsUsed(KEY) - reportsBefore).toBe(reports.length);
        for (const { tool, result } of outcomes) {
          expect(textOf(result), `${tool.name}: ${describeResult(result)}`).not.toMatch(
            /failed unexpectedly/,
          );
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    if (details.failed) {
      const cause =
        details.errorInstance instanceof Error
          ? details.errorInstance.message
          : String(details.errorInstance);
      throw new Error(`failed with seed ${details.seed}: ${cause}`);
    }
  });

  it('faults after processing: every credit charged for a failed call is flagged as possibly charged', async () => {
    const details = await fc.check(
      fc.asyncProperty(
        planArbitrary(listed.length, weights(), fc.oneof(beforeProcessing, afterProcessing)),
        async (plan) => {
          const outcomes = await run(plan);
          const spending = outcomes.filter(({ tool }) => costOf(tool) === 'ai-credit');
          const succeeded = spending.filter(({ result }) => !result.isError).length;
          const flagged = spending.filter(
            ({ result }) => result.isError && MAY_HAVE_CHARGED.test(textOf(result)),
          );
          const credits = sim.creditsUsed(KEY) - creditsBefore;
          // Successes were charged; any extra charge belongs to a failure that said it may have cost a credit.
          expect(credits).toBeGreaterThanOrEqual(succeeded);
          expect(credits).toBeLessThanOrEqual(succeeded + flagged.length);
          // And each credit-spending call was sent exactly once, whatever happened to it.
          for (const tool of new Set(spending.map((outcome) => outcome.tool))) {
            const calls = spending.filter((outcome) => outcome.tool === tool).length;
            expect(sentBy(tool), `${tool.name} requests`).toBe(calls);
          }
        },
      ),
      { numRuns: RUNS, endOnFailure: true },
    );
    if (details.failed) {
      const cause =
        details.errorInstance instanceof Error
          ? details.errorInstance.message
          : String(details.errorInstance);
      throw new Error(`failed with seed ${details.seed}: ${cause}`);
    }
  });

  it('answered every call exactly once, without transport errors, and stays up', async () => {
    const followUp = await server.call('get_history', { limit: 2 });
    requestsSent += 1;
    expect(followUp.isError, describeResult(followUp)).toBeFalsy();
    expect([...responses].filter(([, count]) => count !== 1)).toEqual([]);
    expect(responses.size).toBe(requestsSent);
    expect(server.transportErrors).toEqual([]);
    expect(server.stderr()).not.toMatch(CRASH_SIGNS);
  });
});
