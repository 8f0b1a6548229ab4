/**
 * Property-based fuzzing of every tool's arguments through the real MCP layer (the built CLI over stdio,
 * against the simulator with the unlimited enterprise key, so valid-by-chance calls work): wrong types,
 * missing and extra fields, 1 MB strings, emoji/RTL/NUL characters, deep nesting, arrays sent as JSON
 * strings. Invalid arguments must come back as an isError result that names the field (so a model can
 * correct itself); nothing may crash: every call gets exactly one answer, no transport errors, and the
 * process stays up.
 *
 * `npm test` runs ~40 cases per tool; FUZZ_RUNS=N (what `npm run fuzz` sets, 10,000) spreads N cases
 * over the tools. FUZZ_SEED=n replays a run.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { tools as registry } from '../../src/tools/index.js';
import {
  countResponses,
  definitionOf,
  describeResult,
  isAlive,
  routeOf,
  seedIds,
  validArgs,
} from '../support/reliability.js';
import { type RunningServer, startServer, textOf } from '../support/server.js';

const KEY = 'krastie_sim_enterprise';
const MB = 1024 * 1024;
const CI_RUNS_PER_TOOL = 40;
const TOTAL_RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : undefined;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
/** A tool error is read by a model: it must stay short even when the input was 1 MB. */
const MAX_ERROR_CHARS = 20_000;

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
};

// Strings a client or a model really sends, and the ones that break naive code.
const nasty = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u202Eevil.com',
  'مرحبا بالعالم',
  'שלום',
  '🦄👩‍👩‍👧‍👦🇧🇪',
  '\uD800',
  '\r\n\t',
  '"},{"jsonrpc":"2.0"}\n',
  '../../v1/ai/brand-voice',
  '%2e%2e',
  'null',
  'true',
  '[]',
  '{}',
  '1e309',
  '<script>alert(1)</script>',
  'krastie_not_my_key',
);
const plausible = fc.constantFrom(
  'acme.com',
  'https://northwind-outfitters.com/',
  'gpt-4o',
  'claude-3-5-sonnet',
  'o1',
  'seo',
  'readability',
  '2026-01-31',
  'website',
  'text',
  'bv_123',
  'Write a tagline.',
);
const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: nasty },
  { weight: 3, arbitrary: plausible },
);
/** ~1 MB strings of one character: ASCII, accented, emoji, NUL, RTL override. */
const huge = fc
  .constantFrom('x', 'é', '🦄', '\u0000', '\u202E')
  .map((char) => char.repeat(Math.ceil(MB / char.length)));
/** Arrays or objects nested 10 to 3,000 levels deep. */
const deep = fc.tuple(fc.integer({ min: 10, max: 3_000 }), fc.boolean()).map(([depth, useArrays]) => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = useArrays ? [value] : { a: value };
  return value;
});
const anyJson = fc.jsonValue({ maxDepth: 3 });
const arrayAsJsonString = fc.array(text, { maxLength: 5 }).map((items) => JSON.stringify(items));

/** Real IDs from the simulator, so calls that name one can succeed (set before the first property runs). */
const realIds = { voices: ['bv_missing'], jobs: ['job_missing'] };

/** A value of roughly the schema's type (what a careful model sends). */
function plausibleValue(schema: JsonSchema, field = ''): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (/voice.*id$/i.test(field)) return fc.oneof(fc.constantFrom(...realIds.voices), text);
  if (/job.*id$/i.test(field)) return fc.oneof(fc.constantFrom(...realIds.jobs), text);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'boolean':
      return fc.oneof(fc.boolean(), fc.constantFrom('true', 'false', 'TRUE', ' yes '));
    case 'integer':
    case 'number':
      return fc.oneof(
        fc.integer({ min: -5, max: 2_000 }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer({ min: 0, max: 2_000 }).map(String),
      );
    case 'array': {
      const items = fc.array(schema.items ? plausibleValue(schema.items) : text, { maxLength: 60 });
      return fc.oneof(
        items,
        items.map((value) => JSON.stringify(value)),
      );
    }
    default:
      return text;
  }
}

