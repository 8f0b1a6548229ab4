import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { workspaceContextText } from '../../src/format/workspace.js';
import { useServer } from '../support/fixture.js';
import { endpoints, route } from '../support/routes.js';
import { startServer, textOf } from '../support/server.js';

const CONTEXT = route(endpoints.getAssistantContext);

describe('get_workspace_context', () => {
  const ctx = useServer();

  it('summarises the workspace in a few lines and returns the JSON as it came', async () => {
    const result = await ctx.server.call('get_workspace_context');
    expect(result.isError).toBeFalsy();
    expect(ctx.sim.requests).toHaveLength(1);
    expect(ctx.sim.requests[0]).toMatchObject({ method: 'GET', path: '/v1/ai/generate/assistant/context' });

    const direct = await fetch(`${ctx.sim.url}/v1/ai/generate/assistant/context`, {
      headers: { 'api-key': ctx.sim.keys.business },
    });
    const { data } = (await direct.json()) as { data: Record<string, unknown> };
    expect(result.structuredContent).toEqual({ context: data });

    const text = textOf(result);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^Workspace: Acme Analytics \(acme-analytics\.com, .+ plan\)$/);
    expect(lines[1]).toMatch(
      /^Visibility score \d+\/100 · mentioned \d+% · cited \d+% · trend (up|down|flat) [+−±]\d+ since \d{4}-\d{2}-\d{2} · last report \d{4}-\d{2}-\d{2}$/,
    );
    expect(lines[2]).toMatch(
      /^Traffic \(last 30 days\): [\d,]+ AI-referral sessions \(\+\d+%\); top sources: chatgpt\.com [\d,]+/,
    );
    expect(lines[2]).toContain('top pages: https://acme-analytics.com/');
    expect(lines[3]).toMatch(
      /^Documents \(4\): Acme Analytics brand guidelines \(brand-guide\); Pricing page copy \(page\)/,
    );
    expect(lines).toHaveLength(4);
    expect(ctx.sim.creditsUsed(ctx.sim.keys.business)).toBe(0);
  });

  it('says reads are free when Krastie keeps failing, after retrying', async () => {
    ctx.sim.inject({ kind: 'status', status: 503, retryAfter: '0' }, { route: CONTEXT });
    const result = await ctx.server.call('get_workspace_context');
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/Krastie is having trouble.*Reads are free; nothing was charged/s);
    expect(ctx.sim.requestCount(CONTEXT)).toBe(3);
  });

  it('refuses a plan without API access', async () => {
    const startup = await startServer({ baseUrl: ctx.sim.url, apiKey: ctx.sim.keys.startup });
    try {
      const result = await startup.call('get_workspace_context');
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('Business or Enterprise plan');
    } finally {
      await startup.close();
    }
  });
});

describe('workspaceContextText on other shapes', () => {
  it('reads flat fields and names the ones it does not know', () => {
    const text = workspaceContextText({
      name: 'Acme',
      domain: 'acme.com',
      visibilityScore: 55.4,
      mentionRate: 0.4,
      citationRate: 35,
      trend: 'improving',
      documentCount: 12,
      somethingNew: { a: 1 },
    });
    expect(text).toBe(
      [
        'Workspace: Acme (acme.com)',
        'Visibility score 55/100 · mentioned 40% · cited 35% · trend improving',
        'Documents: 12',
        'Other fields (in the structured JSON): somethingNew',
      ].join('\n'),
    );
  });

  it('lists documents given as strings and caps long lists', () => {
    const documents = Array.from({ length: 10 }, (_, i) => `Doc ${i + 1}`);
    const text = workspaceContextText({ documents });
    expect(text).toBe('Documents (10): Doc 1; Doc 2; Doc 3; Doc 4; Doc 5; Doc 6; Doc 7; Doc 8; …and 2 more');
  });

  it('says what is there when nothing is recognised, and when it is empty', () => {
    expect(workspaceContextText({})).toBe('Krastie returned an empty workspace context.');
    expect(workspaceContextText({ foo: 1, bar: [null] })).toBe(
      'Workspace context with fields: foo, bar (none recognised; read the structured JSON).',
    );
  });

  it('ignores values of the wrong type instead of failing', () => {
    const text = workspaceContextText({
      workspace: 'Acme',
      visibility: { score: '61', mentionRate: null, trend: { direction: 5 } },
      traffic: {
        aiReferralSessions: 'many',
        topSources: [null, 3, { source: 'chatgpt.com', sessions: 'x' }],
      },
      documents: [{ id: 1 }, 42],
    });
    expect(text).toContain('Traffic: top sources: chatgpt.com');
    expect(text).toContain('Documents: 2');
  });

  it('never throws, whatever the JSON', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (context) => {
        expect(typeof workspaceContextText(context)).toBe('string');
      }),
      { numRuns: 500 },
    );
  });
});
