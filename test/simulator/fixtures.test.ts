import { describe, expect, it } from 'vitest';
import { createAccount, SEEDED_ACCOUNTS } from '../../src/simulator/accounts.js';
import {
  buildHistory,
  buildReport,
  HISTORY_DAYS,
  trackedCompetitors,
  trackedPrompts,
} from '../../src/simulator/fixtures.js';
import {
  brandName,
  normalizeDomain,
  suggestCompetitors,
  suggestPrompts,
} from '../../src/simulator/industries.js';
import { modelProvider, requireModel } from '../../src/simulator/models.js';
import { parseMultipart } from '../../src/simulator/multipart.js';
import { mulberry32, Rng } from '../../src/simulator/random.js';
import { compileRoutes, matchRoute } from '../../src/simulator/routing.js';

const NOW = Date.parse('2025-06-15T12:00:00Z');

function report(run = 1, domain = 'acme-analytics.com') {
  const competitors = trackedCompetitors(domain, []);
  return buildReport({
    domain,
    createdAt: NOW,
    competitors,
    prompts: trackedPrompts(domain, competitors, []),
    run,
  });
}

describe('random', () => {
  it('is deterministic per seed and spreads values over [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(new Rng('x').int(1, 6)).toBe(new Rng('x').int(1, 6));
  });
});

describe('domains', () => {
  it.each([
    ['https://www.Acme-Analytics.com/pricing?x=1', 'acme-analytics.com'],
    ['acme-analytics.com', 'acme-analytics.com'],
    ['http://shop.example.co.uk:8080/', 'shop.example.co.uk'],
  ])('normalizes %s', (input, expected) => {
    expect(normalizeDomain(input)).toBe(expected);
  });

  it.each(['not a url', 'localhost', 'ftp://example.com', '', 'exa mple.com', 'javascript:alert(1)'])(
    'refuses %j',
    (input) => {
      expect(normalizeDomain(input)).toBeUndefined();
    },
  );

  it('names brands and suggests industry competitors and prompts', () => {
    expect(brandName('acme-analytics.com')).toBe('Acme Analytics');
    expect(brandName('brightpath-crm.io')).toBe('Brightpath CRM');
    expect(suggestCompetitors('acme-analytics.com').slice(0, 3)).toEqual([
      'mixpanel.com',
      'amplitude.com',
      'heap.io',
    ]);
    expect(suggestCompetitors('mixpanel.com')).not.toContain('mixpanel.com');
    expect(suggestPrompts('acme-analytics.com').length).toBeGreaterThanOrEqual(8);
    expect(suggestPrompts('whatever-name.com').length).toBeGreaterThanOrEqual(8);
  });
});

describe('reports', () => {
  it('are deterministic for the same inputs and change between runs', () => {
    expect(report(1)).toEqual(report(1));
    expect(report(2).id).not.toBe(report(1).id);
  });

  it('derive every aggregate from the per-prompt results', () => {
    const r = report();
    const results = r.prompts.flatMap((p) => p.results);
    expect(r.mentionRate).toBeCloseTo(results.filter((x) => x.mentioned).length / results.length, 3);
    expect(r.citationRate).toBeCloseTo(results.filter((x) => x.cited).length / results.length, 3);
    for (const x of results) {
      if (x.cited) expect(x.mentioned).toBe(true);
      expect(x.position === null).toBe(!x.mentioned);
    }
    for (const m of r.models) {
      const own = results.filter((x) => x.model === m.model);
      expect(m.mentionRate).toBeCloseTo(own.filter((x) => x.mentioned).length / own.length, 3);
    }
    for (const c of r.competitors) {
      const named = results.filter((x) => x.competitorsMentioned.includes(c.domain)).length;
      expect(c.mentionRate).toBeCloseTo(named / results.length, 3);
    }
    expect(r.recommendations.map((x) => x.priority)).toEqual(r.recommendations.map((_, i) => i + 1));
  });

  it('keep the requested competitors and prompts first and top up to the minimum', () => {
    const competitors = trackedCompetitors('acme-analytics.com', ['posthog.com']);
    expect(competitors[0]).toBe('posthog.com');
    expect(competitors.length).toBeGreaterThanOrEqual(3);
    const many = Array.from({ length: 30 }, (_, i) => `prompt ${i}`);
    expect(trackedPrompts('acme-analytics.com', competitors, many)).toEqual(many);
  });
});

