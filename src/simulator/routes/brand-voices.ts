/** Brand-voice routes: create (from a website, a text sample or a file), list, get, update, delete. */
import {
  type BrandVoice,
  newVoiceId,
  type VoiceDraft,
  voiceFromFile,
  voiceFromText,
  voiceFromWebsite,
} from '../brand-voices.js';
import type { Handler, HandlerContext } from '../context.js';
import { normalizeDomain } from '../industries.js';
import { parseMultipart } from '../multipart.js';
import { json, notFound, type SimResponse } from '../responses.js';
import { BodyReader } from '../validate.js';

function created(ctx: HandlerContext, draft: VoiceDraft): SimResponse {
  const { account, state } = ctx;
  const voice: BrandVoice = {
    id: newVoiceId(account.seed.name, state.nextSequence()),
    ...draft,
    createdAt: new Date(ctx.now()).toISOString(),
  };
  account.voices.set(voice.id, voice);
  return json(201, { message: 'Brand voice created successfully.', data: voice });
}

function optionalName(reader: BodyReader): string | undefined {
  const name = reader.optionalString('name')?.trim();
  return name === '' ? undefined : name;
}

function existing(ctx: HandlerContext): BrandVoice {
  const id = ctx.params.id ?? '';
  const voice = ctx.account.voices.get(id);
  if (!voice) throw notFound(`Brand voice "${id}" not found.`);
  return voice;
}

export const createBrandVoiceFromWebsite: Handler = (ctx) => {
  const reader = new BodyReader(ctx.body);
  const websiteurl = reader.requiredString('websiteurl');
  const name = optionalName(reader);
  const domain = websiteurl === '' ? undefined : normalizeDomain(websiteurl);
  if (websiteurl !== '' && !domain) {
    reader.fail('websiteurl', '"websiteurl" must be a URL or a domain such as example.com.');
  }
  reader.done();
  return created(ctx, voiceFromWebsite(domain ?? '', name));
};

export const createBrandVoiceFromText: Handler = (ctx) => {
  const reader = new BodyReader(ctx.body);
  const text = reader.requiredString('text');
  const name = optionalName(reader);
  reader.done();
  return created(ctx, voiceFromText(text, name));
};

export const createBrandVoiceFromFile: Handler = (ctx) => {
  const reader = new BodyReader({});
  const parts = parseMultipart(ctx.raw, ctx.contentType);
  const file = parts?.get('file');
  if (!parts) reader.fail('file', 'Send the file as multipart/form-data with a "file" part.');
  else if (!file) reader.fail('file', '"file" is required.');
  reader.done();
  if (!file) throw new Error('unreachable: file checked above');
  const name = parts?.get('name')?.content.trim();
  return created(ctx, voiceFromFile(file.filename ?? 'upload', file.content, name === '' ? undefined : name));
};

export const listBrandVoices: Handler = (ctx) =>
  json(200, { message: 'Brand voices retrieved successfully.', data: [...ctx.account.voices.values()] });

export const getBrandVoice: Handler = (ctx) =>
  json(200, { message: 'Brand voice retrieved successfully.', data: existing(ctx) });

export const updateBrandVoice: Handler = (ctx) => {
  const voice = existing(ctx);
  const reader = new BodyReader(ctx.body);
  const name = reader.optionalString('name');
  if (name !== undefined && name.trim() === '') reader.fail('name', '"name" must not be empty.');
  const description = reader.optionalString('description');
  const tone = reader.optionalString('tone');
  reader.done();
  // Unknown fields are ignored: the voice keeps exactly its documented shape.
  if (name !== undefined) voice.name = name.trim();
  if (description !== undefined) voice.description = description;
  if (tone !== undefined) voice.tone = tone;
  return json(200, { message: 'Brand voice updated successfully.', data: voice });
};

export const deleteBrandVoice: Handler = (ctx) => {
  const voice = existing(ctx);
  ctx.account.voices.delete(voice.id);
  return json(200, { message: 'Brand voice deleted successfully.' });
};
