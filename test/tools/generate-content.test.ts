import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_JOB_FAILURE, startSimulator } from '../../src/simulator/index.js';
import { firstBrandVoice, useServer } from '../support/fixture.js';
import { endpoints, route } from '../support/routes.js';
import { startServer, textOf } from '../support/server.js';

const TEXT = route(endpoints.generateText);
const JOB = route(endpoints.getJob);

type Generated = {
  status: 'completed' | 'queued' | 'failed';
  text?: string;
  jobId?: string;
  error?: string;
  model: string;
};

describe('generate_content', () => {
  const ctx = useServer({ simulator: { jobStepMs: 100 } });

  it('writes the text inline with the default model for one credit', async () => {
    const result = await ctx.server.call('generate_content', {
      prompt: 'A short intro to product analytics',
    });
    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as Generated;
    expect(structured.status).toBe('completed');
    expect(structured.model).toBe('gpt-4o');
    expect(structured.text?.length).toBeGreaterThan(0);
    expect(structured.jobId).toBeUndefined();
    expect(textOf(result)).toBe(`Generated with gpt-4o (1 AI credit):\n\n${structured.text}`);
    expect(ctx.sim.requests).toHaveLength(1);
    expect(ctx.sim.requests[0]).toMatchObject({ method: 'POST', path: '/v1/ai/generate/text' });
    expect(ctx.sim.requests[0]?.body).toEqual({
      text: 'A short intro to product analytics',
      model: 'gpt-4o',
    });
    expect(ctx.sim.creditsUsed(ctx.sim.keys.business)).toBe(1);
  });

  it('passes the model, system prompt and brand voice through', async () => {
    const brandVoiceId = (await firstBrandVoice(ctx.sim)).id;
    const result = await ctx.server.call('generate_content', {
      prompt: 'Product page copy',
      model: 'claude-sonnet-4-5',
      systemPrompt: 'Be brief.',
      brandVoiceId,
      async: null,
    });
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as Generated).model).toBe('claude-sonnet-4-5');
    expect(ctx.sim.requests.find((r) => r.route === TEXT)?.body).toEqual({
      text: 'Product page copy',
      model: 'claude-sonnet-4-5',
      systemPrompt: 'Be brief.',
      brandVoiceId,
    });
  });

  it('refuses an unsupported model before any request', async () => {
    const result = await ctx.server.call('generate_content', { prompt: 'Hi', model: 'llama-3-70b' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/Invalid input:.*Nothing was sent to Krastie/s);
    expect(ctx.sim.requestCount()).toBe(0);
  });

  it('points to list_brand_voices for an unknown brand voice, charging nothing', async () => {
    const result = await ctx.server.call('generate_content', { prompt: 'Hi', brandVoiceId: 'bv_nope' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/404.*list_brand_voices shows the IDs/s);
    expect(ctx.sim.creditsUsed(ctx.sim.keys.business)).toBe(0);
  });

  it('never re-sends the credit-spending POST after a 500', async () => {
    ctx.sim.inject({ kind: 'status', status: 500 }, { route: TEXT, times: 1 });
    const result = await ctx.server.call('generate_content', { prompt: 'Hi' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/may still have done the work and charged 1 AI credit/);
    expect(ctx.sim.requestCount(TEXT)).toBe(1);
  });

  it('with async and no progress token, answers with the jobId; get_job then polls it to completion', async () => {
    const result = await ctx.server.call('generate_content', { prompt: 'A long guide', async: true });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ status: 'queued', jobId: '12345', model: 'gpt-4o' });
    expect(textOf(result)).toContain('Queued as job 12345');
    expect(textOf(result)).toContain('get_job {"jobId": "12345"}');
    expect(ctx.sim.requests[0]?.body).toEqual({ text: 'A long guide', model: 'gpt-4o', useWorker: true });
    expect(ctx.sim.requestCount(JOB)).toBe(0);
    expect(ctx.sim.creditsUsed(ctx.sim.keys.business)).toBe(1);

    let job: { status: string; result?: string } = { status: 'queued' };
    const deadline = Date.now() + 5_000;
    while (job.status !== 'completed' && Date.now() < deadline) {
      const polled = await ctx.server.call('get_job', { jobId: '12345' });
      expect(polled.isError).toBeFalsy();
      job = polled.structuredContent as typeof job;
      if (job.status !== 'completed') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(job.status).toBe('completed');
    expect(job.result?.length).toBeGreaterThan(0);
    expect(
      ctx.sim.requests.filter((r) => r.route === JOB).every((r) => r.path === '/v1/ai/generate/jobs/12345'),
    ).toBe(true);
    expect(ctx.sim.creditsUsed(ctx.sim.keys.business)).toBe(1);
  });

  it('with async and a progress token, waits for the job and answers with its text', async () => {
    const updates: { progress: number; total?: number; message?: string }[] = [];
    const result = await ctx.server.client.callTool(
      { name: 'generate_content', arguments: { prompt: 'A long guide', async: true } },
      undefined,
      { onprogress: (update) => updates.push(update), timeout: 20_000 },
    );
    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as Generated;
    expect(structured).toMatchObject({ status: 'completed', jobId: '12345', model: 'gpt-4o' });
    expect(structured.text?.length).toBeGreaterThan(0);
    expect(textOf(result as CallToolResult)).toBe(
      `Generated with gpt-4o (1 AI credit):\n\n${structured.text}`,
    );
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates[0]?.message).toContain('Queued as job 12345');
    expect(ctx.sim.requests[0]?.body).toEqual({ text: 'A long guide', model: 'gpt-4o', useWorker: true });
    expect(ctx.sim.requestCount(JOB)).toBeGreaterThanOrEqual(1);
    expect(ctx.sim.creditsUsed(ctx.sim.keys.business)).toBe(1);
  });

  it('says clearly when the job fails, and that the credit may be spent', async () => {
    ctx.sim.failNextJob();
    const result = await ctx.server.client.callTool(
      { name: 'generate_content', arguments: { prompt: 'A long guide', async: true } },
      undefined,
      { onprogress: () => undefined, timeout: 20_000 },
    );
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({
      status: 'failed',
      jobId: '12345',
      model: 'gpt-4o',
      error: DEFAULT_JOB_FAILURE,
    });
    const text = textOf(result as CallToolResult);
    expect(text).toContain(`Generation job 12345 failed at Krastie: ${DEFAULT_JOB_FAILURE}`);
    expect(text).toContain('AI credit may already have been spent');
    expect(ctx.sim.requestCount(TEXT)).toBe(1);
  });
});

describe('generate_content when the job outlasts the wait', () => {
  it('stops waiting after KRASTIE_TIMEOUT_MS and hands back the jobId', async () => {
    const sim = await startSimulator({ jobStepMs: 60_000 });
    const server = await startServer({
      baseUrl: sim.url,
      apiKey: sim.keys.business,
      env: { KRASTIE_TIMEOUT_MS: '2500' },
    });
    try {
      const updates: { progress: number }[] = [];
      const started = Date.now();
      const result = await server.client.callTool(
        { name: 'generate_content', arguments: { prompt: 'A long guide', async: true } },
        undefined,
        { onprogress: (update) => updates.push(update), timeout: 20_000 },
      );
      expect(Date.now() - started).toBeLessThan(4_000);
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({ status: 'queued', jobId: '12345', model: 'gpt-4o' });
      expect(textOf(result as CallToolResult)).toMatch(/still running after \d s.*get_job/s);
      expect(updates.length).toBeGreaterThanOrEqual(2);
      expect(updates.at(-1)?.progress).toBeGreaterThan(updates[0]?.progress ?? 0);
      expect(sim.requestCount(TEXT)).toBe(1);
    } finally {
      await server.close();
      await sim.close();
    }
  });
});
