/**
 * KrastieHttp / KrastieClient: HTTP status → KrastieError, sanitising of what Krastie says, lenient
 * reading of success bodies, the body size cap, the deprecation warning, request headers and path encoding.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrastieClient } from '../../src/krastie/client.js';
import { endpoints } from '../../src/krastie/endpoints.js';
import { KrastieError } from '../../src/krastie/errors.js';
import { type HttpOptions, KrastieHttp } from '../../src/krastie/http.js';
import { VERSION } from '../../src/version.js';
import {
  API_KEY,
  captureLogger,
  codedError,
  type MockSetup,
  mockKrastie,
  ORIGIN,
  rejection,
} from './support.js';

const REPORT_PATH = endpoints.getLatestReport.path;
const VOICES_PATH = endpoints.listBrandVoices.path;
const PLAN_GATE = 'API access requires a Business plan or higher.';

let mock: MockSetup;

beforeEach(() => {
  mock = mockKrastie();
});

afterEach(async () => {
  await mock.agent.close();
});

function http(options: Partial<HttpOptions> = {}): KrastieHttp {
  return new KrastieHttp({
    baseUrl: ORIGIN,
    apiKey: API_KEY,
    userAgent: 'krastie-mcp/test',
    timeoutMs: 5_000,
    dispatcher: mock.agent,
    retry: { maxRetries: 0 },
    ...options,
  });
}

function client(http: KrastieClientHttp = {}): KrastieClient {
  return new KrastieClient({
    baseUrl: ORIGIN,
    apiKey: API_KEY,
    version: VERSION,
    timeoutMs: 5_000,
    http: { dispatcher: mock.agent, retry: { maxRetries: 0 }, ...http },
  });
}
type KrastieClientHttp = Partial<Pick<HttpOptions, 'maxBodyBytes' | 'random'>>;

function replyOnce(
  status: number,
  body: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
  path: string = REPORT_PATH,
  method = 'GET',
) {
  mock.pool
    .intercept({ path, method })
    .reply(status, typeof body === 'string' ? body : JSON.stringify(body), { headers });
}

async function failure(promise: Promise<unknown>): Promise<KrastieError> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(KrastieError);
  return error as KrastieError;
}

describe('status → kind', () => {
  it.each([
    [401, { message: 'Invalid or expired API key', errCode: 401 }, 'auth'],
    [403, { message: PLAN_GATE, errCode: 403 }, 'plan'],
    [403, { message: 'Monthly AI credit limit reached for your plan.', errCode: 403 }, 'credits'],
    [403, { message: 'You have exceeded your usage quota', errCode: 403 }, 'credits'],
    [403, { message: 'No AI credits left this month.', errCode: 403 }, 'credits'],
    [403, { message: 'Report refresh limit for your plan.', errCode: 403 }, 'credits'],
    [403, { message: 'The model "o1" requires a paid plan (Startup or above).', errCode: 403 }, 'plan'],
    [404, { message: 'Job not found', errCode: 404 }, 'not_found'],
    [400, { message: 'text is required', errCode: 400 }, 'validation'],
    [429, { message: 'Too many requests', errCode: 429 }, 'rate_limited'],
    [500, { message: 'Internal server error', errCode: 500 }, 'upstream'],
    [503, { message: 'Service unavailable', errCode: 503 }, 'upstream'],
  ] as const)('%i %j → %s', async (status, body, kind) => {
    replyOnce(status, body);
    const error = await failure(http().request(endpoints.getLatestReport));
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.errCode).toBe(status);
    expect(error.message).toBe(body.message);
    expect(mock.calls()).toHaveLength(1);
  });

  it('keeps a numeric errCode that differs from the status, and falls back to the status without one', async () => {
    replyOnce(403, { message: PLAN_GATE, errCode: 4031 });
    const withCode = await failure(http().request(endpoints.getLatestReport));
    expect(withCode.errCode).toBe(4031);
    expect(withCode.status).toBe(403);

    replyOnce(404, { message: 'gone' });
    const withoutCode = await failure(http().request(endpoints.getLatestReport));
    expect(withoutCode.errCode).toBe(404);
  });

  it('a 422 with data [{field, message}] becomes validation with details', async () => {
    replyOnce(422, {
      message: 'Validation failed',
      errCode: 422,
      data: [
        { field: 'websiteurl', message: 'must be a valid URL' },
        { field: 'prompts', message: 'at most 20 prompts' },
        { message: 'no field here' },
      ],
    });
    const error = await failure(http().request(endpoints.getLatestReport));
    expect(error.kind).toBe('validation');
    expect(error.status).toBe(422);
    expect(error.details).toEqual([
      'websiteurl: must be a valid URL',
      'prompts: at most 20 prompts',
      'no field here',
    ]);
  });

  it('a JSON error without message says HTTP <status>', async () => {
    replyOnce(500, { errCode: 500 });
    const error = await failure(http().request(endpoints.getLatestReport));
    expect(error.message).toBe('HTTP 500');
    expect(error.kind).toBe('upstream');
  });

  it('reads Retry-After on an error', async () => {
    replyOnce(429, { message: 'slow down' }, { 'retry-after': '42' });
    const error = await failure(http().request(endpoints.getLatestReport));
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfter).toBe(42);
  });
});

describe('what Krastie says is sanitised', () => {
  it('an HTML error page (502 text/html) never shows raw HTML', async () => {
    replyOnce(
      502,
      '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><script>alert(1)</script></body></html>',
      { 'content-type': 'text/html' },
    );
    const error = await failure(http().request(endpoints.getLatestReport));
    expect(error.kind).toBe('upstream');
    expect(error.status).toBe(502);
    expect(error.message).not.toContain('<');
    expect(error.message).not.toContain('alert');
    expect(error.message).toContain('502');
  });

  it('HTML and control characters inside a JSON message are stripped', async () => {
    replyOnce(400, { message: '<b>Bad</b>\u0000 input<script>steal()</script>\n\tnow' });
    const error = await failure(http().request(endpoints.getLatestReport));
    expect(error.message).toBe('Bad input now');
  });

  it('a message longer than 300 characters is truncated with an ellipsis', async () => {
    replyOnce(400, { message: `${'x'.repeat(1_000)}END` });
    const error = await failure(http().request(endpoints.getLatestReport));
    expect(error.message.length).toBeLessThanOrEqual(300);
    expect(error.message.endsWith('…')).toBe(true);
    expect(error.message).not.toContain('END');
  });

  it.each([
    ['a krastie_ key', API_KEY],
    ['a key of any other shape', 'sk-live-SECRET-0000-unusual-shape'],
  ])('%s echoed in an error body appears nowhere in the error', async (_label, key) => {
    replyOnce(401, {
      message: `The key ${key} is revoked`,
      errCode: 401,
      data: [{ field: 'api-key', message: `value ${key} expired` }, `raw ${key}`],
    });
    const error = await failure(http({ apiKey: key }).request(endpoints.getLatestReport));
    expect(error.kind).toBe('auth');
    for (const text of [
      error.message,
      String(error),
      JSON.stringify(error),
      error.details.join('\n'),
      error.stack ?? '',
    ]) {
      expect(text).not.toContain(key);
    }
    expect(error.details).toHaveLength(2);
    expect(error.message).toContain('redacted');
  });

  it('the key inside a network error message is redacted too', async () => {
    const key = 'sk-live-OTHER-SHAPE-1234';
    mock.pool
      .intercept({ path: REPORT_PATH, method: 'GET' })
      .replyWithError(codedError('ECONNRESET', `proxy rejected ${key}`));
    const error = await failure(http({ apiKey: key }).request(endpoints.getLatestReport));
    expect(error.kind).toBe('network');
    expect(error.message).not.toContain(key);
    expect(JSON.stringify(error)).not.toContain(key);
  });
});

describe('lenient success bodies (KrastieClient)', () => {
  const report = {
    id: 77,
    websiteurl: 'https://acme.com',
    visibilityScore: 64,
    mentionRate: 0.5,
    futureField: { nested: true },
  };

  it('reads a {message, data} envelope and keeps unknown fields', async () => {
    replyOnce(200, { message: 'ok', data: report });
    const result = await client().getLatestReport();
    expect(result.id).toBe('77');
    expect(result.visibilityScore).toBe(64);
    expect(result.mentionRate).toBe(0.5);
    expect(result.futureField).toEqual({ nested: true });
    expect(result.models).toEqual([]);
    expect(result.recommendations).toEqual([]);
  });

  it('reads the same report as a bare body', async () => {
    replyOnce(200, report);
    const result = await client().getLatestReport();
    expect(result.websiteurl).toBe('https://acme.com');
    expect(result.visibilityScore).toBe(64);
    expect(result.futureField).toEqual({ nested: true });
  });

  it('a field of the wrong type becomes missing; bad list items are dropped', async () => {
    replyOnce(200, {
      data: {
        visibilityScore: 'high',
        citationRate: 0.2,
        models: [{ model: 'gpt-4o', visibilityScore: 70 }, 'junk', null],
      },
    });
    const result = await client().getLatestReport();
    expect(result.visibilityScore).toBeUndefined();
    expect(result.citationRate).toBe(0.2);
    expect(result.models).toHaveLength(1);
    expect(result.models[0]?.model).toBe('gpt-4o');
  });

  it('reads a brand voice list enveloped and bare', async () => {
    replyOnce(200, { data: [{ id: 'bv1', name: 'Warm', extra: 1 }] }, undefined, VOICES_PATH);
    replyOnce(200, [{ id: 2, name: 'Crisp' }], undefined, VOICES_PATH);
    const enveloped = await client().listBrandVoices();
    const bare = await client().listBrandVoices();
    expect(enveloped).toEqual([{ id: 'bv1', name: 'Warm', extra: 1 }]);
    expect(bare).toEqual([{ id: '2', name: 'Crisp' }]);
  });

  it('a 202 queued generation gives the job id', async () => {
    replyOnce(
      202,
      { message: 'Content generation queued', jobId: 12345 },
      undefined,
      endpoints.generateText.path,
      'POST',
    );
    const result = await client().generateText({ text: 'hi', model: 'gpt-4o', useWorker: true });
    expect(result).toEqual({ status: 'queued', jobId: '12345', message: 'Content generation queued' });
  });

  it.each([
    ['an empty 200 body', '', /empty body/],
    ['an HTML 200 page', '<!doctype html><html><body><p>Maintenance</p></body></html>', /HTML/],
    ['truncated JSON', '{"message":"ok","data":{"visibilityScore":4', /cut-off or invalid JSON/],
  ])('%s on a read is an upstream error, not a crash', async (_label, body, message) => {
    replyOnce(200, body, { 'content-type': 'application/json' });
    const error = await failure(client().getLatestReport());
    expect(error.kind).toBe('upstream');
    expect(error.status).toBe(200);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('<');
  });

  it('an empty body is fine for a data-changing call (DELETE)', async () => {
    replyOnce(200, '', {}, '/v1/ai/brand-voice/bv1', 'DELETE');
    await expect(client().deleteBrandVoice('bv1')).resolves.toEqual({ message: undefined });
  });

  it('a body of the wrong kind altogether (a string for a report) is upstream', async () => {
    replyOnce(200, { data: 'not a report' });
    const error = await failure(client().getLatestReport());
    expect(error.kind).toBe('upstream');
    expect(error.message).toMatch(/unexpected shape/);
  });

  it('an oversized body is cut off: upstream with code BODY_TOO_LARGE, not retried', async () => {
    const big = JSON.stringify({ data: { padding: 'x'.repeat(10 * 1024) } });
    mock.pool
      .intercept({ path: REPORT_PATH, method: 'GET' })
      .reply(200, big, { headers: { 'content-type': 'application/json' } })
      .persist();
    const c = new KrastieClient({
      baseUrl: ORIGIN,
      apiKey: API_KEY,
      version: VERSION,
      timeoutMs: 5_000,
      http: { dispatcher: mock.agent, maxBodyBytes: 1024 },
    });
    const error = await failure(c.getLatestReport());
    expect(error.kind).toBe('upstream');
    expect(error.code).toBe('BODY_TOO_LARGE');
    expect(mock.calls()).toHaveLength(1);
  });

  it('a body just under the cap is read normally', async () => {
    const body = JSON.stringify({ data: { visibilityScore: 9, padding: 'x'.repeat(900) } });
    expect(body.length).toBeLessThan(1024);
    replyOnce(200, body);
    const result = await client({ maxBodyBytes: 1024 }).getLatestReport();
    expect(result.visibilityScore).toBe(9);
  });
});

describe('deprecation warning', () => {
  it.each([
    ['deprecated: true', { deprecated: 'true', 'api-version': 'v1' }],
    ['api-version: v2', { deprecated: 'false', 'api-version': 'v2' }],
  ])('%s → exactly one warning per KrastieHttp instance', async (_label, headers) => {
    mock.pool.intercept({ path: REPORT_PATH, method: 'GET' }).reply(200, { data: {} }, { headers }).persist();
    const logger = captureLogger();
    const first = http({ logger });
    await first.request(endpoints.getLatestReport);
    await first.request(endpoints.getLatestReport);
    await first.request(endpoints.getLatestReport);
    const warnings = () => logger.lines.filter((l) => l.level === 'warn');
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]?.message).toMatch(/deprecated|changed/);

    const second = http({ logger });
    await second.request(endpoints.getLatestReport);
    expect(warnings()).toHaveLength(2);
  });

  it('the normal v1 headers (api-version: v1, deprecated: false) warn nothing', async () => {
    mock.pool
      .intercept({ path: REPORT_PATH, method: 'GET' })
      .reply(200, { data: {} }, { headers: { deprecated: 'false', 'api-version': 'v1' } });
    const logger = captureLogger();
    await http({ logger }).request(endpoints.getLatestReport);
    expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('warns even when the deprecated answer is an error', async () => {
    replyOnce(404, { message: 'nope' }, { deprecated: 'true' });
    const logger = captureLogger();
    await failure(http({ logger }).request(endpoints.getLatestReport));
    expect(logger.lines.filter((l) => l.level === 'warn')).toHaveLength(1);
  });
});

describe('requests sent', () => {
  it('sends api-key, user-agent krastie-mcp/<version> and accept on a GET, without content-type', async () => {
    replyOnce(200, { data: {} });
    await client().getLatestReport();
    const [call] = mock.calls();
    expect(call?.method).toBe('GET');
    expect(call?.path).toBe(REPORT_PATH);
    expect(call?.headers['api-key']).toBe(API_KEY);
    expect(call?.headers['user-agent']).toBe(`krastie-mcp/${VERSION}`);
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
    expect(call?.headers.authorization).toBeUndefined();
    expect(call?.headers['content-type']).toBeUndefined();
  });

  it('sends a JSON body with content-type application/json', async () => {
    replyOnce(
      200,
      { message: 'ok', data: 'Hello!', sessionId: 's1' },
      undefined,
      endpoints.chat.path,
      'POST',
    );
    const reply = await client().chat({ text: 'Hi', model: 'gpt-4o', webSearch: true });
    expect(reply).toEqual({ reply: 'Hello!', sessionId: 's1' });
    const [call] = mock.calls();
    expect(call?.method).toBe('POST');
    expect(call?.headers['content-type']).toBe('application/json');
    expect(call?.headers['api-key']).toBe(API_KEY);
    expect(JSON.parse(String(call?.body))).toEqual({ text: 'Hi', model: 'gpt-4o', webSearch: true });
  });

  it('keeps a base URL path prefix', async () => {
    mock.pool.intercept({ path: `/proxy${REPORT_PATH}`, method: 'GET' }).reply(200, { data: {} });
    await http({ baseUrl: `${ORIGIN}/proxy/` }).request(endpoints.getLatestReport);
    expect(mock.calls()[0]?.path).toBe(`/proxy${REPORT_PATH}`);
  });

  it('path-encodes a brand voice id so it cannot reach another route', async () => {
    const encoded = '/v1/ai/brand-voice/..%2Fusers%2Fapi-key';
    mock.pool.intercept({ path: encoded, method: 'GET' }).reply(200, { data: { id: 'x' } });
    await client().getBrandVoice('../users/api-key');
    expect(mock.calls().map((c) => c.path)).toEqual([encoded]);
  });

  it.each(['..', '.', '', '   ', '%2e%2E', '%2E'])(
    'refuses the brand voice id %j with a TypeError before any request',
    async (id) => {
      const error = await rejection(client().getBrandVoice(id));
      expect(error).toBeInstanceOf(TypeError);
      const update = await rejection(client().updateBrandVoice(id, { name: 'x' }));
      expect(update).toBeInstanceOf(TypeError);
      expect(mock.calls()).toHaveLength(0);
    },
  );
});
