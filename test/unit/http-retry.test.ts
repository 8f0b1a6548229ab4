/**
 * KrastieHttp retry policy under fake time: which failures are retried, how often, how long it waits,
 * and that credit-spending or data-changing calls are never sent twice unless provably never sent.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Endpoint, endpoints } from '../../src/krastie/endpoints.js';
import { KrastieError } from '../../src/krastie/errors.js';
import { type HttpOptions, KrastieHttp } from '../../src/krastie/http.js';
import { API_KEY, codedError, type MockSetup, mockKrastie, ORIGIN, type Settled, settle } from './support.js';

const START = new Date('2025-03-03T10:00:00.000Z');
const REPORT_PATH = endpoints.getLatestReport.path;
const CHAT_PATH = endpoints.chat.path;
const VOICE_PATH = '/v1/ai/brand-voice/bv_1';

let mock: MockSetup;

beforeEach(() => {
  vi.useFakeTimers({ now: START });
  mock = mockKrastie();
});

afterEach(async () => {
  vi.useRealTimers();
  await mock.agent.close();
});

function client(options: Partial<HttpOptions> = {}): KrastieHttp {
  return new KrastieHttp({
    baseUrl: ORIGIN,
    apiKey: API_KEY,
    userAgent: 'krastie-mcp/test',
    timeoutMs: 10_000,
    dispatcher: mock.agent,
    random: () => 0,
    ...options,
  });
}

const elapsed = () => Date.now() - START.getTime();

/** Starts the request and records when (in fake time) it settled. */
function track<T>(promise: Promise<T>) {
  const state: { result?: Settled<T>; at?: number } = {};
  const done = settle(promise).then((result) => {
    state.result = result;
    state.at = elapsed();
    return result;
  });
  return { state, done };
}

function expectKrastieError(result: Settled<unknown> | undefined): KrastieError {
  expect(result?.ok).toBe(false);
  const error = (result as { error: unknown }).error;
  expect(error).toBeInstanceOf(KrastieError);
  return error as KrastieError;
}

/** Intercepts every request to `path` (persistently), answering with `answer(n)` for the n-th call (0-based). */
function answerAll(
  method: string,
  path: string,
  answer: (n: number) => { statusCode: number; data?: unknown; headers?: Record<string, string> },
) {
  const times: number[] = [];
  mock.pool
    .intercept({ path, method })
    .reply(() => {
      const n = times.length;
      times.push(elapsed());
      const { statusCode, data = { message: `answer ${n}` }, headers = {} } = answer(n);
      return {
        statusCode,
        data: typeof data === 'string' ? data : JSON.stringify(data),
        responseOptions: { headers },
      };
    })
    .persist();
  return times;
}

