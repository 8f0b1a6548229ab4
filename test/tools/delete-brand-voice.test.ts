import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  type CallToolResult,
  ElicitRequestSchema,
  type ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { endpoints, route } from '../support/routes.js';
import { CLI, type RunningServer, startServer, textOf } from '../support/server.js';

const DELETE = route(endpoints.deleteBrandVoice);

async function voiceIds(sim: Simulator): Promise<string[]> {
  const response = await fetch(`${sim.url}/v1/ai/brand-voice`, { headers: { 'api-key': sim.keys.business } });
  return ((await response.json()) as { data: { id: string }[] }).data.map((v) => v.id);
}

describe('delete_brand_voice with a client that cannot ask the user', () => {
  let sim: Simulator;
  let server: RunningServer;
  let id: string;

  beforeAll(async () => {
    sim = await startSimulator();
    server = await startServer({ baseUrl: sim.url, apiKey: sim.keys.business });
    id = (await voiceIds(sim))[0] as string;
  });
  afterAll(async () => {
    await server?.close();
    await sim?.close();
  });
  beforeEach(() => sim.reset());

  it('refuses without confirm: true, explaining what to do, and sends nothing', async () => {
    for (const args of [
      { brandVoiceId: id },
      { brandVoiceId: id, confirm: false },
      { brandVoiceId: id, confirm: null },
    ]) {
      const result = await server.call('delete_brand_voice', args);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/cannot be undone.*Ask the user.*confirm: true.*Nothing was sent/s);
    }
    expect(sim.requestCount()).toBe(0);
    expect(await voiceIds(sim)).toContain(id);
  });

  it('deletes with confirm: true; the voice is then gone', async () => {
    const result = await server.call('delete_brand_voice', { brandVoiceId: id, confirm: true });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ deleted: true, brandVoiceId: id });
    expect(textOf(result)).toBe(`Deleted brand voice ${id}.`);
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({
      method: 'DELETE',
      path: `/v1/ai/brand-voice/${id}`,
      route: DELETE,
    });

    const after = await server.call('get_brand_voice', { brandVoiceId: id });
    expect(after.isError).toBe(true);
    expect(textOf(after)).toContain('404');
  });

  it('points to list_brand_voices for an unknown id', async () => {
    const result = await server.call('delete_brand_voice', { brandVoiceId: 'bv_missing', confirm: 'true' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/404.*list_brand_voices shows the IDs/s);
  });

  it('keeps "../users/api-key" inside the brand-voice route', async () => {
    const result = await server.call('delete_brand_voice', {
      brandVoiceId: '../users/api-key',
      confirm: true,
    });
    expect(result.isError).toBe(true);
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({
      method: 'DELETE',
      path: '/v1/ai/brand-voice/..%2Fusers%2Fapi-key',
      route: DELETE,
      status: 404,
    });
    expect(await voiceIds(sim)).toHaveLength(2);
  });
});

describe('delete_brand_voice with a client that asks the user (elicitation)', () => {
  let sim: Simulator;
  let client: Client;
  let id: string;
  let answer: ElicitResult;
  const questions: string[] = [];

  beforeAll(async () => {
    sim = await startSimulator();
    id = (await voiceIds(sim))[0] as string;
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
        env: { PATH: process.env.PATH ?? '', KRASTIE_BASE_URL: sim.url, KRASTIE_API_KEY: sim.keys.business },
        stderr: 'pipe',
      }),
    );
  });
  afterAll(async () => {
    await client?.close();
    await sim?.close();
  });
  beforeEach(() => {
    sim.reset();
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
    expect(sim.requests.filter((r) => r.route === DELETE)).toHaveLength(1);
    expect(await voiceIds(sim)).not.toContain(id);
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
    expect(sim.requestCount(DELETE)).toBe(0);
    expect(await voiceIds(sim)).toContain(id);
  });
});
