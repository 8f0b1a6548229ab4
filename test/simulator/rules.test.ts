import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { call, MODEL, pathOf, routeKey } from './helpers.js';

let sim: Simulator;

beforeEach(async () => {
  sim ??= await startSimulator({ reportDelayMs: 1 });
  sim.reset();
});
afterAll(() => sim.close());

function expectV1Headers(headers: Headers) {
  expect(headers.get('api-version')).toBe('v1');
  expect(headers.get('deprecated')).toBe('false');
}

describe('authentication', () => {
  const path = pathOf('getLatestReport');

  it('401 without a key, and says which header to use', async () => {
    const res = await call(sim, 'GET', path, { key: null });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ message: expect.stringContaining('api-key'), errCode: 401 });
    const bearer = await call(sim, 'GET', path, {
      key: null,
      headers: { authorization: `Bearer ${sim.keys.business}` },
    });
    expect(bearer.status).toBe(401);
    expect(bearer.json.message).toContain('not from Authorization');
  });

  it('gives each bad-key case its own 401 message', async () => {
    const cases = {
      malformed: 'sk-not-a-krastie-key',
      unknown: 'krastie_nobody',
      revoked: sim.keys.revoked,
      expired: sim.keys.expired,
    };
    const messages = new Set<string>();
    for (const [name, key] of Object.entries(cases)) {
      const res = await call(sim, 'GET', path, { key });
      expect(res.status, name).toBe(401);
      expect(res.json.errCode).toBe(401);
      expectV1Headers(res.headers);
      messages.add(res.json.message);
    }
    expect(messages.size).toBe(4);
    const expired = await call(sim, 'GET', path, { key: sim.keys.expired });
    expect(expired.json.message).toMatch(/expire 30 days after generation/);
    const malformed = await call(sim, 'GET', path, { key: 'sk-nope' });
    expect(malformed.json.message).toContain('krastie_');
  });

  it('expires a working key 30 days after generation, by the injected clock', async () => {
    let now = Date.now();
    const clocked = await startSimulator({ now: () => now });
    try {
      expect((await call(clocked, 'GET', path)).status).toBe(200);
      now += 30 * 86_400_000;
      expect((await call(clocked, 'GET', path)).status).toBe(401);
    } finally {
      await clocked.close();
    }
  });

  it.each(['startup', 'freeTrial'] as const)(
    'refuses the %s plan on every route with the documented 403',
    async (plan) => {
      for (const [name, params] of [
        ['getLatestReport', {}],
        ['generateText', {}],
        ['getBrandVoice', { id: 'x' }],
        ['getJob', { jobId: '1' }],
      ] as const) {
        const res = await call(sim, name === 'generateText' ? 'POST' : 'GET', pathOf(name, params), {
          key: sim.keys[plan],
          body: name === 'generateText' ? { text: 'hi', model: MODEL } : undefined,
        });
        expect(res.status).toBe(403);
        expect(res.json).toEqual({ message: 'API access requires a Business plan or higher.', errCode: 403 });
        expectV1Headers(res.headers);
      }
      expect(sim.creditsUsed(sim.keys[plan])).toBe(0);
    },
  );
});

describe('protocol', () => {
  it('puts api-version and deprecated headers on success and error responses alike', async () => {
    const responses = [
      await call(sim, 'GET', pathOf('listBrandVoices')),
      await call(sim, 'GET', pathOf('listBrandVoices'), { key: null }),
      await call(sim, 'GET', '/v1/nope'),
      await call(sim, 'POST', pathOf('generateText'), { body: {} }),
    ];
    for (const res of responses) {
      expectV1Headers(res.headers);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.json.message).toEqual(expect.any(String));
    }
  });

  it('404 JSON for unknown /v1 routes and for a known path with another method', async () => {
    const unknown = await call(sim, 'GET', '/v1/ai/generate/unknown');
    expect(unknown.status).toBe(404);
    expect(unknown.json.errCode).toBe(404);
    const wrongMethod = await call(sim, 'PATCH', pathOf('listBrandVoices'));
    expect(wrongMethod.status).toBe(404);
    expect(sim.requests.at(-1)?.route).toBeNull();
  });

  it('404 JSON for paths outside /v1', async () => {
    const res = await call(sim, 'GET', '/health');
    expect(res.status).toBe(404);
    expect(res.json.errCode).toBe(404);
  });

  it('keeps an encoded id a single segment: ..%2Fusers reaches brand-voice lookup, not another route', async () => {
    const res = await call(sim, 'GET', '/v1/ai/brand-voice/..%2F..%2Fusers%2Fapi-key');
    expect(res.status).toBe(404);
    expect(res.json.message).toContain('Brand voice "../../users/api-key" not found');
    expect(sim.requests.at(-1)?.route).toBe(routeKey('getBrandVoice'));
    const viaHelper = await call(sim, 'GET', pathOf('getBrandVoice', { id: '../users' }));
    expect(viaHelper.json.message).toContain('"../users"');
  });

  it('400 for invalid JSON and for a non-object body, with nothing charged', async () => {
    const broken = await call(sim, 'POST', pathOf('generateText'), { body: '{"text": "hi",' });
    expect(broken.status).toBe(400);
    expect(broken.json).toEqual({ message: expect.stringContaining('JSON'), errCode: 400 });
    const array = await call(sim, 'POST', pathOf('generateText'), { body: '[1,2]' });
    expect(array.status).toBe(400);
    expect(sim.creditsUsed(sim.keys.business)).toBe(0);
  });

  it('413 for bodies over 1 MB, and the connection stays usable', async () => {
    const res = await call(sim, 'POST', pathOf('generateText'), {
      body: { text: 'x'.repeat(1024 * 1024 + 10), model: MODEL },
    });
    expect(res.status).toBe(413);
    expect(res.json.errCode).toBe(413);
    expectV1Headers(res.headers);
    expect((await call(sim, 'GET', pathOf('listBrandVoices'))).status).toBe(200);
  });

  it('records requests with route, lowercased headers, body and status', async () => {
    await call(sim, 'POST', pathOf('generateText'), { body: { text: 'hi', model: MODEL } });
    const [recorded] = sim.requests;
    expect(recorded).toMatchObject({
      method: 'POST',
      path: '/v1/ai/generate/text',
      route: routeKey('generateText'),
      body: { text: 'hi', model: MODEL },
      status: 200,
      closedEarly: false,
    });
    expect(recorded?.headers['api-key']).toBe(sim.keys.business);
    expect(sim.requestCount(routeKey('generateText'))).toBe(1);
    expect(sim.requestCount()).toBe(1);
  });
});

