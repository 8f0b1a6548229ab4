import { describe, expect, it } from 'vitest';
import { firstBrandVoice, useServer } from '../support/fixture.js';
import { endpoints, route } from '../support/routes.js';
import { startServer, textOf } from '../support/server.js';

const CHAT = route(endpoints.chat);

describe('chat_with_workspace', () => {
  const ctx = useServer();

  it('always sends useWorkspaceContext: true and returns the reply with its sessionId', async () => {
    const result = await ctx.server.call('chat_with_workspace', {
      message: 'Which pages should we update first?',
    });
    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as { reply: string; sessionId: string; model: string };
    expect(structured.reply.length).toBeGreaterThan(0);
    expect(structured.sessionId).toBeTruthy();
    expect(textOf(result)).toContain(`sessionId: ${structured.sessionId}`);
    expect(textOf(result)).toContain('pass it back as sessionId');
    expect(ctx.sim.requests.find((r) => r.route === CHAT)?.body).toEqual({
      text: 'Which pages should we update first?',
      model: 'gpt-4o',
      useWorkspaceContext: true,
    });
    expect(ctx.sim.creditsUsed(ctx.sim.keys.business)).toBe(1);
  });

  it('continues a conversation with the sessionId passed back', async () => {
    const first = await ctx.server.call('chat_with_workspace', { message: 'Hello' });
    const { sessionId } = first.structuredContent as { sessionId: string };
    const second = await ctx.server.call('chat_with_workspace', { message: 'And then?', sessionId });
    expect((second.structuredContent as { sessionId: string }).sessionId).toBe(sessionId);
    expect(ctx.sim.requests.filter((r) => r.route === CHAT).at(-1)?.body).toMatchObject({ sessionId });
  });

  it('passes every optional field through', async () => {
    const brandVoiceId = (await firstBrandVoice(ctx.sim)).id;
    const result = await ctx.server.call('chat_with_workspace', {
      message: 'Summarise this page',
      model: 'gpt-4.1',
      systemPrompt: 'Be brief.',
      brandVoiceId,
      webpageContext: 'Acme pricing page text',
      webSearch: true,
    });
    expect(result.isError).toBeFalsy();
    expect(ctx.sim.requests.find((r) => r.route === CHAT)?.body).toEqual({
      text: 'Summarise this page',
      model: 'gpt-4.1',
      systemPrompt: 'Be brief.',
      brandVoiceId,
      webpageContext: 'Acme pricing page text',
      webSearch: true,
      useWorkspaceContext: true,
    });
  });

  it('refuses webSearch with a non-OpenAI model before any request', async () => {
    const result = await ctx.server.call('chat_with_workspace', {
      message: 'Hi',
      model: 'gemini-2.5-pro',
      webSearch: true,
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/webSearch works only with OpenAI models/);
    expect(ctx.sim.requestCount()).toBe(0);
  });

  it('allows premium models and passes them on', async () => {
    const result = await ctx.server.call('chat_with_workspace', { message: 'Hi', model: 'gpt-5' });
    expect(result.isError).toBeFalsy();
    expect(ctx.sim.requests.find((r) => r.route === CHAT)?.body).toMatchObject({ model: 'gpt-5' });
  });

  it('does not let the model override useWorkspaceContext', async () => {
    const result = await ctx.server.call('chat_with_workspace', {
      message: 'Hi',
      useWorkspaceContext: false,
    });
    expect(result.isError).toBeFalsy();
    expect(ctx.sim.requests.find((r) => r.route === CHAT)?.body).toMatchObject({ useWorkspaceContext: true });
  });

  it('explains an exhausted credit allowance and charges nothing', async () => {
    const broke = await startServer({ baseUrl: ctx.sim.url, apiKey: ctx.sim.keys.noCredits });
    try {
      const result = await broke.call('chat_with_workspace', { message: 'Hi' });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/monthly limit is used up.*reset/s);
      expect(ctx.sim.requestCount(CHAT)).toBe(1);
      expect(ctx.sim.creditsUsed(ctx.sim.keys.noCredits)).toBe(0);
    } finally {
      await broke.close();
    }
  });
});
