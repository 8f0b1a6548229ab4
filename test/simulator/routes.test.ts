import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { call, MODEL, pathOf } from './helpers.js';

const DAY = 86_400_000;
let sim: Simulator;

beforeEach(async () => {
  sim ??= await startSimulator({ reportDelayMs: 5 });
  sim.reset();
});
afterAll(() => sim.close());

describe('visibility routes', () => {
  it('returns the seeded latest report with the full report shape', async () => {
    const res = await call(sim, 'GET', pathOf('getLatestReport'));
    expect(res.status).toBe(200);
    expect(res.json.message).toEqual(expect.any(String));
    const report = res.json.data;
    expect(report.websiteurl).toBe('https://acme-analytics.com');
    expect(report.id).toMatch(/^rep_/);
    expect(Number.isNaN(Date.parse(report.createdAt))).toBe(false);
    expect(report.visibilityScore).toBeGreaterThanOrEqual(0);
    expect(report.visibilityScore).toBeLessThanOrEqual(100);
    for (const rate of [report.mentionRate, report.citationRate]) {
      expect(rate).toBeGreaterThanOrEqual(0);
      expect(rate).toBeLessThanOrEqual(1);
    }
    expect(report.models.map((m: { provider: string }) => m.provider)).toEqual(
      expect.arrayContaining(['openai', 'anthropic', 'google', 'perplexity']),
    );
    expect(report.prompts.length).toBeGreaterThanOrEqual(10);
    expect(report.competitors.map((c: { domain: string }) => c.domain)).toEqual(
      expect.arrayContaining(['mixpanel.com', 'amplitude.com', 'heap.io']),
    );
    expect(report.recommendations.length).toBeGreaterThanOrEqual(5);
    for (const rec of report.recommendations) {
      expect(['easy', 'medium', 'hard']).toContain(rec.difficulty);
      expect(rec.priority).toBeGreaterThanOrEqual(1);
    }
    const lost = report.prompts.filter(
      (p: { results: { mentioned: boolean; competitorsMentioned: string[] }[] }) =>
        p.results.every((r) => !r.mentioned) && p.results.some((r) => r.competitorsMentioned.length > 0),
    );
    expect(lost.length).toBeGreaterThan(0);
    const result = report.prompts[0].results[0];
    expect(result).toEqual({
      model: expect.any(String),
      mentioned: expect.any(Boolean),
      cited: expect.any(Boolean),
      position: result.mentioned ? expect.any(Number) : null,
      competitorsMentioned: expect.any(Array),
    });
  });

  it('runs a report that becomes the latest and adds a history point for today', async () => {
    const res = await call(sim, 'POST', pathOf('runReport'), {
      body: {
        websiteurl: 'https://www.acme-analytics.com/pricing',
        competitors: ['posthog.com'],
        prompts: ['Best product analytics for fintech'],
      },
    });
    expect(res.status).toBe(200);
    const report = res.json.data;
    expect(report.websiteurl).toBe('https://acme-analytics.com');
    expect(report.competitors[0].domain).toBe('posthog.com');
    expect(report.prompts[0].prompt).toBe('Best product analytics for fintech');
    expect(sim.reportRunsUsed(sim.keys.business)).toBe(1);

    const latest = await call(sim, 'GET', pathOf('getLatestReport'));
    expect(latest.json.data.id).toBe(report.id);
    const history = await call(sim, 'GET', pathOf('getReportHistory'));
    const last = history.json.data.at(-1);
    expect(last.date).toBe(new Date().toISOString().slice(0, 10));
    expect(last.visibilityScore).toBe(report.visibilityScore);
  });

  it('refreshes the latest report without a websiteurl', async () => {
    const before = (await call(sim, 'GET', pathOf('getLatestReport'))).json.data;
    const res = await call(sim, 'POST', pathOf('runReport'), { body: { refresh: true } });
    expect(res.status).toBe(200);
    expect(res.json.data.websiteurl).toBe(before.websiteurl);
    expect(res.json.data.id).not.toBe(before.id);
    expect(res.json.data.prompts.map((p: { prompt: string }) => p.prompt)).toEqual(
      before.prompts.map((p: { prompt: string }) => p.prompt),
    );
  });

  it('prefills competitors and prompts derived from the domain', async () => {
    const res = await call(sim, 'POST', pathOf('prefillReport'), {
      body: { websiteurl: 'brightpath-crm.io' },
    });
    expect(res.status).toBe(200);
    expect(res.json.data.competitors.length).toBeGreaterThanOrEqual(3);
    expect(res.json.data.competitors).toContain('hubspot.com');
    expect(res.json.data.prompts.length).toBeGreaterThanOrEqual(8);
    expect(res.json.data.prompts.join(' ')).toContain('Brightpath CRM');
  });

  it('returns at least 120 daily history points, oldest first, ending today', async () => {
    const res = await call(sim, 'GET', pathOf('getReportHistory'));
    expect(res.status).toBe(200);
    const points = res.json.data;
    expect(points.length).toBeGreaterThanOrEqual(120);
    expect(points.at(-1).date).toBe(new Date().toISOString().slice(0, 10));
    for (let i = 1; i < points.length; i++) {
      expect(Date.parse(points[i].date) - Date.parse(points[i - 1].date)).toBe(DAY);
    }
    expect(points[0]).toEqual({
      date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      visibilityScore: expect.any(Number),
      mentionRate: expect.any(Number),
      citationRate: expect.any(Number),
      competitors: expect.arrayContaining([{ domain: 'mixpanel.com', visibilityScore: expect.any(Number) }]),
    });
  });

  it('returns the assistant context of the workspace', async () => {
    const res = await call(sim, 'GET', pathOf('getAssistantContext'));
    expect(res.status).toBe(200);
    const ctx = res.json.data;
    expect(ctx.workspace).toMatchObject({ name: 'Acme Analytics', domain: 'acme-analytics.com' });
    const report = (await call(sim, 'GET', pathOf('getLatestReport'))).json.data;
    expect(ctx.visibility).toMatchObject({
      score: report.visibilityScore,
      mentionRate: report.mentionRate,
      citationRate: report.citationRate,
    });
    expect(['up', 'down', 'flat']).toContain(ctx.visibility.trend.direction);
    expect(ctx.traffic.topSources.length).toBeGreaterThan(0);
    expect(ctx.documents.length).toBeGreaterThan(0);
  });

  it('gives each account its own workspace', async () => {
    const res = await call(sim, 'GET', pathOf('getAssistantContext'), { key: sim.keys.enterprise });
    expect(res.json.data.workspace.domain).toBe('northwind-outfitters.com');
  });
});