describe('credits', () => {
  it('charges one credit per successful /text, /chat and improve-content call, none on failure', async () => {
    const key = sim.keys.business;
    await call(sim, 'POST', pathOf('generateText'), { body: { text: 'a', model: MODEL } });
    await call(sim, 'POST', pathOf('chat'), { body: { text: 'b', model: MODEL } });
    await call(sim, 'POST', pathOf('improveContent', { kind: 'seo' }), { body: { text: 'c', model: MODEL } });
    await call(sim, 'POST', pathOf('generateText'), { body: { text: 'a', model: MODEL, useWorker: true } });
    expect(sim.creditsUsed(key)).toBe(4);

    await call(sim, 'POST', pathOf('generateText'), { body: { text: 'a' } });
    await call(sim, 'POST', pathOf('generateText'), { body: { text: 'a', model: 'llama-3' } });
    await call(sim, 'POST', pathOf('chat'), {
      body: { text: 'a', model: 'claude-sonnet-4', webSearch: true },
    });
    await call(sim, 'POST', pathOf('improveContent', { kind: 'seo' }), {
      body: { text: 'a', model: MODEL, brandVoiceId: 'bv_missing' },
    });
    await call(sim, 'POST', pathOf('improveContent', { kind: 'poetry' }), {
      body: { text: 'a', model: MODEL },
    });
    expect(sim.creditsUsed(key)).toBe(4);
    // Reads cost nothing.
    await call(sim, 'GET', pathOf('getLatestReport'));
    expect(sim.creditsUsed(key)).toBe(4);
  });

  it('answers 403 with a credit-limit message when no credits are left', async () => {
    const key = sim.keys.noCredits;
    for (const [path, body] of [
      [pathOf('generateText'), { text: 'a', model: MODEL }],
      [pathOf('chat'), { text: 'a', model: MODEL }],
      [pathOf('improveContent', { kind: 'grammar' }), { text: 'a', model: MODEL }],
    ] as const) {
      const res = await call(sim, 'POST', path, { key, body });
      expect(res.status).toBe(403);
      expect(res.json.errCode).toBe(403);
      expect(res.json.message).toMatch(/credit/i);
      expect(res.json.message).toMatch(/limit/i);
      expect(res.json.message).toMatch(/Business/);
      expect(res.json.message).toMatch(/monthly/i);
      expect(res.json.message).not.toBe('API access requires a Business plan or higher.');
    }
    expect(sim.creditsUsed(key)).toBe(0);
    // Reads still work on an account without credits.
    expect((await call(sim, 'GET', pathOf('getLatestReport'), { key })).status).toBe(200);
  });

  it('lets Enterprise spend without limit and still counts', async () => {
    const key = sim.keys.enterprise;
    for (let i = 0; i < 3; i++) {
      expect(
        (await call(sim, 'POST', pathOf('generateText'), { key, body: { text: 'a', model: MODEL } })).status,
      ).toBe(200);
    }
    expect(sim.creditsUsed(key)).toBe(3);
  });

  it('runs out after the allowance: the 501st Business call is refused', async () => {
    const key = sim.keys.business;
    const body = { text: 'a', model: 'gpt-4o-mini' };
    const results = await Promise.all(
      Array.from({ length: 501 }, () => call(sim, 'POST', pathOf('generateText'), { key, body })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(500);
    expect(results.filter((r) => r.status === 403)).toHaveLength(1);
    expect(sim.creditsUsed(key)).toBe(500);
  });
});

describe('report refresh limit', () => {
  it('allows 10 Business runs a month, then 429 with Retry-After to the end of the month', async () => {
    for (let i = 0; i < 10; i++) {
      const res = await call(sim, 'POST', pathOf('runReport'), { body: { refresh: true } });
      expect(res.status).toBe(200);
    }
    const refused = await call(sim, 'POST', pathOf('runReport'), {
      body: { websiteurl: 'acme-analytics.com' },
    });
    expect(refused.status).toBe(429);
    expect(refused.json).toEqual({ message: expect.stringContaining('refresh limit reached'), errCode: 429 });
    const retryAfter = Number(refused.headers.get('retry-after'));
    const now = new Date();
    const monthEnd = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
    expect(retryAfter).toBeGreaterThan(0);
    expect(Math.abs(retryAfter - (monthEnd - Date.now()) / 1000)).toBeLessThan(5);
    expect(sim.reportRunsUsed(sim.keys.business)).toBe(10);
  });
});

describe('validation (422)', () => {
  const cases: [string, string, unknown, string[]][] = [
    ['text without text and model', pathOf('generateText'), {}, ['text', 'model']],
    ['text with a blank text', pathOf('generateText'), { text: '  ', model: MODEL }, ['text']],
    [
      'text with an unsupported model',
      pathOf('generateText'),
      { text: 'a', model: 'llama-3-70b' },
      ['model'],
    ],
    ['chat without a model', pathOf('chat'), { text: 'a' }, ['model']],
    [
      'chat webSearch with a Claude model',
      pathOf('chat'),
      { text: 'a', model: 'claude-sonnet-4', webSearch: true },
      ['webSearch'],
    ],
    [
      'chat webSearch with a Gemini model',
      pathOf('chat'),
      { text: 'a', model: 'gemini-2.5-pro', webSearch: true },
      ['webSearch'],
    ],
    ['improve without text', pathOf('improveContent', { kind: 'seo' }), { model: MODEL }, ['text']],
    ['report without websiteurl', pathOf('runReport'), {}, ['websiteurl']],
    ['report with a non-URL', pathOf('runReport'), { websiteurl: 'not a url' }, ['websiteurl']],
    [
      'report with 11 competitors',
      pathOf('runReport'),
      { websiteurl: 'acme-analytics.com', competitors: Array.from({ length: 11 }, (_, i) => `c${i}.com`) },
      ['competitors'],
    ],
    [
      'report with 51 prompts',
      pathOf('runReport'),
      { websiteurl: 'acme-analytics.com', prompts: Array.from({ length: 51 }, (_, i) => `prompt ${i}`) },
      ['prompts'],
    ],
    ['prefill without websiteurl', pathOf('prefillReport'), {}, ['websiteurl']],
    [
      'voice from website with a bad URL',
      pathOf('createBrandVoiceFromWebsite'),
      { websiteurl: 'ftp://x' },
      ['websiteurl'],
    ],
    ['voice from text without text', pathOf('createBrandVoiceFromText'), { name: 'X' }, ['text']],
  ];

  it.each(cases)('%s', async (_name, path, body, fields) => {
    const res = await call(sim, 'POST', path, { body });
    expect(res.status).toBe(422);
    expect(res.json.errCode).toBe(422);
    expect(res.json.message).toEqual(expect.any(String));
    expect(res.json.data.map((e: { field: string }) => e.field)).toEqual(fields);
    expect(sim.creditsUsed(sim.keys.business)).toBe(0);
    expect(sim.reportRunsUsed(sim.keys.business)).toBe(0);
  });

  it('says "Unsupported model" for a model outside the supported families', async () => {
    const res = await call(sim, 'POST', pathOf('generateText'), {
      body: { text: 'a', model: 'mistral-large' },
    });
    expect(res.json.message).toContain('Unsupported model');
  });

  it.each([
    'gpt-4o',
    'gpt-4.1',
    'o1',
    'o3-mini',
    'o4-mini',
    'chatgpt-4o-latest',
    'claude-3-5-haiku',
    'gemini-2.0-flash',
  ])('accepts the supported model %s', async (model) => {
    const res = await call(sim, 'POST', pathOf('generateText'), { body: { text: 'a', model } });
    expect(res.status).toBe(200);
  });

  it('404 for an unknown improve-content kind', async () => {
    for (const kind of ['poetry', 'SEO']) {
      const res = await call(sim, 'POST', pathOf('improveContent', { kind }), {
        body: { text: 'a', model: MODEL },
      });
      expect(res.status).toBe(404);
      expect(res.json.message).toContain('seo, readability, visibility, grammar, tone');
    }
  });

  it('404 for a brandVoiceId that does not exist', async () => {
    for (const path of [pathOf('generateText'), pathOf('chat'), pathOf('improveContent', { kind: 'tone' })]) {
      const res = await call(sim, 'POST', path, {
        body: { text: 'a', model: MODEL, brandVoiceId: 'bv_nope' },
      });
      expect(res.status).toBe(404);
      expect(res.json.errCode).toBe(404);
    }
  });
});
