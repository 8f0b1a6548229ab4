import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TOOLSETS } from '../../src/tools/define-tool.js';
import { tools } from '../../src/tools/index.js';

const kebab = (name: string) => name.replace(/_/g, '-');

describe('the tool registry', () => {
  it('has unique snake_case names, one file and one test per tool', () => {
    expect(new Set(tools.map((t) => t.name)).size).toBe(tools.length);
    for (const tool of tools) {
      expect(tool.name).toMatch(/^[a-z]+(_[a-z]+)+$/);
      expect(existsSync(new URL(`../../src/tools/${kebab(tool.name)}.ts`, import.meta.url)), tool.name).toBe(
        true,
      );
      expect(existsSync(new URL(`./${kebab(tool.name)}.test.ts`, import.meta.url)), tool.name).toBe(true);
      expect(TOOLSETS).toContain(tool.toolset);
    }
  });

  it.each(tools.map((t) => [t.name, t] as const))('%s: annotations agree with what it does', (_, tool) => {
    const { method, effect } = tool.endpoint;
    const { readOnlyHint, destructiveHint, idempotentHint } = tool.annotations;
    // A tool is read-only exactly when its call changes nothing and spends nothing.
    expect(readOnlyHint).toBe(effect === 'read');
    if (method === 'GET') expect(readOnlyHint).toBe(true);
    if (method === 'DELETE') expect(destructiveHint).toBe(true);
    if (readOnlyHint) {
      expect(destructiveHint).toBe(false);
      expect(idempotentHint).toBe(true);
    }
    // Spending calls are never idempotent: each one costs again.
    if (effect === 'spend') expect(idempotentHint).toBe(false);
    expect(tool.annotations.openWorldHint).toBe(true);
  });

  it('names what each paid tool costs in its description', () => {
    for (const tool of tools) {
      if (tool.endpoint.cost === 'ai-credit') expect(tool.description, tool.name).toMatch(/1 AI credit/);
      if (tool.endpoint.cost === 'report-refresh')
        expect(tool.description, tool.name).toMatch(/report refresh/);
      if (tool.endpoint.effect === 'read') expect(tool.description, tool.name).toMatch(/free/i);
    }
  });
});
