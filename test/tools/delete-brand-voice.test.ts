import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  type CallToolResult,
  ElicitRequestSchema,
  type ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { brandVoices, firstBrandVoice, useServer, useSimulator } from '../support/fixture.js';
import { endpoints, route } from '../support/routes.js';
import { CLI, textOf } from '../support/server.js';

const DELETE = route(endpoints.deleteBrandVoice);

async function voiceIds(sim: Simulator): Promise<string[]> {
  return (await brandVoices(sim)).map((v) => v.id);
}

describe('delete_brand_voice with a client that cannot ask the user', () => {
  const ctx = useServer();
  let id: string;

  beforeAll(async () => {
    id = (await firstBrandVoice(ctx.sim)).id;
  });

  it('refuses without confirm: true, explaining what to do, and sends nothing', async () => {
    for (const args of [
      { brandVoiceId: id },
      { brandVoiceId: id, confirm: false },
      { brandVoiceId: id, confirm: null },
    ]) {
      const result = await ctx.server.call('delete_brand_voice', args);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/cannot be undone.*Ask the user.*confirm: true.*Nothing was sent/s);
    }
    expect(ctx.sim.requestCount()).toBe(0);
    expect(await voiceIds(ctx.sim)).toContain(id);
  });

  it('deletes with confirm: true; the voice is then gone', async () => {
    const result = await ctx.server.call('delete_brand_voice', { brandVoiceId: id, confirm: true });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ deleted: true, brandVoiceId: id });
    expect(textOf(result)).toBe(`Deleted brand voice ${id}.`);
    expect(ctx.sim.requests).toHaveLength(1);
    expect(ctx.sim.requests[0]).toMatchObject({
      method: 'DELETE',
      path: `/v1/ai/brand-voice/${id}`,
      route: DELETE,
    });

    const after = await ctx.server.call('get_brand_voice', { brandVoiceId: id });
    expect(after.isError).toBe(true);
    expect(textOf(after)).toContain('404');
  });

  it('points to list_brand_voices for an unknown id', async () => {
    const result = await ctx.server.call('delete_brand_voice', {
      brandVoiceId: 'bv_missing',
      confirm: 'true',
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/404.*list_brand_voices shows the IDs/s);
  });

  it('keeps "../users/api-key" inside the brand-voice route', async () => {
    const result = await ctx.server.call('delete_brand_voice', {
      brandVoiceId: '../users/api-key',
      confirm: true,
    });
    expect(result.isError).toBe(true);
    expect(ctx.sim.requests).toHaveLength(1);
    expect(ctx.sim.requests[0]).toMatchObject({
      method: 'DELETE',
      path: '/v1/ai/brand-voice/..%2Fusers%2Fapi-key',
      route: DELETE,
      status: 404,
    });
    expect(await voiceIds(ctx.sim)).toHaveLength(2);
  });
});

describe('delete_brand_voice with a client that asks the user (elicitation)', () => {
  const ctx = useSimulator();
  let client: Client;
  let id: string;
  let answer: ElicitResult;
  const questions: string[] = [];

  beforeAll(async () => {
    id = (await firstBrandVoice(ctx.sim)).id;
    client = new Client(
      { name: 'krastie-mcp-tests', version: '1.0.0' },
      { capabilities: { elicitation: {} } },
    );
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      questions.push(request.params.message);
      return answer;
    });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [CLI],
        env: {
          PATH: process.env.PATH ?? '',
          KRASTIE_BASE_URL: ctx.sim.url,
          KRASTIE_API_KEY: ctx.sim.keys.business,
        },
        stderr: 'pipe',
      }),
    );
  });
  afterAll(async () => {
    await client?.close();
  });
  beforeEach(() => {
    questions.length = 0;
  });

  const call = async (args: Record<string, unknown>) =>
    (await client.callTool({ name: 'delete_brand_voice', arguments: args })) as CallToolResult;

  it('asks the user and deletes once they accept', async () => {
    answer = { action: 'accept', content: { confirm: true } };
    const result = await call({ brandVoiceId: id });
    expect(questions).toEqual([`Delete brand voice "${id}"? This cannot be undone.`]);
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ deleted: true, brandVoiceId: id });
    expect(ctx.sim.requests.filter((r) => r.route === DELETE)).toHaveLength(1);
    expect(await voiceIds(ctx.sim)).not.toContain(id);
  });

  it('deletes nothing when the user declines, even if the model said confirm: true', async () => {
    for (const declined of [
      { action: 'decline' },
      { action: 'cancel' },
      { action: 'accept', content: { confirm: false } },
    ] as ElicitResult[]) {
      answer = declined;
      const result = await call({ brandVoiceId: id, confirm: true });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({ deleted: false, brandVoiceId: id });
      expect(textOf(result)).toMatch(/^Not deleted: the user declined/);
    }
    expect(questions).toHaveLength(3);
    expect(ctx.sim.requestCount(DELETE)).toBe(0);
    expect(await voiceIds(ctx.sim)).toContain(id);
  });
});