/** Any value for a field: plausible, or of the wrong type, null, huge, deep, or an array as a JSON string. */
function fieldValue(schema: JsonSchema, field: string): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 12, arbitrary: plausibleValue(schema, field) },
    { weight: 4, arbitrary: anyJson },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: arrayAsJsonString },
    { weight: 1, arbitrary: deep },
    { weight: 1, arbitrary: huge },
  );
}

/** Arguments for a tool: each known field present or missing, plus unknown extra fields. */
function argumentsFor(tool: Tool): fc.Arbitrary<Record<string, unknown>> {
  const properties = (tool.inputSchema.properties ?? {}) as Record<string, JsonSchema>;
  const fields = fc.record(
    Object.fromEntries(Object.entries(properties).map(([name, schema]) => [name, fieldValue(schema, name)])),
    { requiredKeys: [] },
  );
  const extraKey = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom('__proto__', 'constructor', 'toString'),
  );
  const extras = fc.oneof(
    { weight: 3, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: fc.dictionary(extraKey, fc.oneof(anyJson, deep), { maxKeys: 3 }) },
  );
  return fc.tuple(fields, extras).map(([known, extra]) => ({ ...extra, ...known }));
}

describe('fuzzing every tool’s arguments through MCP', () => {
  let sim: Simulator;
  let server: RunningServer;
  let responses: Map<string | number, number>;
  let listed: Tool[];
  let calls = 0;
  /** Per tool: calls whose arguments were valid, and how many of those succeeded. */
  const stats = new Map<string, { calls: number; valid: number; ok: number }>();

  beforeAll(async () => {
    sim = await startSimulator({ reportDelayMs: 5, jobStepMs: 50 });
    server = await startServer({
      baseUrl: sim.url,
      apiKey: KEY,
      env: { KRASTIE_TIMEOUT_MS: '5000', KRASTIE_REPORT_TIMEOUT_MS: '5000', KRASTIE_LOG_LEVEL: 'warning' },
    });
    responses = countResponses(server.transport);
    listed = (await server.client.listTools()).tools;
    const ids = await seedIds(sim, KEY);
    realIds.voices = ids.voiceIds;
    realIds.jobs = [ids.jobId];
  });
  afterAll(async () => {
    const lines = [...stats].map(
      ([name, s]) => `${name}: ${s.calls} calls, ${s.valid} valid, ${s.ok} succeeded`,
    );
    console.info(`fuzz: ${calls} calls\n${lines.join('\n')}`);
    await server?.close();
    await sim?.close();
  });

  // Tests are registered before the server runs, so by the registry's names (the list the server is
  // built from); the first test checks tools/list names the same tools.
  const names = process.env.FUZZ_TOOLS?.split(',') ?? registry.map((tool) => tool.name);
  const runsPerTool = TOTAL_RUNS ? Math.ceil(TOTAL_RUNS / names.length) : CI_RUNS_PER_TOOL;

  it('tools/list names exactly the registered tools', () => {
    expect(listed.map((tool) => tool.name).sort()).toEqual(registry.map((tool) => tool.name).sort());
  });

  for (const name of names) {
    it(`${name}: ${runsPerTool} random argument sets`, { timeout: 60_000 + runsPerTool * 200 }, async () => {
      const tool = listed.find((t) => t.name === name);
      if (!tool) throw new Error(`${name} is registered but not listed`);
      const input = z.object(definitionOf(name).input);
      const details = await fc.check(
        fc.asyncProperty(argumentsFor(tool), async (args) => {
          calls++;
          const stat = stats.get(name) ?? { calls: 0, valid: 0, ok: 0 };
          stats.set(name, stat);
          stat.calls++;
          const sent = JSON.parse(JSON.stringify(args)) as Record<string, unknown>;
          // A protocol error or a lost answer rejects here; a tool error must be a result.
          const result = await server.call(name, sent);
          const body = textOf(result);
          const label = `${name}: ${describeResult(result)}`;
          expect(body, label).not.toMatch(/failed unexpectedly|Output validation error/);
          const local = input.safeParse(sent);
          if (!local.success) {
            expect(result.isError, label).toBe(true);
            const fields = [...new Set(local.error.issues.map((issue) => String(issue.path[0])))];
            expect(
              fields.some((field) => body.includes(field)),
              `${label}\nshould name one of: ${fields.join(', ')}`,
            ).toBe(true);
          }
          if (local.success) stat.valid++;
          if (!result.isError) stat.ok++;
          if (result.isError) expect(body.length, label).toBeLessThan(MAX_ERROR_CHARS);
        }),
        { numRuns: runsPerTool, seed: SEED, endOnFailure: true },
      );
      if (details.failed) throw new Error(summarize(name, details));
    });
  }

  it('an ID that cannot be written in a URL (a lone surrogate) is an input error naming the field', async () => {
    // Found by the fuzzer: encodeURIComponent throws URIError for "\ud800", which reached the model as
    // "krastie-mcp failed unexpectedly … This is a bug" (and, for writes, "Krastie may still have made the change").
    const ids = await seedIds(sim, KEY);
    for (const tool of listed) {
      const properties = (tool.inputSchema.properties ?? {}) as Record<string, { type?: string }>;
      for (const field of Object.keys(properties).filter((name) => /Id$/.test(name))) {
        const { endpoint } = definitionOf(tool.name);
        const route = routeOf(endpoint);
        const before = sim.requestCount(route);
        const result = await server.call(tool.name, { ...validArgs(tool, ids), [field]: '\ud800' });
        calls++;
        const body = textOf(result);
        const label = `${tool.name}.${field}: ${describeResult(result)}`;
        expect(body, label).not.toMatch(/failed unexpectedly/);
        // An ID that goes into the path cannot be sent at all; one in a body is valid (escaped) JSON.
        if (endpoint.path.includes('{')) expect(sim.requestCount(route), label).toBe(before);
        if (sim.requestCount(route) === before) {
          // Nothing was sent, so the answer is about the input, and claims no possible charge or change.
          expect(result.isError, label).toBe(true);
          expect(body, label).toContain(field);
          expect(body, label).not.toMatch(/may still have/);
        }
      }
    }
  });

  it('stays up: every call got exactly one answer, no transport error, and the next call works', async () => {
    expect(calls).toBeGreaterThan(0);
    const followUp = await server.call('get_history', { limit: 2 });
    expect(followUp.isError, describeResult(followUp)).toBeFalsy();
    expect(isAlive(server.transport.pid)).toBe(true);
    const duplicates = [...responses].filter(([, count]) => count !== 1);
    expect(duplicates).toEqual([]);
    // tools/list + every fuzz call + the follow-up (initialize was answered before counting began).
    expect(responses.size).toBe(calls + 2);
    expect(server.transportErrors).toEqual([]);
    // (A "failed unexpectedly" log line is already reported by the call that caused it.)
    expect(server.stderr()).not.toMatch(/unhandled rejection|UnhandledPromiseRejection|uncaught exception/i);
  });
});

/** A failure report that fits on a screen: counterexamples may hold 1 MB strings or 3,000 levels. */
function summarize(name: string, details: fc.RunDetails<[Record<string, unknown>]>): string {
  let example: string;
  try {
    example = JSON.stringify(details.counterexample?.[0], (_key, value: unknown) =>
      typeof value === 'string' && value.length > 200
        ? `${value.slice(0, 40)}…(${value.length} chars)`
        : value,
    );
  } catch {
    // Too deep for a replacer: name the fields instead.
    example = `{${Object.keys(details.counterexample?.[0] ?? {}).join(', ')}} (deeply nested)`;
  }
  const cause =
    details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  return [
    `${name}: property failed after ${details.numRuns} runs (replay: FUZZ_SEED=${details.seed} FUZZ_TOOLS=${name})`,
    `arguments: ${example.length > 2_000 ? `${example.slice(0, 2_000)}…` : example}`,
    `cause: ${cause.slice(0, 3_000)}`,
  ].join('\n');
}
