import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpointPath, endpoints } from '../../src/krastie/endpoints.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { handlers } from '../../src/simulator/routes/index.js';
import { call, pathOf } from './helpers.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ reportDelayMs: 0 });
});
afterAll(() => sim.close());

const endpointList = Object.values(endpoints);

describe('never crashes', () => {
  it('answers any JSON body on any route with a JSON response below 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...endpointList),
        fc.jsonValue(),
        fc.string({ minLength: 1, maxLength: 12 }),
        async (endpoint, body, param) => {
          const path = endpointPath(endpoint.path, {
            id: `x${param}`,
            jobId: `x${param}`,
            kind: `x${param}`,
          });
          const res = await call(sim, endpoint.method, path, {
            key: sim.keys.enterprise,
            body: endpoint.method === 'GET' ? undefined : JSON.stringify(body),
          });
          expect(res.status).toBeLessThan(500);
          expect(res.json?.message).toEqual(expect.any(String));
          expect(res.headers.get('api-version')).toBe('v1');
        },
      ),
      { numRuns: 150 },
    );
  });

  it('answers objects with wrongly typed known fields with 4xx, never 5xx', async () => {
    const fields = [
      'text',
      'model',
      'websiteurl',
      'competitors',
      'prompts',
      'refresh',
      'useWorker',
      'sessionId',
      'brandVoiceId',
      'webSearch',
      'name',
      'tone',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...endpointList.filter((e) => e.method !== 'GET')),
        fc.dictionary(fc.constantFrom(...fields), fc.jsonValue(), { maxKeys: 6 }),
        async (endpoint, body) => {
          const path = endpointPath(endpoint.path, { id: 'bv_x', kind: 'seo' });
          const res = await call(sim, endpoint.method, path, { key: sim.keys.enterprise, body });
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('answers arbitrary raw paths under /v1 with JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ maxLength: 8 }), { maxLength: 5 }), async (segments) => {
        const path = `/v1/${segments.map(encodeURIComponent).join('/')}`;
        const res = await call(sim, 'GET', path);
        expect([200, 404]).toContain(res.status);
        expect(res.json?.errCode ?? 200).toBe(res.status);
      }),
      { numRuns: 100 },
    );
  });

  it('turns a handler that throws into a 500 JSON error with the API headers', async () => {
    const table = handlers as Record<string, unknown>;
    const original = table.listBrandVoices;
    table.listBrandVoices = () => {
      throw new Error('boom');
    };
    try {
      const res = await call(sim, 'GET', pathOf('listBrandVoices'));
      expect(res.status).toBe(500);
      expect(res.json).toEqual({ message: expect.stringContaining('boom'), errCode: 500 });
      expect(res.headers.get('api-version')).toBe('v1');
    } finally {
      table.listBrandVoices = original;
    }
    expect((await call(sim, 'GET', pathOf('listBrandVoices'))).status).toBe(200);
  });
});
