import { describe, expect, it } from 'vitest';
import { DEFAULT_JOB_FAILURE } from '../../src/simulator/index.js';
import { useServer } from '../support/fixture.js';
import { endpoints, route } from '../support/routes.js';
import { textOf } from '../support/server.js';

const JOB = route(endpoints.getJob);
const STEP_MS = 1_000;

describe('get_job', () => {
  // The simulator's clock is ours: job stages change only when the test moves it.
  let clock = Date.parse('2026-03-02T10:00:00Z');
  const ctx = useServer({ simulator: { jobStepMs: STEP_MS, now: () => clock } });

  async function queueJob(): Promise<string> {
    const queued = await ctx.server.call('generate_content', { prompt: 'A long guide', async: true });
    return (queued.structuredContent as { jobId: string }).jobId;
  }

  it('follows a job from queued through active to completed, with a GET each time', async () => {
    const jobId = await queueJob();
    expect(jobId).toBe('12345');

    const first = await ctx.server.call('get_job', { jobId });
    expect(first.isError).toBeFalsy();
    expect(first.structuredContent).toEqual({ jobId, status: 'queued' });
    expect(textOf(first)).toBe('Job 12345 is queued; call get_job again in a few seconds.');

    clock += STEP_MS;
    const second = await ctx.server.call('get_job', { jobId });
    expect(second.structuredContent).toEqual({ jobId, status: 'active' });

    clock += STEP_MS;
    const done = await ctx.server.call('get_job', { jobId });
    const structured = done.structuredContent as { jobId: string; status: string; result: string };
    expect(structured).toMatchObject({ jobId, status: 'completed' });
    expect(structured.result.length).toBeGreaterThan(0);
    expect(textOf(done)).toBe(`Job 12345 completed:\n\n${structured.result}`);

    const polls = ctx.sim.requests.filter((r) => r.route === JOB);
    expect(polls).toHaveLength(3);
    for (const poll of polls)
      expect(poll).toMatchObject({ method: 'GET', path: '/v1/ai/generate/jobs/12345' });
    expect(ctx.sim.creditsUsed(ctx.sim.keys.business)).toBe(1);
  });

  it('reports a failed job with its error and the credit warning', async () => {
    ctx.sim.failNextJob();
    const jobId = await queueJob();
    clock += 2 * STEP_MS;
    const result = await ctx.server.call('get_job', { jobId });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ jobId, status: 'failed', error: DEFAULT_JOB_FAILURE });
    expect(textOf(result)).toMatch(
      /failed at Krastie.*AI credit may already have been spent.*generate_content/s,
    );
  });

  it('says an unknown job is unknown or expired and to start again', async () => {
    const result = await ctx.server.call('get_job', { jobId: '99999' });
    expect(result.isError).toBe(true);
    const text = textOf(result);
    expect(text).toContain('404');
    expect(text).toContain('the ID is wrong or the job has expired');
    expect(text).toContain('generate_content');
    expect(ctx.sim.requestCount(JOB)).toBe(1);
  });

  it('keeps a crafted job id inside the job route', async () => {
    const result = await ctx.server.call('get_job', { jobId: '../brand-voice/website' });
    expect(result.isError).toBe(true);
    expect(ctx.sim.requests).toHaveLength(1);
    expect(ctx.sim.requests[0]).toMatchObject({
      method: 'GET',
      path: '/v1/ai/generate/jobs/..%2Fbrand-voice%2Fwebsite',
      route: JOB,
      status: 404,
    });
  });
});
