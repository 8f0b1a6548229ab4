import { beforeAll, describe, expect, it } from 'vitest';
import { firstBrandVoice, useServer, type Voice } from '../support/fixture.js';
import { endpoints, route } from '../support/routes.js';
import { textOf } from '../support/server.js';

const GET = route(endpoints.getBrandVoice);

describe('get_brand_voice', () => {
  const ctx = useServer();
  let voice: Voice;

  beforeAll(async () => {
    voice = await firstBrandVoice(ctx.sim);
  });

  it('reads one voice by id', async () => {
    const result = await ctx.server.call('get_brand_voice', { brandVoiceId: voice.id });
    expect(result.isError).toBeFalsy();
    expect(ctx.sim.requests).toHaveLength(1);
    expect(ctx.sim.requests[0]).toMatchObject({
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
    const result = await ctx.server.call('get_brand_voice', { brandVoiceId: 'bv_missing' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/404.*list_brand_voices shows the IDs/s);
    expect(ctx.sim.requestCount(GET)).toBe(1);
  });

  it('keeps "../users/api-key" inside the brand-voice route', async () => {
    const result = await ctx.server.call('get_brand_voice', { brandVoiceId: '../users/api-key' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('404');
    expect(ctx.sim.requests).toHaveLength(1);
    expect(ctx.sim.requests[0]).toMatchObject({
      method: 'GET',
      path: '/v1/ai/brand-voice/..%2Fusers%2Fapi-key',
      route: GET,
      status: 404,
    });
  });

  it('refuses an empty id, naming the field, without a request', async () => {
    const result = await ctx.server.call('get_brand_voice', {});
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('brandVoiceId');
    expect(ctx.sim.requestCount()).toBe(0);
  });
});
