import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { endpoints, route } from '../support/routes.js';
import { type RunningServer, startServer, textOf } from '../support/server.js';

const GET = route(endpoints.getBrandVoice);

interface Voice {
  id: string;
  name: string;
  description: string;
  tone: string;
  createdAt: string;
}

describe('get_brand_voice', () => {
  let sim: Simulator;
  let server: RunningServer;
  let voice: Voice;

  beforeAll(async () => {
    sim = await startSimulator();
    server = await startServer({ baseUrl: sim.url, apiKey: sim.keys.business });
    const response = await fetch(`${sim.url}/v1/ai/brand-voice`, {
      headers: { 'api-key': sim.keys.business },
    });
    voice = ((await response.json()) as { data: Voice[] }).data[0] as Voice;
  });
  afterAll(async () => {
    await server?.close();
    await sim?.close();
  });
  beforeEach(() => sim.reset());

  it('reads one voice by id', async () => {
    const result = await server.call('get_brand_voice', { brandVoiceId: voice.id });
    expect(result.isError).toBeFalsy();
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({
      method: 'GET',
      path: `/v1/ai/brand-voice/${voice.id}`,
      route: GET,
    });
    expect(result.structuredContent).toEqual({ brandVoice: voice });
    expect(textOf(result)).toBe(
      [
        `Brand voice "${voice.name}" (id ${voice.id})`,
        `Tone: ${voice.tone}`,
        `Description: ${voice.description}`,
        `Created: ${voice.createdAt.slice(0, 10)}`,
        `Use it as brandVoiceId "${voice.id}" in generate_content, improve_content or chat_with_workspace.`,
      ].join('\n'),
    );
  });

  it('points to list_brand_voices for an unknown id', async () => {
    const result = await server.call('get_brand_voice', { brandVoiceId: 'bv_missing' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/404.*list_brand_voices shows the IDs/s);
    expect(sim.requestCount(GET)).toBe(1);
  });

  it('keeps "../users/api-key" inside the brand-voice route', async () => {
    const result = await server.call('get_brand_voice', { brandVoiceId: '../users/api-key' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('404');
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({
      method: 'GET',
      path: '/v1/ai/brand-voice/..%2Fusers%2Fapi-key',
      route: GET,
      status: 404,
    });
  });

  it('refuses an empty id, naming the field, without a request', async () => {
    const result = await server.call('get_brand_voice', {});
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('brandVoiceId');
    expect(sim.requestCount()).toBe(0);
  });
});