describe('history', () => {
  it('has one point per day ending today, trends up to the latest report and is deterministic', () => {
    const latest = report();
    const history = buildHistory({ domain: 'acme-analytics.com', today: NOW, latest, recorded: new Map() });
    expect(history).toHaveLength(HISTORY_DAYS);
    expect(history.at(-1)?.date).toBe('2025-06-15');
    expect(history[0]?.date).toBe('2025-02-16');
    const early = history.slice(0, 20).reduce((s, p) => s + p.visibilityScore, 0) / 20;
    const late = history.slice(-20).reduce((s, p) => s + p.visibilityScore, 0) / 20;
    expect(late).toBeGreaterThan(early);
    expect(Math.abs(late - latest.visibilityScore)).toBeLessThan(6);
    expect(buildHistory({ domain: 'acme-analytics.com', today: NOW, latest, recorded: new Map() })).toEqual(
      history,
    );
  });
});

describe('models', () => {
  it('classifies supported model families', () => {
    expect(modelProvider('gpt-4o')).toBe('openai');
    expect(modelProvider('o3-mini')).toBe('openai');
    expect(modelProvider('chatgpt-4o-latest')).toBe('openai');
    expect(modelProvider('claude-opus-4')).toBe('anthropic');
    expect(modelProvider('gemini-2.5-flash')).toBe('google');
    expect(modelProvider('llama-3')).toBeUndefined();
    expect(modelProvider('omni')).toBeUndefined();
  });

  it('refuses premium models below Startup (only reachable when a plan has API access)', () => {
    const trialSeed = SEEDED_ACCOUNTS.find((a) => a.plan === 'free-trial');
    const businessSeed = SEEDED_ACCOUNTS.find((a) => a.plan === 'business');
    if (!trialSeed || !businessSeed) throw new Error('seed missing');
    const trial = createAccount(trialSeed, NOW);
    for (const model of ['o1', 'o3-mini', 'gpt-5', 'gpt-4.5']) {
      expect(() => requireModel(trial, model)).toThrow(/Startup or above/);
      expect(requireModel(createAccount(businessSeed, NOW), model)).toBe('openai');
    }
    expect(requireModel(trial, 'gpt-4o')).toBe('openai');
  });
});

describe('routing', () => {
  const routes = compileRoutes();

  it('derives a route for every endpoint; params match one segment and are decoded', () => {
    expect(matchRoute(routes, 'GET', '/v1/ai/brand-voice/bv%201')?.params).toEqual({ id: 'bv 1' });
    expect(matchRoute(routes, 'GET', '/v1/ai/brand-voice/a/b')).toBeUndefined();
    expect(matchRoute(routes, 'POST', '/v1/ai/generate/improve-content-seo')?.params).toEqual({
      kind: 'seo',
    });
    expect(matchRoute(routes, 'GET', '/v1/ai/generate/seo-site-report/history')?.route.name).toBe(
      'getReportHistory',
    );
    expect(matchRoute(routes, 'GET', '/v1/ai/brand-voice/%E0%A4%A')).toBeUndefined();
  });
});

describe('multipart', () => {
  it('reads named parts and file names, and refuses non-multipart bodies', () => {
    const body = Buffer.from(
      '--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello\r\n--b--\r\n',
    );
    expect(parseMultipart(body, 'multipart/form-data; boundary=b')?.get('file')).toEqual({
      filename: 'a.txt',
      content: 'hello',
    });
    expect(parseMultipart(body, 'application/json')).toBeUndefined();
    expect(parseMultipart(body, 'multipart/form-data')).toBeUndefined();
  });
});
