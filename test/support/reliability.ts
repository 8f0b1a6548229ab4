/**
 * Helpers for the reliability suite (test/reliability): valid arguments per tool, real IDs from the
 * simulator, the tool registry's endpoint facts by name, child-process memory and file-descriptor
 * readings from /proc, and a response counter on the SDK client transport.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult, JSONRPCMessage, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Simulator } from '../../src/simulator/index.js';
import type { ToolDefinition } from '../../src/tools/define-tool.js';
import { tools } from '../../src/tools/index.js';
import { textOf } from './server.js';

// biome-ignore lint/suspicious/noExplicitAny: the registry holds tools of many shapes
export type AnyTool = ToolDefinition<any, any>;

/** The registry entry behind a listed tool: its endpoint (route, effect, cost) and zod input shape. */
export function definitionOf(name: string): AnyTool {
  const tool = tools.find((t) => t.name === name);
  if (!tool) throw new Error(`tools/list names "${name}", which src/tools/index.ts does not register`);
  return tool;
}

/** The simulator's counter key for an endpoint, e.g. "POST /v1/ai/generate/chat". */
/** The simulator's counter key for an endpoint (one definition: support/routes.ts). */
export { route as routeOf } from './routes.js';

/** Real IDs a tool may need, read from the simulator before any fault is armed. */
export interface SeededIds {
  /** Brand voice IDs of the account (the simulator seeds two per workspace). */
  voiceIds: string[];
  /** An async generation job's ID. */
  jobId: string;
}

async function api(sim: Simulator, key: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: { 'api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

export async function seedIds(sim: Simulator, key: string): Promise<SeededIds> {
  const voices = (await api(sim, key, 'GET', '/v1/ai/brand-voice')).data as { id: string }[];
  // A second voice so update and delete never race for the same one.
  while (voices.length < 2) {
    const created = await api(sim, key, 'POST', '/v1/ai/generate/brand-voice/text', {
      text: 'Plain words. Short sentences. We help.',
    });
    voices.push(created.data as { id: string });
  }
  const job = await api(sim, key, 'POST', '/v1/ai/generate/text', {
    text: 'A tagline for a job id',
    model: 'gpt-4o',
    useWorker: true,
  });
  return { voiceIds: voices.map((v) => v.id), jobId: String(job.jobId) };
}

/**
 * Valid arguments that make each tool send exactly one request to its own endpoint (the registry's
 * `endpoint`). A tool added later gets arguments built from its JSON Schema; if those are not good
 * enough, the baseline check of the fault matrix fails and names the tool, so it gets an entry here.
 */
export function validArgs(tool: Tool, ids: SeededIds): Record<string, unknown> {
  const voice = ids.voiceIds[0] ?? 'bv_missing';
  const other = ids.voiceIds[1] ?? 'bv_missing';
  switch (tool.name) {
    case 'suggest_report_inputs':
      return { websiteUrl: 'northwind-outfitters.com' };
    case 'run_visibility_report':
      return {
        websiteUrl: 'northwind-outfitters.com',
        competitors: ['rei.com'],
        prompts: ['best hiking boots'],
      };
    case 'get_latest_report':
    case 'get_workspace_context':
    case 'list_brand_voices':
      return {};
    case 'get_history':
      return { limit: 30 };
    case 'generate_content':
      return { prompt: 'Write a two-line tagline for an outdoor shop.' };
    case 'improve_content':
      return { content: 'Our boots is good and they lasts long.', kind: 'seo', keyword: 'hiking boots' };
    case 'get_job':
      return { jobId: ids.jobId };
    case 'chat_with_workspace':
      return { message: 'Which page should I update first?' };
    case 'get_brand_voice':
      return { brandVoiceId: voice };
    case 'create_brand_voice':
      // The website route is the one the registry names for this tool.
      return { source: 'website', websiteUrl: 'northwind-outfitters.com', name: 'Matrix voice' };
    case 'update_brand_voice':
      return { brandVoiceId: voice, tone: 'calm, precise' };
    case 'delete_brand_voice':
      // No elicitation capability in the test client: the explicit confirmation is the way through.
      return { brandVoiceId: other, confirm: true };
    default:
      return argsFromSchema(tool, ids);
  }
}

/** Fills required fields from the JSON Schema: enums take their first value, IDs a seeded one. */
function argsFromSchema(tool: Tool, ids: SeededIds): Record<string, unknown> {
  const properties = (tool.inputSchema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const args: Record<string, unknown> = {};
  for (const name of tool.inputSchema.required ?? []) {
    const schema = properties[name] ?? {};
    if (Array.isArray(schema.enum)) args[name] = schema.enum[0];
    else if (schema.type === 'boolean') args[name] = true;
    else if (schema.type === 'number' || schema.type === 'integer') args[name] = 1;
    else if (schema.type === 'array') args[name] = ['example'];
    else if (/voice/i.test(name)) args[name] = ids.voiceIds[0];
    else if (/job/i.test(name)) args[name] = ids.jobId;
    else if (/url|website/i.test(name)) args[name] = 'northwind-outfitters.com';
    else args[name] = 'example';
  }
  return args;
}

/** Memory of a child process in KiB: current (VmRSS) and peak (VmHWM) resident set size. */
export function procMemory(pid: number): { rssKb: number; hwmKb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match?.[1]) throw new Error(`no ${name} in /proc/${pid}/status`);
    return Number(match[1]);
  };
  return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
}

/** Open file descriptors of a process. */
export function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

export function isAlive(pid: number | null | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** What must never be on a server's stderr: a crash signal or a bug in the one wrapper. */
export const CRASH_SIGNS =
  /unhandled ?rejection|UnhandledPromiseRejection|uncaught exception|failed unexpectedly/i;

/**
 * Counts JSON-RPC responses per request id as they arrive on the client transport, so a test can prove
 * every request got exactly one answer. Call after `client.connect()` (which installs `onmessage`).
 */
export function countResponses(transport: StdioClientTransport): Map<string | number, number> {
  const counts = new Map<string | number, number>();
  const deliver = transport.onmessage;
  transport.onmessage = (message: JSONRPCMessage) => {
    if ('id' in message && message.id !== undefined && ('result' in message || 'error' in message)) {
      counts.set(message.id, (counts.get(message.id) ?? 0) + 1);
    }
    deliver?.(message);
  };
  return counts;
}

/** Runs async tasks with at most `limit` at a time; results in input order. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** One line per result, for failure messages. */
export function describeResult(result: CallToolResult): string {
  return `${result.isError ? 'isError' : 'ok'}: ${textOf(result).slice(0, 400)}`;
}
