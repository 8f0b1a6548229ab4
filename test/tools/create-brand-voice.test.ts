import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { endpoints, route } from '../support/routes.js';
import { type RunningServer, startServer, textOf } from '../support/server.js';

const FROM_WEBSITE = route(endpoints.createBrandVoiceFromWebsite);
const FROM_TEXT = route(endpoints.createBrandVoiceFromText);

interface Voice {
  id: string;
  name: string;
  description: string;
  tone: string;
  createdAt: string;
}

describe('create_brand_voice', () => {
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

  async function stored(id: string): Promise<Voice> {
    const response = await fetch(`${sim.url}/v1/ai/brand-voice/${id}`, {
      headers: { 'api-key': sim.keys.business },
    });
    return ((await response.json()) as { data: Voice }).data;
  }

  it('learns a voice from a website', async () => {
    const result = await server.call('create_brand_voice', {
      source: 'website',
      websiteUrl: 'northwind-outfitters.com',
      name: 'Northwind',
    });
    expect(result.isError).toBeFalsy();
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({ method: 'POST', path: '/v1/ai/generate/brand-voice/website' });
    expect(sim.requests[0]?.body).toEqual({
      websiteurl: 'https://northwind-outfitters.com/',
      name: 'Northwind',
    });

    const { brandVoice } = result.structuredContent as { brandVoice: Voice };
    expect(brandVoice.name).toBe('Northwind');
    expect(brandVoice).toEqual(await stored(brandVoice.id));
    const text = textOf(result);
    expect(text).toMatch(
      new RegExp(`^Created\\. Brand voice "Northwind" \\(id ${brandVoice.id}\\)\\nTone: `),
    );
    expect(text).toContain(`brandVoiceId "${brandVoice.id}"`);
  });

  it('learns a voice from a text sample, sending no name when none is given', async () => {
    const sample = 'You will love it! Our tents are light. Setup takes a minute! Try one today.';
    const result = await server.call('create_brand_voice', { source: 'text', text: sample, name: '' });
    expect(result.isError).toBeFalsy();
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({ method: 'POST', path: '/v1/ai/generate/brand-voice/text' });
    expect(sim.requests[0]?.body).toEqual({ text: sample });
    const { brandVoice } = result.structuredContent as { brandVoice: Voice };
    expect(brandVoice.name).toMatch(/^Voice from sample/);
    expect(brandVoice.tone).toContain('energetic');
  });

  it('refuses a source without its input, naming the missing field, sending nothing', async () => {
    const noUrl = await server.call('create_brand_voice', { source: 'website', text: 'Some text' });
    expect(noUrl.isError).toBe(true);
    expect(textOf(noUrl)).toMatch(/source "website" needs websiteUrl.*Nothing was sent/s);

    const noText = await server.call('create_brand_voice', { source: 'text', websiteUrl: 'acme.com' });
    expect(noText.isError).toBe(true);
    expect(textOf(noText)).toMatch(/source "text" needs text.*Nothing was sent/s);

    const blank = await server.call('create_brand_voice', { source: 'text', text: '   \n ' });
    expect(blank.isError).toBe(true);

    const unknown = await server.call('create_brand_voice', { source: 'file', text: 'x' });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toContain('source');

    expect(sim.requestCount()).toBe(0);
  });

  it('never re-sends a create that failed after reaching Krastie', async () => {
    sim.inject({ kind: 'status', status: 502, html: true }, { route: FROM_TEXT, times: 1 });
    const result = await server.call('create_brand_voice', { source: 'text', text: 'Plain words.' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/may still have made the change.*list_brand_voices/s);
    expect(sim.requestCount(FROM_TEXT)).toBe(1);
    expect(sim.requestCount(FROM_WEBSITE)).toBe(0);
  });
});
