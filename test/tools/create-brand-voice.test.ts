import { describe, expect, it } from 'vitest';
import { storedBrandVoice, useServer, type Voice } from '../support/fixture.js';
import { endpoints, route } from '../support/routes.js';
import { textOf } from '../support/server.js';

const FROM_WEBSITE = route(endpoints.createBrandVoiceFromWebsite);
const FROM_TEXT = route(endpoints.createBrandVoiceFromText);

describe('create_brand_voice', () => {
  const ctx = useServer();

  it('learns a voice from a website', async () => {
    const result = await ctx.server.call('create_brand_voice', {
      source: 'website',
      websiteUrl: 'northwind-outfitters.com',
      name: 'Northwind',
    });
    expect(result.isError).toBeFalsy();
    expect(ctx.sim.requests).toHaveLength(1);
    expect(ctx.sim.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/ai/generate/brand-voice/website',
    });
    expect(ctx.sim.requests[0]?.body).toEqual({
      websiteurl: 'https://northwind-outfitters.com/',
      name: 'Northwind',
    });

    const { brandVoice } = result.structuredContent as { brandVoice: Voice };
    expect(brandVoice.name).toBe('Northwind');
    expect(brandVoice).toEqual(await storedBrandVoice(ctx.sim, brandVoice.id));
    const text = textOf(result);
    expect(text).toMatch(
      new RegExp(`^Created\\. Brand voice "Northwind" \\(id ${brandVoice.id}\\)\\nTone: `),
    );
    expect(text).toContain(`brandVoiceId "${brandVoice.id}"`);
  });

  it('learns a voice from a text sample, sending no name when none is given', async () => {
    const sample = 'You will love it! Our tents are light. Setup takes a minute! Try one today.';
    const result = await ctx.server.call('create_brand_voice', { source: 'text', text: sample, name: '' });
    expect(result.isError).toBeFalsy();
    expect(ctx.sim.requests).toHaveLength(1);
    expect(ctx.sim.requests[0]).toMatchObject({ method: 'POST', path: '/v1/ai/generate/brand-voice/text' });
    expect(ctx.sim.requests[0]?.body).toEqual({ text: sample });
    const { brandVoice } = result.structuredContent as { brandVoice: Voice };
    expect(brandVoice.name).toMatch(/^Voice from sample/);
    expect(brandVoice.tone).toContain('energetic');
  });

  it('refuses a source without its input, naming the missing field, sending nothing', async () => {
    const noUrl = await ctx.server.call('create_brand_voice', { source: 'website', text: 'Some text' });
    expect(noUrl.isError).toBe(true);
    expect(textOf(noUrl)).toMatch(/source "website" needs websiteUrl.*Nothing was sent/s);

    const noText = await ctx.server.call('create_brand_voice', { source: 'text', websiteUrl: 'acme.com' });
    expect(noText.isError).toBe(true);
    expect(textOf(noText)).toMatch(/source "text" needs text.*Nothing was sent/s);

    const blank = await ctx.server.call('create_brand_voice', { source: 'text', text: '   \n ' });
    expect(blank.isError).toBe(true);

    const unknown = await ctx.server.call('create_brand_voice', { source: 'file', text: 'x' });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toContain('source');

    expect(ctx.sim.requestCount()).toBe(0);
  });

  it('never re-sends a create that failed after reaching Krastie', async () => {
    ctx.sim.inject({ kind: 'status', status: 502, html: true }, { route: FROM_TEXT, times: 1 });
    const result = await ctx.server.call('create_brand_voice', { source: 'text', text: 'Plain words.' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/may still have made the change.*list_brand_voices/s);
    expect(ctx.sim.requestCount(FROM_TEXT)).toBe(1);
    expect(ctx.sim.requestCount(FROM_WEBSITE)).toBe(0);
  });
});
