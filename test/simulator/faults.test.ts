import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { call, eventually, MODEL, pathOf, rawRequest, routeKey } from './helpers.js';

let sim: Simulator;
const TEXT = routeKey('generateText');
const textBody = { text: 'Write an intro about dashboards', model: MODEL };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeEach(async () => {
  sim ??= await startSimulator({ reportDelayMs: 300 });
  sim.reset();
});
afterAll(() => sim.close());

const credits = () => sim.creditsUsed(sim.keys.business);
const lastRequest = () => sim.requests.at(-1);
const text = () => call(sim, 'POST', pathOf('generateText'), { body: textBody });

describe('fault targeting', () => {
  it('fires on the given route only, for the given number of times', async () => {
    sim.inject({ kind: 'status', status: 500 }, { route: TEXT, times: 2 });
    expect((await call(sim, 'GET', pathOf('getLatestReport'))).status).toBe(200);
    expect((await text()).status).toBe(500);
    expect((await text()).status).toBe(500);
    expect((await text()).status).toBe(200);
    expect(sim.requestCount(TEXT)).toBe(3);
  });

  it('fires on every /v1 route when no route is given, until cleared', async () => {
    sim.inject({ kind: 'status', status: 503 });
    expect((await call(sim, 'GET', pathOf('getLatestReport'))).status).toBe(503);
    expect((await call(sim, 'GET', pathOf('listBrandVoices'))).status).toBe(503);
    sim.clearFaults();
    expect((await call(sim, 'GET', pathOf('listBrandVoices'))).status).toBe(200);
  });

  it('rejects unknown routes and malformed faults', () => {
    expect(() => sim.inject({ kind: 'empty' }, { route: 'POST /v1/ai/generate/texts' })).toThrow(
      /unknown route/,
    );
    expect(() => sim.inject({ kind: 'nope' } as never)).toThrow(/unknown fault kind/);
    expect(() => sim.inject({ kind: 'status', status: 200 })).toThrow(/400-599/);
    expect(() => sim.inject({ kind: 'latency', ms: -1 })).toThrow(/ms/);
  });
});

describe('faults that replace the request (nothing processed, nothing charged)', () => {
  it('status: JSON error with errCode and the API headers', async () => {
    sim.inject({ kind: 'status', status: 500 }, { route: TEXT });
    const res = await text();
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ message: expect.any(String), errCode: 500 });
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('api-version')).toBe('v1');
    expect(credits()).toBe(0);
    expect(lastRequest()?.status).toBe(500);
  });

  it('status: Retry-After is sent verbatim, as seconds or as an HTTP date', async () => {
    const date = 'Wed, 21 Oct 2037 07:28:00 GMT';
    sim.inject({ kind: 'status', status: 429, retryAfter: '2' }, { times: 1 });
    sim.inject({ kind: 'status', status: 503, retryAfter: date }, { times: 1 });
    const first = await call(sim, 'GET', pathOf('getLatestReport'));
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('2');
    const second = await call(sim, 'GET', pathOf('getLatestReport'));
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe(date);
  });

  it('status html: a gateway HTML page with text/html', async () => {
    sim.inject({ kind: 'status', status: 502, html: true, retryAfter: '5' }, { route: TEXT });
    const res = await text();
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.text).toContain('<html>');
    expect(res.text).toContain('502 Bad Gateway');
    expect(credits()).toBe(0);
  });

  it('reset-before: the socket is destroyed without a response', async () => {
    sim.inject({ kind: 'reset-before' }, { route: TEXT, times: 1 });
    await expect(text()).rejects.toThrow();
    expect(credits()).toBe(0);
    expect(lastRequest()).toMatchObject({ route: TEXT, status: undefined, closedEarly: false });
    expect((await text()).status).toBe(200);
  });

  it('echo-key: an error whose message repeats the api-key header', async () => {
    sim.inject({ kind: 'echo-key' }, { times: 1 });
    const res = await text();
    expect(res.status).toBe(400);
    expect(res.json.errCode).toBe(400);
    expect(res.json.message).toContain(sim.keys.business);
    sim.inject({ kind: 'echo-key', status: 401 }, { times: 1 });
    expect((await text()).status).toBe(401);
    expect(credits()).toBe(0);
  });
});

