import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { useServer } from '../support/fixture.js';

/** JSON Schema keywords that some clients (Gemini, OpenAI strict mode, LangChain…) cannot read. */
const NON_PORTABLE = ['anyOf', 'oneOf', 'allOf', 'format', '$ref', 'not', 'if'];

function keysDeep(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) keysDeep(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      found.add(key);
      keysDeep(child, found);
    }
  }
  return found;
}

describe('tools/list', () => {
  const ctx = useServer({ reset: false });
  let tools: Tool[];

  beforeAll(async () => {
    tools = (await ctx.server.client.listTools()).tools;
  });

  it('matches the reviewed snapshot (a schema or description change shows in review)', async () => {
    await expect(`${JSON.stringify(tools, null, 2)}\n`).toMatchFileSnapshot(
      './__snapshots__/tools-list.json',
    );
  });

  it('stays small in the context window', () => {
    const bytes = Buffer.byteLength(JSON.stringify({ tools }));
    console.log(`tools/list: ${bytes} bytes for ${tools.length} tools`);
    const four = tools.filter((t) =>
      ['run_visibility_report', 'get_history', 'improve_content', 'chat_with_workspace'].includes(t.name),
    );
    expect(Buffer.byteLength(JSON.stringify({ tools: four }))).toBeLessThanOrEqual(6 * 1024);
    expect(bytes).toBeLessThanOrEqual(16 * 1024);
    expect(Buffer.byteLength(ctx.server.client.getInstructions() ?? '')).toBeLessThanOrEqual(1_500);
  });

  it('gives every tool a title, all four annotations, an output schema and described inputs', () => {
    for (const tool of tools) {
      expect(tool.title, tool.name).toBeTruthy();
      expect(tool.description?.length, tool.name).toBeGreaterThan(80);
      for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
        expect(typeof tool.annotations?.[hint], `${tool.name}.${hint}`).toBe('boolean');
      }
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      for (const [field, schema] of Object.entries(tool.inputSchema.properties ?? {})) {
        expect((schema as { description?: string }).description, `${tool.name}.${field}`).toBeTruthy();
      }
    }
  });

  it('keeps input schemas to the portable subset of JSON Schema', () => {
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe('object');
      const keys = keysDeep(tool.inputSchema.properties ?? {});
      for (const keyword of NON_PORTABLE)
        expect(keys.has(keyword), `${tool.name} uses ${keyword}`).toBe(false);
      for (const schema of Object.values(tool.inputSchema.properties ?? {})) {
        expect(['string', 'number', 'integer', 'boolean', 'array']).toContain(
          (schema as { type?: string }).type,
        );
      }
    }
  });
});
