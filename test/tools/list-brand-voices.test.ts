import { describe, expect, it } from 'vitest';
import { brandVoices, useServer } from '../support/fixture.js';
import { endpoints, route } from '../support/routes.js';
import { startServer, textOf } from '../support/server.js';

const LIST = route(endpoints.listBrandVoices);

describe('list_brand_voices', () => {
  const ctx = useServer();

  it('lists every voice on one line each, and all fields as data', async () => {
    const result = await ctx.server.call('list_brand_voices');
    expect(result.isError).toBeFalsy();
    expect(ctx.sim.requests).toHaveLength(1);
    expect(ctx.sim.requests[0]).toMatchObject({ method: 'GET', path: '/v1/ai/brand-voice', route: LIST });

    const voices = await brandVoices(ctx.sim);
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
    for (const voice of await brandVoices(ctx.sim)) {
      await fetch(`${ctx.sim.url}/v1/ai/brand-voice/${voice.id}`, {
        method: 'DELETE',
        headers: { 'api-key': ctx.sim.keys.business },
      });
    }
    const result = await ctx.server.call('list_brand_voices');
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ brandVoices: [] });
    expect(textOf(result)).toContain('create_brand_voice');
  });

  it('explains a key whose plan has no API access', async () => {
    const trial = await startServer({ baseUrl: ctx.sim.url, apiKey: ctx.sim.keys.freeTrial });
    try {
      const result = await trial.call('list_brand_voices');
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/Business or Enterprise plan.*Nothing was charged/s);
      expect(ctx.sim.requestCount(LIST)).toBe(1);
    } finally {
      await trial.close();
    }
  });
});