describe('GET (read) retries', () => {
  it.each([500, 502, 503, 504, 408, 429])(
    'retries a %i and succeeds on the third attempt',
    async (status) => {
      const times = answerAll('GET', REPORT_PATH, (n) =>
        n < 2 ? { statusCode: status } : { statusCode: 200, data: { data: { visibilityScore: 61 } } },
      );
      const call = track(client().request(endpoints.getLatestReport));
      await vi.advanceTimersByTimeAsync(5_000);
      const result = await call.done;
      expect(result).toEqual({ ok: true, value: { status: 200, body: { data: { visibilityScore: 61 } } } });
      expect(times).toEqual([0, 500, 1500]);
      expect(mock.calls()).toHaveLength(3);
    },
  );

  it('gives up after 2 retries (3 attempts) with backoff 500 ms then 1000 ms', async () => {
    const times = answerAll('GET', REPORT_PATH, () => ({ statusCode: 503, data: { message: 'overloaded' } }));
    const call = track(client().request(endpoints.getLatestReport));
    await vi.advanceTimersByTimeAsync(1_499);
    expect(call.state.result).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    await call.done;
    const error = expectKrastieError(call.state.result);
    expect(error.kind).toBe('upstream');
    expect(error.status).toBe(503);
    expect(call.state.at).toBe(1_500);
    expect(times).toEqual([0, 500, 1500]);
    // No stray fourth attempt later on.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(mock.calls()).toHaveLength(3);
  });

  it('jitters the backoff down by at most 25 % (random = 1 → 375 ms, 750 ms)', async () => {
    const times = answerAll('GET', REPORT_PATH, () => ({ statusCode: 500 }));
    const call = track(client({ random: () => 1 }).request(endpoints.getLatestReport));
    await vi.advanceTimersByTimeAsync(5_000);
    await call.done;
    expect(expectKrastieError(call.state.result).kind).toBe('upstream');
    expect(times).toEqual([0, 375, 1125]);
    expect(call.state.at).toBe(1_125);
  });

  it('honours a custom retry policy (maxRetries 0 → one attempt)', async () => {
    answerAll('GET', REPORT_PATH, () => ({ statusCode: 500 }));
    const call = track(client({ retry: { maxRetries: 0 } }).request(endpoints.getLatestReport));
    await vi.advanceTimersByTimeAsync(5_000);
    await call.done;
    expect(expectKrastieError(call.state.result).kind).toBe('upstream');
    expect(mock.calls()).toHaveLength(1);
  });

  it.each([400, 401, 403, 404, 422])('does not retry a %i', async (status) => {
    answerAll('GET', REPORT_PATH, () => ({ statusCode: status, data: { message: 'no', errCode: status } }));
    const call = track(client().request(endpoints.getLatestReport));
    await vi.advanceTimersByTimeAsync(10_000);
    await call.done;
    expect(expectKrastieError(call.state.result).status).toBe(status);
    expect(call.state.at).toBe(0);
    expect(mock.calls()).toHaveLength(1);
  });

  it('retries a network error (reply with error) and then succeeds', async () => {
    const scope = mock.pool.intercept({ path: REPORT_PATH, method: 'GET' });
    scope.replyWithError(codedError('ECONNRESET', 'socket hang up')).times(2);
    mock.pool.intercept({ path: REPORT_PATH, method: 'GET' }).reply(200, { data: { visibilityScore: 5 } });
    const call = track(client().request(endpoints.getLatestReport));
    await vi.advanceTimersByTimeAsync(5_000);
    await call.done;
    expect(call.state.result).toEqual({
      ok: true,
      value: { status: 200, body: { data: { visibilityScore: 5 } } },
    });
    expect(call.state.at).toBe(1_500);
    expect(mock.calls()).toHaveLength(3);
    expect(mock.agent.pendingInterceptors()).toHaveLength(0);
  });

  it('reports a persistent network error as kind network after 3 attempts', async () => {
    mock.pool
      .intercept({ path: REPORT_PATH, method: 'GET' })
      .replyWithError(codedError('UND_ERR_SOCKET', 'other side closed'))
      .persist();
    const call = track(client().request(endpoints.getLatestReport));
    await vi.advanceTimersByTimeAsync(5_000);
    await call.done;
    const error = expectKrastieError(call.state.result);
    expect(error.kind).toBe('network');
    expect(error.code).toBe('UND_ERR_SOCKET');
    expect(mock.calls()).toHaveLength(3);
  });

  it('an error without a code (a bug, not a network failure) surfaces unchanged and is not retried', async () => {
    const bug = new TypeError('cannot read properties of undefined');
    mock.pool.intercept({ path: REPORT_PATH, method: 'GET' }).replyWithError(bug).persist();
    const call = track(client().request(endpoints.getLatestReport));
    await vi.advanceTimersByTimeAsync(5_000);
    await call.done;
    expect(call.state.result).toEqual({ ok: false, error: bug });
    expect(mock.calls()).toHaveLength(1);
  });

  it('finds the code undici nests in `cause` (ECONNRESET under UND_ERR_SOCKET)', async () => {
    const nested = Object.assign(new Error('other side closed'), {
      code: 'UND_ERR_SOCKET',
      cause: codedError('ECONNRESET', 'read ECONNRESET'),
    });
    mock.pool.intercept({ path: CHAT_PATH, method: 'POST' }).replyWithError(nested).persist();
    const call = track(client().request(endpoints.chat, { body: { text: 'hi' } }));
    await vi.advanceTimersByTimeAsync(5_000);
    await call.done;
    const error = expectKrastieError(call.state.result);
    expect(error.kind).toBe('network');
    expect(error.code).toBe('ECONNRESET');
    expect(mock.calls()).toHaveLength(1);
  });

  it('a UND_ERR_CONNECT_TIMEOUT is kind timeout and, never sent, is retried even for a POST', async () => {
    mock.pool
      .intercept({ path: CHAT_PATH, method: 'POST' })
      .replyWithError(codedError('UND_ERR_CONNECT_TIMEOUT', 'Connect Timeout Error'))
      .persist();
    const call = track(client().request(endpoints.chat, { body: { text: 'hi' } }));
    await vi.advanceTimersByTimeAsync(5_000);
    await call.done;
    const error = expectKrastieError(call.state.result);
    expect(error.kind).toBe('timeout');
    expect(error.mayHaveReachedKrastie).toBe(false);
    expect(mock.calls()).toHaveLength(3);
  });
});