describe('faults that alter delivery of a processed request (charged)', () => {
  it('latency: waits, then answers normally', async () => {
    sim.inject({ kind: 'latency', ms: 150 }, { route: TEXT });
    const started = Date.now();
    const res = await text();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(res.status).toBe(200);
    expect(credits()).toBe(1);
  });

  it('latency: a client that gives up meanwhile is recorded closedEarly and nothing is charged', async () => {
    sim.inject({ kind: 'latency', ms: 200 }, { route: TEXT });
    await expect(
      call(sim, 'POST', pathOf('generateText'), { body: textBody, signal: AbortSignal.timeout(50) }),
    ).rejects.toThrow();
    await eventually(() => lastRequest()?.closedEarly === true);
    await sleep(250);
    expect(credits()).toBe(0);
    expect(lastRequest()?.status).toBeUndefined();
  });

  it('reset-mid-body: headers and about half the body, then the socket is destroyed', async () => {
    sim.inject({ kind: 'reset-mid-body' }, { route: TEXT });
    const res = await rawRequest(sim, 'POST', pathOf('generateText'), textBody);
    expect(res.status).toBe(200);
    expect(res.error).toBeDefined();
    const full = Number(res.headers['content-length']);
    expect(res.body.length).toBeGreaterThan(0);
    expect(res.body.length).toBeLessThan(full);
    expect(credits()).toBe(1);
    expect(lastRequest()).toMatchObject({ status: 200, closedEarly: false });
  });

  it('truncated: 200 JSON with only the first half of the body, ended normally', async () => {
    sim.inject({ kind: 'truncated' }, { route: TEXT });
    const res = await rawRequest(sim, 'POST', pathOf('generateText'), textBody);
    expect(res.error).toBeUndefined();
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(() => JSON.parse(res.body.toString())).toThrow();
    expect(res.body.toString()).toMatch(/^\{"message":"Generated AI successfully\."/);
    expect(credits()).toBe(1);
  });

  it('truncated turns even an error response into a 200 with half a body', async () => {
    sim.inject({ kind: 'truncated' }, { route: TEXT });
    const res = await call(sim, 'POST', pathOf('generateText'), { body: {} });
    expect(res.status).toBe(200);
    expect(res.json).toBeUndefined();
  });

  it('empty: 200 with content-length 0', async () => {
    sim.inject({ kind: 'empty' }, { route: TEXT });
    const res = await text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('0');
    expect(res.text).toBe('');
    expect(credits()).toBe(1);
  });

  it('wrong-content-type: the normal JSON body labelled text/plain', async () => {
    sim.inject({ kind: 'wrong-content-type' }, { route: TEXT });
    const res = await text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(res.json.message).toBe('Generated AI successfully.');
    expect(credits()).toBe(1);
  });

  it('deprecated: normal response with deprecated: true and api-version: v2', async () => {
    sim.inject({ kind: 'deprecated' });
    const res = await call(sim, 'GET', pathOf('getLatestReport'));
    expect(res.status).toBe(200);
    expect(res.headers.get('deprecated')).toBe('true');
    expect(res.headers.get('api-version')).toBe('v2');
    expect(res.json.data.id).toMatch(/^rep_/);
  });

  it('slow-drip: the body arrives a few bytes at a time, complete', async () => {
    sim.inject({ kind: 'slow-drip', intervalMs: 1 }, { route: routeKey('getBrandVoice') });
    const voices = (await call(sim, 'GET', pathOf('listBrandVoices'))).json.data;
    const started = Date.now();
    const res = await call(sim, 'GET', pathOf('getBrandVoice', { id: voices[0].id }));
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual(voices[0]);
    // ~300 bytes at 16 bytes per tick: at least ~19 ticks.
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });

  it('slow-drip: a client that leaves mid-body is recorded closedEarly (and was charged)', async () => {
    sim.inject({ kind: 'slow-drip', intervalMs: 20 }, { route: TEXT });
    const controller = new AbortController();
    const response = await fetch(`${sim.url}${pathOf('generateText')}`, {
      method: 'POST',
      headers: { 'api-key': sim.keys.business, 'content-type': 'application/json' },
      body: JSON.stringify(textBody),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    controller.abort();
    await eventually(() => lastRequest()?.closedEarly === true);
    expect(credits()).toBe(1);
  });

  it('oversized: streams exactly `bytes` of JSON-looking data without a content-length', async () => {
    const bytes = 300 * 1024 + 7;
    sim.inject({ kind: 'oversized', bytes }, { route: TEXT });
    const res = await rawRequest(sim, 'POST', pathOf('generateText'), textBody);
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body.length).toBe(bytes);
    expect(res.body.subarray(0, 12).toString()).toBe('{"message":"');
    expect(res.body.subarray(-2).toString()).toBe('"}');
    expect(credits()).toBe(1);
  });

  it('oversized: 50 MB, client reads 1 MB and aborts; the server never buffers it and keeps serving', async () => {
    sim.inject({ kind: 'oversized', bytes: 50 * 1024 * 1024 }, { route: TEXT, times: 1 });
    const before = process.memoryUsage().arrayBuffers;
    const controller = new AbortController();
    const response = await fetch(`${sim.url}${pathOf('generateText')}`, {
      method: 'POST',
      headers: { 'api-key': sim.keys.business, 'content-type': 'application/json' },
      body: JSON.stringify(textBody),
      signal: controller.signal,
    });
    const reader = response.body?.getReader();
    let received = 0;
    while (reader && received < 1024 * 1024) {
      const { value, done } = await reader.read();
      if (done) break;
      received += value.length;
    }
    const grown = process.memoryUsage().arrayBuffers - before;
    controller.abort();
    expect(received).toBeGreaterThanOrEqual(1024 * 1024);
    expect(grown).toBeLessThan(20 * 1024 * 1024);
    await eventually(() => lastRequest()?.closedEarly === true);
    expect((await text()).status).toBe(200);
  });
});

describe('report delay', () => {
  it('answers a report run only after reportDelayMs', async () => {
    const started = Date.now();
    const res = await call(sim, 'POST', pathOf('runReport'), { body: { refresh: true } });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('does not count a run whose client disconnected during the delay', async () => {
    const before = (await call(sim, 'GET', pathOf('getLatestReport'))).json.data.id;
    await expect(
      call(sim, 'POST', pathOf('runReport'), { body: { refresh: true }, signal: AbortSignal.timeout(50) }),
    ).rejects.toThrow();
    await eventually(() => sim.requests.some((r) => r.route === routeKey('runReport') && r.closedEarly));
    await sleep(350);
    expect(sim.reportRunsUsed(sim.keys.business)).toBe(0);
    expect((await call(sim, 'GET', pathOf('getLatestReport'))).json.data.id).toBe(before);
  });
});
