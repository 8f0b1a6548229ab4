import * as z from 'zod';
import { brandVoiceSchema, brandVoiceText, curateBrandVoice } from '../format/brand-voice.js';
import { endpoints } from '../krastie/endpoints.js';
import { defineTool, ToolInputError } from './define-tool.js';
import { normalizeWebsiteUrl, optional, websiteUrl } from './params.js';

export const createBrandVoice = defineTool({
  name: 'create_brand_voice',
  title: 'Create brand voice',
  description:
    'Create a brand voice that Krastie learns from a website (source "website" + websiteUrl) or a writing ' +
    'sample (source "text" + text). Returns the new voice and its id. May use AI credits (undocumented).',
  toolset: 'brand-voice',
  // Both create routes (website, text) have the same effect; the website one stands for the pair.
  endpoint: endpoints.createBrandVoiceFromWebsite,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  input: {
    source: z.enum(['website', 'text']).describe('Learn from a "website" or a "text" sample.'),
    websiteUrl: optional(websiteUrl.describe('Website to learn from (source "website").')),
    text: optional(z.string().max(100_000).describe('Sample writing (source "text"), max 100,000 chars.')),
    name: optional(z.string().max(200).describe('Name for the new voice.')),
  },
  output: { brandVoice: brandVoiceSchema },
  async handler(args, { client, signal }) {
    const name = args.name?.trim() || undefined;
    let created: Awaited<ReturnType<typeof client.createBrandVoiceFromText>>;
    if (args.source === 'website') {
      if (args.websiteUrl === undefined) {
        throw new ToolInputError('source "website" needs websiteUrl: the site to learn the voice from.');
      }
      const websiteurl = normalizeWebsiteUrl(args.websiteUrl);
      created = await client.createBrandVoiceFromWebsite({ websiteurl, name }, { signal });
    } else {
      if (args.text === undefined || args.text.trim() === '') {
        throw new ToolInputError(
          'source "text" needs text: a sample of the writing to learn the voice from.',
        );
      }
      created = await client.createBrandVoiceFromText({ text: args.text, name }, { signal });
    }
    const brandVoice = curateBrandVoice(created);
    return { text: `Created. ${brandVoiceText(brandVoice)}`, structured: { brandVoice } };
  },
});
