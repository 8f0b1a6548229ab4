import type { GetPromptResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { useServer } from '../support/fixture.js';

function promptText(result: GetPromptResult): string {
  const content = result.messages[0]?.content;
  return content?.type === 'text' ? content.text : '';
}

describe('resources, prompts and instructions', () => {
  const ctx = useServer({ reset: false });

  const readJson = async (uri: string) => {
    const { contents } = await ctx.server.client.readResource({ uri });
    expect(contents[0]?.mimeType).toBe('application/json');
    const first = contents[0];
    return JSON.parse(first && 'text' in first ? first.text : '');
  };

  it('lists the fixed resources and the brand-voice template', async () => {
    const { resources } = await ctx.server.client.listResources();
    expect(resources.map((r) => r.uri).sort()).toEqual([
      'krastie://brand-voices',
      'krastie://models',
      'krastie://report/history',
      'krastie://report/latest',
      'krastie://workspace/context',
    ]);
    const { resourceTemplates } = await ctx.server.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(['krastie://brand-voices/{id}']);
  });

  it('reads each resource as the structured result of the matching tool', async () => {
    for (const [uri, tool, args] of [
      ['krastie://report/latest', 'get_latest_report', {}],
      ['krastie://report/history', 'get_history', {}],
      ['krastie://workspace/context', 'get_workspace_context', {}],
      ['krastie://brand-voices', 'list_brand_voices', {}],
    ] as const) {
      expect(await readJson(uri), uri).toEqual((await ctx.server.call(tool, args)).structuredContent);
    }
  });

  it('reads each resource in the curated shapes', async () => {
    const latest = await readJson('krastie://report/latest');
    expect(latest.visibilityScore).toEqual(expect.any(Number));
    expect(latest.models.length).toBeGreaterThanOrEqual(4);
    expect(latest.gaps).toEqual(expect.any(Array));

    const history = await readJson('krastie://report/history');
    expect(history.series.date.length).toBeGreaterThanOrEqual(90);
    expect(history.trend.lowestScore).toBe(Math.min(...history.series.visibilityScore));

    expect(Object.keys((await readJson('krastie://workspace/context')).context).length).toBeGreaterThan(0);

    const models = await readJson('krastie://models');
    expect(models.families.map((f: { provider: string }) => f.provider)).toEqual([
      'openai',
      'anthropic',
      'google',
    ]);
    expect(models.premium.models).toEqual(['o1', 'o3-mini', 'gpt-5', 'gpt-4.5']);

    const { brandVoices } = await readJson('krastie://brand-voices');
    expect(brandVoices.length).toBeGreaterThanOrEqual(2);
    const one = await readJson(`krastie://brand-voices/${brandVoices[0].id}`);
    expect(one.brandVoice.id).toBe(brandVoices[0].id);
  });

  it('completes brand-voice IDs and answers an unknown ID with a not-found error', async () => {
    const { brandVoices } = await readJson('krastie://brand-voices');
    const id: string = brandVoices[0].id;
    const completion = await ctx.server.client.complete({
      ref: { type: 'ref/resource', uri: 'krastie://brand-voices/{id}' },
      argument: { name: 'id', value: id.slice(0, 3) },
    });
    expect(completion.completion.values).toContain(id);
    await expect(ctx.server.client.readResource({ uri: 'krastie://brand-voices/bv_nope' })).rejects.toThrow(
      /found nothing there/,
    );
  });

  it('offers the three workflow prompts', async () => {
    const { prompts } = await ctx.server.client.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual([
      'close_visibility_gap',
      'visibility_audit',
      'weekly_visibility_digest',
    ]);
    const audit = await ctx.server.client.getPrompt({
      name: 'visibility_audit',
      arguments: { websiteUrl: 'acme.com' },
    });
    const text = promptText(audit);
    expect(text).toContain('suggest_report_inputs for acme.com');
    expect(text).toMatch(/confirm/i);
    expect(text).toContain('run_visibility_report');
    const gap = await ctx.server.client.getPrompt({
      name: 'close_visibility_gap',
      arguments: { prompt: 'best analytics tool' },
    });
    expect(promptText(gap)).toContain('"best analytics tool"');
    const digest = await ctx.server.client.getPrompt({ name: 'weekly_visibility_digest' });
    expect(promptText(digest)).toContain('get_history');
  });

  it('sends short instructions that explain the workflow and what costs credits', () => {
    const instructions = ctx.server.client.getInstructions() ?? '';
    expect(instructions.length).toBeGreaterThan(200);
    expect(instructions.length).toBeLessThanOrEqual(1_500);
    expect(instructions).toContain('run_visibility_report');
    expect(instructions).toMatch(/1 AI credit/);
  });
});