describe('Retry-After', () => {
  it('waits Retry-After seconds (3) instead of the backoff', async () => {
    const times = answerAll('GET', REPORT_PATH, (n) =>
      n === 0 ? { statusCode: 429, headers: { 'retry-after': '3' } } : { statusCode: 200, data: { ok: 1 } },
    );
    const call = track(client().request(endpoints.getLatestReport));
    await vi.advanceTimersByTimeAsync(2_999);
    expect(mock.calls()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await call.done;
    expect(call.state.result?.ok).toBe(true);
    expect(times).toEqual([0, 3_000]);
  });

  it('honours a Retry-After given as an HTTP date on a 503', async () => {
    const retryAt = new Date(START.getTime() + 5_000).toUTCString();
    const times = answerAll('GET', REPORT_PATH, (n) =>
      n === 0
        ? { statusCode: 503, headers: { 'retry-after': retryAt } }
        : { statusCode: 200, data: { ok: 1 } },
    );
    const call = track(client().request(endpoints.getLatestReport));
    await vi.advanceTimersByTimeAsync(10_000);
    await call.done;
    expect(call.state.result?.ok).toBe(true);
    expect(times).toEqual([0, 5_000]);
  });

  it('fails at once with rate_limited and retryAfter when the wait exceeds the remaining budget', async () => {
    answerAll('GET', REPORT_PATH, () => ({ statusCode: 429, headers: { 'retry-after': '120' } }));
    // Budget defaults to 2 × timeoutMs = 20 s; 120 s is far beyond it.
    const call = track(client().request(endpoints.getLatestReport));
    await vi.advanceTimersByTimeAsync(100);
    const error = expectKrastieError(call.state.result);
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfter).toBe(120);
    expect(call.state.at).toBe(0);
    await vi.advanceTimersByTimeAsync(200_000);
    expect(mock.calls()).toHaveLength(1);
  });

  it('respects an explicit budgetMs: a 3 s Retry-After does not fit in a 2 s budget', async () => {
    answerAll('GET', REPORT_PATH, () => ({ statusCode: 503, headers: { 'retry-after': '3' } }));
    const call = track(client().request(endpoints.getLatestReport, {}, { budgetMs: 2_000 }));
    await vi.advanceTimersByTimeAsync(10_000);
    await call.done;
    const error = expectKrastieError(call.state.result);
    expect(error.kind).toBe('upstream');
    expect(error.retryAfter).toBe(3);
    expect(call.state.at).toBe(0);
    expect(mock.calls()).toHaveLength(1);
  });
});

