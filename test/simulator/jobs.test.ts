import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_JOB_FAILURE, type Simulator, startSimulator } from '../../src/simulator/index.js';
import { call, MODEL, pathOf } from './helpers.js';

const STEP = 1000;
let now = Date.now();
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ jobStepMs: STEP, now: () => now });
});
beforeEach(() => {
  now = Date.now();
  sim.reset();
});
afterAll(() => sim.close());

async function enqueue(body: Record<string, unknown> = {}) {
  const res = await call(sim, 'POST', pathOf('generateText'), {
    body: { text: 'Write an intro about cohorts', model: MODEL, useWorker: true, ...body },
  });
  expect(res.status).toBe(202);
  expect(res.json).toEqual({ message: 'Content generation queued', jobId: expect.stringMatching(/^\d+$/) });
  return res.json.jobId as string;
}

const poll = (jobId: string, key?: string) => call(sim, 'GET', pathOf('getJob', { jobId }), { key });

describe('jobs', () => {
  it('moves queued → active → completed as the clock advances, and charges at enqueue', async () => {
    const jobId = await enqueue();
    expect(sim.creditsUsed(sim.keys.business)).toBe(1);
    expect((await poll(jobId)).json).toEqual({ jobId, status: 'queued' });
    now += STEP;
    expect((await poll(jobId)).json).toEqual({ jobId, status: 'active' });
    now += STEP - 1;
    expect((await poll(jobId)).json.status).toBe('active');
    now += 1;
    const done = await poll(jobId);
    expect(done.status).toBe(200);
    expect(done.json).toEqual({
      jobId,
      status: 'completed',
      data: expect.stringContaining('Acme Analytics'),
    });
    expect(sim.creditsUsed(sim.keys.business)).toBe(1);
  });

  it('gives the completed job the same text the inline call returns', async () => {
    const inline = await call(sim, 'POST', pathOf('generateText'), {
      body: { text: 'Write an intro about cohorts', model: MODEL },
    });
    const jobId = await enqueue();
    now += 2 * STEP;
    expect((await poll(jobId)).json.data).toBe(inline.json.data);
  });

  it('failNextJob makes exactly the next job end failed', async () => {
    sim.failNextJob('Model overloaded');
    const failing = await enqueue();
    const fine = await enqueue();
    now += 2 * STEP;
    expect((await poll(failing)).json).toEqual({
      jobId: failing,
      status: 'failed',
      error: 'Model overloaded',
    });
    expect((await poll(fine)).json.status).toBe('completed');
  });

  it('failNextJob without a message uses a default error', async () => {
    sim.failNextJob();
    const jobId = await enqueue();
    now += 2 * STEP;
    expect((await poll(jobId)).json.error).toBe(DEFAULT_JOB_FAILURE);
  });

  it('404 for an unknown job and for a job of another account', async () => {
    const missing = await poll('99999999');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ message: expect.stringContaining('99999999'), errCode: 404 });
    const jobId = await enqueue();
    expect((await poll(jobId, sim.keys.enterprise)).status).toBe(404);
  });

  it('queues improve-content jobs too', async () => {
    const res = await call(sim, 'POST', pathOf('improveContent', { kind: 'readability' }), {
      body: { text: 'In order to utilize the tool, log in.', model: MODEL, useWorker: true },
    });
    expect(res.status).toBe(202);
    now += 2 * STEP;
    expect((await poll(res.json.jobId)).json).toMatchObject({
      status: 'completed',
      data: 'To use the tool, log in.',
    });
  });
});
