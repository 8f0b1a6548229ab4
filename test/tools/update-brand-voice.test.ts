import { beforeAll, describe, expect, it } from 'vitest';
import { firstBrandVoice, useServer, type Voice } from '../support/fixture.js';
import { endpoints, route } from '../support/routes.js';
import { textOf } from '../support/server.js';

const UPDATE = route(endpoints.updateBrandVoice);

describe('update_brand_voice', () => {
  const ctx = useServer();
  let voice: Voice;

  beforeAll(async () => {
    voice = await firstBrandVoice(ctx.sim);
  });

  it('sends only the fields given and returns the updated voice', async () => {
    const result = await ctx.server.call('update_brand_voice', {
      brandVoiceId: voice.id,
      tone: 'bold, playful',
      name: null,
      description: '',
    });
    expect(result.isError).toBeFalsy();
    expect(ctx.sim.requests).toHaveLength(1);
    expect(ctx.sim.requests[0]).toMatchObject({
      method: 'PUT',
      path: `/v1/ai/brand-voice/${voice.id}`,
      route: UPDATE,
    });
    expect(ctx.sim.requests[0]?.body).toEqual({ tone: 'bold, playful' });
    expect(result.structuredContent).toEqual({ brandVoice: { ...voice, tone: 'bold, playful' } });
    expect(textOf(result)).toMatch(
      /^Updated tone\. Brand voice "Confident expert" .*\nTone: bold, playful\n/s,
    );

    const after = await ctx.server.call('get_brand_voice', { brandVoiceId: voice.id });
    expect((after.structuredContent as { brandVoice: Voice }).brandVoice.tone).toBe('bold, playful');
  });

  it('changes several fields at once', async () => {
    const result = await ctx.server.call('update_brand_voice', {
      brandVoiceId: voice.id,
      name: 'Expert, warmer',
      description: 'Direct but kind.',
    });
    expect(result.isError).toBeFalsy();
    expect(ctx.sim.requests[0]?.body).toEqual({ name: 'Expert, warmer', description: 'Direct but kind.' });
    expect(textOf(result)).toMatch(/^Updated name, description\./);
  });

  it('refuses a call that changes nothing, sending nothing', async () => {
    const result = await ctx.server.call('update_brand_voice', {
      brandVoiceId: voice.id,
      name: null,
      tone: '',
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/at least one of name, description or tone.*Nothing was sent/s);
    expect(ctx.sim.requestCount()).toBe(0);
  });

  it('points to list_brand_voices for an unknown id', async () => {
    const result = await ctx.server.call('update_brand_voice', { brandVoiceId: 'bv_missing', tone: 'calm' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/404.*list_brand_voices shows the IDs/s);
  });

  it('keeps "../users/api-key" inside the brand-voice route', async () => {
    const result = await ctx.server.call('update_brand_voice', {
      brandVoiceId: '../users/api-key',
      name: 'x',
    });
    expect(result.isError).toBe(true);
    expect(ctx.sim.requests).toHaveLength(1);
    expect(ctx.sim.requests[0]).toMatchObject({
      method: 'PUT',
      path: '/v1/ai/brand-voice/..%2Fusers%2Fapi-key',
      route: UPDATE,
      status: 404,
    });
  });
});
