/**
 * The `tools/list` answer, rendered once and cached. We render it ourselves instead of using the SDK's
 * handler so the schemas stay portable and small: no `$schema`, no `additionalProperties: false`, and no
 * string-length or pattern keywords, which several clients' schema dialects reject (OpenAI strict mode,
 * older Gemini). Every byte also costs the user context on every turn.
 * The zod schemas stay the source of truth: the SDK validates every call against them, and a value out
 * of bounds comes back as an error naming the field.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import type { ToolDefinition } from './tools/define-tool.js';

// biome-ignore lint/suspicious/noExplicitAny: the registry holds tools of many shapes
type AnyTool = ToolDefinition<any, any>;

/** The rendering of every tool, done at build time (scripts/build.mjs) so start-up skips it. */
declare const __KRASTIE_TOOL_LIST__: string | undefined;

let everyTool: Tool[] | undefined;

/** Every tool's listing, from the build when it made one (dist/), else rendered now (tests, tsx). */
export function allToolListings(tools: readonly AnyTool[]): Tool[] {
  everyTool ??=
    typeof __KRASTIE_TOOL_LIST__ === 'string' ? JSON.parse(__KRASTIE_TOOL_LIST__) : renderToolList(tools);
  return everyTool as Tool[];
}

export function renderToolList(tools: readonly AnyTool[]): Tool[] {
  return tools.map((tool) => ({
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: compact(jsonSchema(tool.input, 'input'), INPUT_ONLY_DROPPED) as Tool['inputSchema'],
    outputSchema: outputSchema(tool.output),
    annotations: tool.annotations,
  }));
}

const INPUT_ONLY_DROPPED = new Set(['minLength', 'maxLength', 'pattern']);

function jsonSchema(shape: z.ZodRawShape, io: 'input' | 'output'): Record<string, unknown> {
  return compact(z.toJSONSchema(z.object(shape), { io, target: 'draft-7' })) as Record<string, unknown>;
}

/** Output schemas tell programs what to expect; below the top level, `required` lists only add bytes. */
function outputSchema(shape: z.ZodRawShape): Tool['outputSchema'] {
  const { properties, required } = jsonSchema(shape, 'output') as {
    properties: Record<string, object>;
    required?: string[];
  };
  const loose = Object.fromEntries(
    Object.entries(properties).map(([key, child]) => [key, withoutRequired(child) as object]),
  );
  return { type: 'object', properties: loose, ...(required ? { required } : {}) };
}

function withoutRequired(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutRequired);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).flatMap(([key, child]) =>
      key === 'required' ? [] : [[key, withoutRequired(child)]],
    ),
  );
}

function compact(value: unknown, dropped: ReadonlySet<string> = NONE): unknown {
  if (Array.isArray(value)) return value.map((item) => compact(item, dropped));
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '$schema' || (key === 'additionalProperties' && child === false) || dropped.has(key))
      continue;
    // `properties` maps field names to schemas: a field may be called "pattern" without being dropped.
    result[key] =
      key === 'properties' ? mapValues(child, (schema) => compact(schema, dropped)) : compact(child, dropped);
  }
  return result;
}

function mapValues(value: unknown, map: (child: unknown) => unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, map(child)]));
}

const NONE: ReadonlySet<string> = new Set();