describe('calls that spend credits or change data are never sent twice', () => {
  const cases: [string, Endpoint, string, string][] = [
    ['spend (chat)', endpoints.chat, 'POST', CHAT_PATH],
    ['write (updateBrandVoice)', endpoints.updateBrandVoice, 'PUT', VOICE_PATH],
  ];
  const spec = (endpoint: Endpoint) =>
    endpoint === endpoints.chat
      ? { body: { text: 'hi', model: 'gpt-4o' } }
      : { params: { id: 'bv_1' }, body: { name: 'Friendly' } };

  describe.each(cases)('%s', (_label, endpoint, method, path) => {
    it.each([500, 502, 503, 429])('sends a request that got %i exactly once', async (status) => {
      answerAll(method, path, () => ({ statusCode: status, headers: { 'retry-after': '1' } }));
      const call = track(client().request(endpoint, spec(endpoint)));
      await vi.advanceTimersByTimeAsync(30_000);
      await call.done;
      const error = expectKrastieError(call.state.result);
      expect(error.status).toBe(status);
      expect(error.mayHaveReachedKrastie).toBe(true);
      expect(call.state.at).toBe(0);
      expect(mock.calls()).toHaveLength(1);
    });

    it('sends a request reset mid-way (ECONNRESET) exactly once', async () => {
      mock.pool
        .intercept({ path, method })
        .replyWithError(codedError('ECONNRESET', 'read ECONNRESET'))
        .persist();
      const call = track(client().request(endpoint, spec(endpoint)));
      await vi.advanceTimersByTimeAsync(30_000);
      await call.done;
      const error = expectKrastieError(call.state.result);
      expect(error.kind).toBe('network');
      expect(error.code).toBe('ECONNRESET');
      expect(error.mayHaveReachedKrastie).toBe(true);
      expect(mock.calls()).toHaveLength(1);
    });

    it('sends a request that timed out exactly once', async () => {
      mock.pool.intercept({ path, method }).reply(200, { data: 'late' }).delay(60_000).persist();
      const call = track(client({ timeoutMs: 1_000 }).request(endpoint, spec(endpoint)));
      await vi.advanceTimersByTimeAsync(120_000);
      await call.done;
      const error = expectKrastieError(call.state.result);
      expect(error.kind).toBe('timeout');
      expect(call.state.at).toBe(1_000);
      expect(mock.calls()).toHaveLength(1);
    });

    it('retries a connection that was refused (provably never sent)', async () => {
      mock.pool
        .intercept({ path, method })
        .replyWithError(codedError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:443'));
      mock.pool.intercept({ path, method }).reply(200, { message: 'ok', data: 'done' });
      const call = track(client().request(endpoint, spec(endpoint)));
      await vi.advanceTimersByTimeAsync(5_000);
      await call.done;
      expect(call.state.result).toEqual({
        ok: true,
        value: { status: 200, body: { message: 'ok', data: 'done' } },
      });
      expect(call.state.at).toBe(500);
      expect(mock.calls()).toHaveLength(2);
    });
  });

  it('a refused POST still stops after 2 retries and says it never reached Krastie', async () => {
    mock.pool
      .intercept({ path: CHAT_PATH, method: 'POST' })
      .replyWithError(codedError('ECONNREFUSED'))
      .persist();
    const call = track(client().request(endpoints.chat, spec(endpoints.chat)));
    await vi.advanceTimersByTimeAsync(10_000);
    await call.done;
    const error = expectKrastieError(call.state.result);
    expect(error.kind).toBe('network');
    expect(error.mayHaveReachedKrastie).toBe(false);
    expect(mock.calls()).toHaveLength(3);
  });
});

describe('timeouts', () => {
  it('turns a reply slower than timeoutMs into kind timeout at timeoutMs', async () => {
    mock.pool.intercept({ path: CHAT_PATH, method: 'POST' }).reply(200, { data: 'late' }).delay(5_000);
    const call = track(client({ timeoutMs: 2_000 }).request(endpoints.chat, { body: { text: 'x' } }));
    await vi.advanceTimersByTimeAsync(1_999);
    expect(call.state.result).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    await call.done;
    const error = expectKrastieError(call.state.result);
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('2 s');
  });

  it('a per-call timeoutMs overrides the default', async () => {
    mock.pool.intercept({ path: CHAT_PATH, method: 'POST' }).reply(200, { data: 'late' }).delay(5_000);
    const call = track(client({ timeoutMs: 60_000 }).request(endpoints.chat, {}, { timeoutMs: 300 }));
    await vi.advanceTimersByTimeAsync(300);
    await call.done;
    expect(expectKrastieError(call.state.result).kind).toBe('timeout');
  });

  it('retries a timed-out GET only while the call budget lasts', async () => {
    mock.pool
      .intercept({ path: REPORT_PATH, method: 'GET' })
      .reply(200, { data: {} })
      .delay(60_000)
      .persist();
    // timeout 1 s, budget 2 s: attempt 1 times out at 1000, retry at 1500 gets the remaining 500 ms.
    const call = track(client({ timeoutMs: 1_000 }).request(endpoints.getLatestReport));
    await vi.advanceTimersByTimeAsync(10_000);
    await call.done;
    expect(expectKrastieError(call.state.result).kind).toBe('timeout');
    expect(call.state.at).toBe(2_000);
    expect(mock.calls()).toHaveLength(2);
  });
});

describe('cancellation', () => {
  it('an already-aborted signal fails with cancelled before any request', async () => {
    answerAll('GET', REPORT_PATH, () => ({ statusCode: 200, data: {} }));
    const call = track(client().request(endpoints.getLatestReport, {}, { signal: AbortSignal.abort() }));
    await vi.advanceTimersByTimeAsync(0);
    await call.done;
    const error = expectKrastieError(call.state.result);
    expect(error.kind).toBe('cancelled');
    expect(error.mayHaveReachedKrastie).toBe(false);
    expect(mock.calls()).toHaveLength(0);
  });

  it('a paid call cancelled while waiting to retry a refused connection says nothing reached Krastie', async () => {
    mock.pool
      .intercept({ path: CHAT_PATH, method: 'POST' })
      .replyWithError(codedError('ECONNREFUSED'))
      .persist();
    const controller = new AbortController();
    const call = track(
      client().request(endpoints.chat, { body: { text: 'x' } }, { signal: controller.signal }),
    );
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    await call.done;
    const error = expectKrastieError(call.state.result);
    expect(error.kind).toBe('cancelled');
    expect(error.mayHaveReachedKrastie).toBe(false);
    expect(mock.calls()).toHaveLength(1);
  });

  it('aborting during the backoff wait stops retrying at once', async () => {
    answerAll('GET', REPORT_PATH, () => ({ statusCode: 503 }));
    const controller = new AbortController();
    const call = track(client().request(endpoints.getLatestReport, {}, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(200);
    expect(mock.calls()).toHaveLength(1);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    await call.done;
    expect(expectKrastieError(call.state.result).kind).toBe('cancelled');
    expect(call.state.at).toBe(200);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(mock.calls()).toHaveLength(1);
  });

  it('aborting an in-flight request gives cancelled (not timeout) and no retry', async () => {
    mock.pool.intercept({ path: REPORT_PATH, method: 'GET' }).reply(200, { data: {} }).delay(8_000).persist();
    const controller = new AbortController();
    const call = track(client().request(endpoints.getLatestReport, {}, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(300);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    await call.done;
    expect(expectKrastieError(call.state.result).kind).toBe('cancelled');
    expect(call.state.at).toBe(300);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(mock.calls()).toHaveLength(1);
  });
});
