import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KrastieClient } from '../../src/krastie/client.js';
import { KrastieError } from '../../src/krastie/errors.js';
import { useSimulator } from '../support/fixture.js';

/** Every client method against the simulator over real loopback HTTP. */
describe('KrastieClient against the simulator', () => {
  const ctx = useSimulator({ simulator: { reportDelayMs: 10, jobStepMs: 20 } });
  let client: KrastieClient;

  beforeAll(() => {
    client = new KrastieClient({
      baseUrl: ctx.sim.url,
      apiKey: ctx.sim.keys.enterprise,
      version: '1.2.3',
      timeoutMs: 5_000,
    });
  });
  afterAll(async () => {
    await client?.close();
  });

  it('runs, prefills and reads reports and history', async () => {
    const prefill = await client.prefillReport({ websiteurl: 'https://acme.com/' });
    expect(prefill.competitors.length).toBeGreaterThanOrEqual(3);
    const report = await client.runReport({
      websiteurl: 'https://acme.com/',
      competitors: prefill.competitors.slice(0, 3),
    });
    expect(report.models.length).toBeGreaterThanOrEqual(4);
    expect((await client.getLatestReport()).id).toBe(report.id);
    expect((await client.getReportHistory()).length).toBeGreaterThanOrEqual(90);
    expect(Object.keys(await client.getAssistantContext()).length).toBeGreaterThan(0);
    const sent = ctx.sim.requests.at(-1);
    expect(sent?.headers['user-agent']).toBe('krastie-mcp/1.2.3');
    expect(sent?.headers['api-key']).toBe(ctx.sim.keys.enterprise);
  });

  it('generates, improves and chats', async () => {
    const text = await client.generateText({ text: 'A tagline', model: 'gpt-4o' });
    expect(text).toMatchObject({ status: 'done', text: expect.any(String) });
    const queued = await client.generateText({ text: 'A long post', model: 'gpt-4o', useWorker: true });
    expect(queued.status).toBe('queued');
    const jobId = queued.status === 'queued' ? queued.jobId : '';
    let job = await client.getJob(jobId);
    for (let i = 0; i < 50 && job.status !== 'completed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      job = await client.getJob(jobId);
    }
    expect(job).toMatchObject({ status: 'completed', data: expect.any(String) });
    expect(await client.improveContent('seo', { text: 'Some text.', model: 'gpt-4o' })).toMatchObject({
      status: 'done',
    });
    const chat = await client.chat({ text: 'Hello', model: 'gpt-4o', useWorkspaceContext: true });
    expect(chat.reply.length).toBeGreaterThan(0);
    expect(chat.sessionId).toBeTruthy();
  });

  it('manages brand voices, from a website, a text sample and an uploaded file', async () => {
    const fromSite = await client.createBrandVoiceFromWebsite({
      websiteurl: 'https://acme.com/',
      name: 'Site',
    });
    const fromText = await client.createBrandVoiceFromText({ text: 'We write plainly.', name: 'Text' });
    const fromFile = await client.createBrandVoiceFromFile({
      file: new Blob(['Our voice is warm and direct.'], { type: 'text/plain' }),
      filename: 'voice.txt',
      name: 'File',
    });
    const upload = ctx.sim.requests.at(-1);
    expect(upload?.path).toBe('/v1/ai/generate/brand-voice/file');
    expect(String(upload?.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
    const ids = (await client.listBrandVoices()).map((v) => v.id);
    expect(ids).toEqual(expect.arrayContaining([fromSite.id, fromText.id, fromFile.id]));
    expect((await client.updateBrandVoice(fromText.id as string, { tone: 'Dry' })).tone).toBe('Dry');
    expect((await client.getBrandVoice(fromText.id as string)).tone).toBe('Dry');
    await client.deleteBrandVoice(fromText.id as string);
    const gone = await client.getBrandVoice(fromText.id as string).catch((error: unknown) => error);
    expect(gone).toBeInstanceOf(KrastieError);
    expect((gone as KrastieError).kind).toBe('not_found');
  });
});
