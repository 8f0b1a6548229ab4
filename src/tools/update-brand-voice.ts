import * as z from 'zod';
import { brandVoiceSchema, brandVoiceText, curateBrandVoice } from '../format/brand-voice.js';
import { endpoints } from '../krastie/endpoints.js';
import { defineTool, ToolInputError } from './define-tool.js';
import { brandVoiceId, optional } from './params.js';

export const updateBrandVoice = defineTool({
  name: 'update_brand_voice',
  title: 'Update brand voice',
  description:
    "Change a saved brand voice's name, description or tone. Only the fields given change; each overwrites " +
    'the old value. Returns the updated voice. Free.',
  toolset: 'brand-voice',
  endpoint: endpoints.updateBrandVoice,
  notFoundHint: 'No brand voice has that ID: list_brand_voices shows the IDs.',
  // A PUT: the old values are overwritten (destructive), and sending the same values twice is harmless.
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  input: {
    brandVoiceId,
    name: optional(z.string().max(200).describe('New name.')),
    description: optional(z.string().max(5_000).describe('New description of the voice.')),
    tone: optional(z.string().max(500).describe('New tone, e.g. "friendly, plain-spoken".')),
  },
  output: { brandVoice: brandVoiceSchema },
  async handler(args, { client, signal }) {
    const patch = Object.fromEntries(
      (['name', 'description', 'tone'] as const).flatMap((field) =>
        args[field] === undefined ? [] : [[field, args[field]]],
      ),
    );
    const fields = Object.keys(patch);
    if (fields.length === 0)
      throw new ToolInputError('give at least one of name, description or tone to change.');
    const updated = await client.updateBrandVoice(args.brandVoiceId, patch, { signal });
    const brandVoice = curateBrandVoice(updated);
    return {
      text: `Updated ${fields.join(', ')}. ${brandVoiceText(brandVoice)}`,
      structured: { brandVoice },
    };
  },
});
