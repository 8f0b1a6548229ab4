import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { call, pathOf } from './helpers.js';

let sim: Simulator;

beforeEach(async () => {
  sim ??= await startSimulator();
  sim.reset();
});
afterAll(() => sim.close());

const voiceShape = {
  id: expect.stringMatching(/^bv_/),
  name: expect.any(String),
  description: expect.any(String),
  tone: expect.any(String),
  createdAt: expect.any(String),
};

function multipart(parts: { name: string; filename?: string; content: string }[]) {
  const boundary = '----krastie-test-boundary';
  const body = parts
    .map(
      (p) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}\r\n` +
        `${p.filename ? 'Content-Type: text/plain\r\n' : ''}\r\n${p.content}\r\n`,
    )
    .join('');
  return { body: `${body}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('brand voices', () => {
  it('lists two seeded voices per account', async () => {
    const res = await call(sim, 'GET', pathOf('listBrandVoices'));
    expect(res.status).toBe(200);
    expect(res.json.data).toHaveLength(2);
    for (const voice of res.json.data) expect(voice).toEqual(voiceShape);
    const other = await call(sim, 'GET', pathOf('listBrandVoices'), { key: sim.keys.enterprise });
    expect(other.json.data.map((v: { id: string }) => v.id)).not.toEqual(
      res.json.data.map((v: { id: string }) => v.id),
    );
  });

  it('gets, updates and deletes a voice; 404 once gone', async () => {
    const [voice] = (await call(sim, 'GET', pathOf('listBrandVoices'))).json.data;
    const path = pathOf('getBrandVoice', { id: voice.id });
    const got = await call(sim, 'GET', path);
    expect(got.json.data).toEqual(voice);

    const updated = await call(sim, 'PUT', path, { body: { tone: 'bold, witty', extra: 'ignored' } });
    expect(updated.status).toBe(200);
    expect(updated.json.data).toEqual({ ...voice, tone: 'bold, witty' });
    expect((await call(sim, 'GET', path)).json.data.tone).toBe('bold, witty');

    const deleted = await call(sim, 'DELETE', path);
    expect(deleted.status).toBe(200);
    expect(deleted.json.message).toEqual(expect.any(String));
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const res = await call(sim, method, path, { body: method === 'PUT' ? { name: 'x' } : undefined });
      expect(res.status, method).toBe(404);
      expect(res.json.errCode).toBe(404);
    }
    expect((await call(sim, 'GET', pathOf('listBrandVoices'))).json.data).toHaveLength(1);
  });

  it('422 for an update with a blank name or a non-string tone', async () => {
    const [voice] = (await call(sim, 'GET', pathOf('listBrandVoices'))).json.data;
    const res = await call(sim, 'PUT', pathOf('updateBrandVoice', { id: voice.id }), {
      body: { name: ' ', tone: 3 },
    });
    expect(res.status).toBe(422);
    expect(res.json.data.map((e: { field: string }) => e.field)).toEqual(['name', 'tone']);
  });

  it('cannot reach another account’s voice', async () => {
    const [voice] = (await call(sim, 'GET', pathOf('listBrandVoices'), { key: sim.keys.enterprise })).json
      .data;
    expect((await call(sim, 'GET', pathOf('getBrandVoice', { id: voice.id }))).status).toBe(404);
  });

  it('creates a voice from a website', async () => {
    const res = await call(sim, 'POST', pathOf('createBrandVoiceFromWebsite'), {
      body: { websiteurl: 'https://northwind-outfitters.com' },
    });
    expect(res.status).toBe(201);
    expect(res.json.data).toEqual(voiceShape);
    expect(res.json.data.description).toContain('northwind-outfitters.com');
    const list = (await call(sim, 'GET', pathOf('listBrandVoices'))).json.data;
    expect(list.map((v: { id: string }) => v.id)).toContain(res.json.data.id);
  });

  it('creates a voice from text, with the given name', async () => {
    const res = await call(sim, 'POST', pathOf('createBrandVoiceFromText'), {
      body: { text: 'You will love this! Setup takes a minute! Try it today.', name: 'Launch voice' },
    });
    expect(res.status).toBe(201);
    expect(res.json.data).toMatchObject({ name: 'Launch voice', tone: expect.stringContaining('energetic') });
  });

  it('creates a voice from a multipart file upload', async () => {
    const form = multipart([
      { name: 'name', content: 'Docs voice' },
      {
        name: 'file',
        filename: 'style-guide.txt',
        content: 'We write plainly. We avoid hype. Our readers are busy.',
      },
    ]);
    const res = await call(sim, 'POST', pathOf('createBrandVoiceFromFile'), {
      body: form.body,
      headers: { 'content-type': form.contentType },
    });
    expect(res.status).toBe(201);
    expect(res.json.data).toMatchObject({
      name: 'Docs voice',
      description: expect.stringContaining('style-guide.txt'),
    });
  });

  it('accepts a FormData upload from fetch', async () => {
    const form = new FormData();
    form.append('file', new Blob(['Short. Clear. Direct.'], { type: 'text/plain' }), 'voice.md');
    const response = await fetch(`${sim.url}${pathOf('createBrandVoiceFromFile')}`, {
      method: 'POST',
      headers: { 'api-key': sim.keys.business },
      body: form,
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { data: { name: string } };
    expect(created.data.name).toBe('Voice from voice.md');
  });

  it('422 when the file upload is not multipart or has no file part', async () => {
    const json = await call(sim, 'POST', pathOf('createBrandVoiceFromFile'), { body: { file: 'x' } });
    expect(json.status).toBe(422);
    expect(json.json.data[0].field).toBe('file');
    const form = multipart([{ name: 'name', content: 'No file' }]);
    const missing = await call(sim, 'POST', pathOf('createBrandVoiceFromFile'), {
      body: form.body,
      headers: { 'content-type': form.contentType },
    });
    expect(missing.status).toBe(422);
  });

  it('uses a newly created voice for generation', async () => {
    const created = await call(sim, 'POST', pathOf('createBrandVoiceFromText'), {
      body: { text: 'Hey you! Great stuff!' },
    });
    const res = await call(sim, 'POST', pathOf('chat'), {
      body: { text: 'Hi', model: 'gpt-4o', brandVoiceId: created.json.data.id },
    });
    expect(res.status).toBe(200);
    expect(res.json.data).toContain(created.json.data.name);
  });
});
