import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { endpoints, route } from '../support/routes.js';
import { type RunningServer, startServer, textOf } from '../support/server.js';

const LIST = route(endpoints.listBrandVoices);

interface Voice {
  id: string;
  name: string;
  description: string;
  tone: string;
  createdAt: string;
}

describe('list_brand_voices', () => {
  let sim: Simulator;
  let server: RunningServer;

  beforeAll(async () => {
    sim = await startSimulator();
    server = await startServer({ baseUrl: sim.url, apiKey: sim.keys.business });
  });
  afterAll(async () => {
    await server?.close();
    await sim?.close();
  });
  beforeEach(() => sim.reset());

  async function seeded(): Promise<Voice[]> {
    const response = await fetch(`${sim.url}/v1/ai/brand-voice`, {
      headers: { 'api-key': sim.keys.business },
    });
    return ((await response.json()) as { data: Voice[] }).data;
  }

  it('lists every voice on one line each, and all fields as data', async () => {
    const result = await server.call('list_brand_voices');
    expect(result.isError).toBeFalsy();
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({ method: 'GET', path: '/v1/ai/brand-voice', route: LIST });

    const voices = await seeded();
    expect(voices).toHaveLength(2);
    expect(result.structuredContent).toEqual({ brandVoices: voices });
    expect(textOf(result)).toBe(
      [
        '2 brand voices (pass the id as brandVoiceId):',
        ...voices.map((v) => `- ${v.id}: ${v.name} (tone: ${v.tone})`),
      ].join('\n'),
    );
  });

  it('says when there are none and how to create one', async () => {
    for (const voice of await seeded()) {
      await fetch(`${sim.url}/v1/ai/brand-voice/${voice.id}`, {
        method: 'DELETE',
        headers: { 'api-key': sim.keys.business },
      });
    }
    const result = await server.call('list_brand_voices');
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ brandVoices: [] });
    expect(textOf(result)).toContain('create_brand_voice');
  });

  it('explains a key whose plan has no API access', async () => {
    const trial = await startServer({ baseUrl: sim.url, apiKey: sim.keys.freeTrial });
    try {
      const result = await trial.call('list_brand_voices');
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/Business or Enterprise plan.*Nothing was charged/s);
      expect(sim.requestCount(LIST)).toBe(1);
    } finally {
      await trial.close();
    }
  });
});