describe('generation routes', () => {
  it('generates text', async () => {
    const res = await call(sim, 'POST', pathOf('generateText'), {
      body: { text: 'Write a blog intro about funnel analysis', model: MODEL },
    });
    expect(res.status).toBe(200);
    expect(res.json.message).toBe('Generated AI successfully.');
    expect(res.json.data).toContain('Acme Analytics');
    expect(res.json.data.toLowerCase()).toContain('funnel analysis');
  });

  it('generates the same text for the same input (deterministic)', async () => {
    const body = { text: 'Write five headlines about retention', model: 'claude-sonnet-4' };
    const a = await call(sim, 'POST', pathOf('generateText'), { body });
    const b = await call(sim, 'POST', pathOf('generateText'), { body });
    expect(a.json.data).toBe(b.json.data);
  });

  it('writes in the brand voice named by brandVoiceId', async () => {
    const voices = (await call(sim, 'GET', pathOf('listBrandVoices'))).json.data;
    const friendly = voices.find((v: { name: string }) => v.name === 'Friendly guide');
    const plain = await call(sim, 'POST', pathOf('generateText'), {
      body: { text: 'An intro about dashboards', model: MODEL },
    });
    const voiced = await call(sim, 'POST', pathOf('generateText'), {
      body: { text: 'An intro about dashboards', model: MODEL, brandVoiceId: friendly.id },
    });
    expect(voiced.json.data).not.toBe(plain.json.data);
  });

  it('chats with a session that is created, then kept', async () => {
    const first = await call(sim, 'POST', pathOf('chat'), {
      body: { text: 'How visible are we?', model: MODEL },
    });
    expect(first.status).toBe(200);
    expect(first.json.sessionId).toMatch(/^sess_/);
    const report = (await call(sim, 'GET', pathOf('getLatestReport'))).json.data;
    expect(first.json.data).toContain('acme-analytics.com');
    expect(first.json.data).toContain(`${report.visibilityScore}/100`);

    const second = await call(sim, 'POST', pathOf('chat'), {
      body: { text: 'And against competitors?', model: MODEL, sessionId: first.json.sessionId },
    });
    expect(second.json.sessionId).toBe(first.json.sessionId);
    expect(second.json.data).toContain('Following up');
  });

  it('answers chat without workspace facts when useWorkspaceContext is false', async () => {
    const res = await call(sim, 'POST', pathOf('chat'), {
      body: { text: 'How visible are we?', model: MODEL, useWorkspaceContext: false },
    });
    expect(res.status).toBe(200);
    expect(res.json.data).not.toContain('acme-analytics.com');
    expect(res.json.data).toContain('Workspace context is off');
  });

  it('reflects webpageContext, webSearch and the brand voice in chat replies', async () => {
    const voices = (await call(sim, 'GET', pathOf('listBrandVoices'))).json.data;
    const res = await call(sim, 'POST', pathOf('chat'), {
      body: {
        text: 'Review this page',
        model: 'gpt-4.1',
        webpageContext: 'Acme pricing plans for growing product teams',
        webSearch: true,
        brandVoiceId: voices[0].id,
      },
    });
    expect(res.status).toBe(200);
    expect(res.json.data).toContain('On the page you shared');
    expect(res.json.data).toContain('web search');
    expect(res.json.data).toContain(voices[0].name);
  });

  it.each(['seo', 'readability', 'visibility', 'grammar', 'tone'])('improves content: %s', async (kind) => {
    const text =
      'We think that teh best way to utilize analytics is to track retention, and then you see what matters.';
    const res = await call(sim, 'POST', pathOf('improveContent', { kind }), {
      body: { text, model: 'gemini-2.5-pro', keyword: 'retention analytics' },
    });
    expect(res.status).toBe(200);
    expect(res.json.message).toEqual(expect.any(String));
    expect(typeof res.json.data).toBe('string');
    expect(res.json.data).not.toBe(text);
  });

  it('improve-content seo puts the keyword in; grammar fixes typos', async () => {
    const seo = await call(sim, 'POST', pathOf('improveContent', { kind: 'seo' }), {
      body: { text: 'Track what your users do.', model: MODEL, keyword: 'product analytics' },
    });
    expect(seo.json.data.toLowerCase()).toContain('product analytics');
    const grammar = await call(sim, 'POST', pathOf('improveContent', { kind: 'grammar' }), {
      body: { text: 'teh report is ready  .  i will recieve it', model: MODEL },
    });
    expect(grammar.json.data).toBe('The report is ready. I will receive it.');
  });

  it('improve-content with useWorker queues a job', async () => {
    const res = await call(sim, 'POST', pathOf('improveContent', { kind: 'tone' }), {
      body: { text: 'Maybe try it.', model: MODEL, useWorker: true },
    });
    expect(res.status).toBe(202);
    expect(res.json.jobId).toEqual(expect.any(String));
  });
});
