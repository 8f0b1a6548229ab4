import { brandVoiceSchema, brandVoiceText, curateBrandVoice } from '../format/brand-voice.js';
import { endpoints } from '../krastie/endpoints.js';
import { defineTool } from './define-tool.js';
import { brandVoiceId } from './params.js';

export const getBrandVoice = defineTool({
  name: 'get_brand_voice',
  title: 'Get brand voice',
  description:
    'Read one saved brand voice in full: name, tone, description and creation date. Use before writing in it ' +
    'or changing it. Free.',
  toolset: 'brand-voice',
  endpoint: endpoints.getBrandVoice,
  notFoundHint: 'No brand voice has that ID: list_brand_voices shows the IDs.',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  input: { brandVoiceId },
  output: { brandVoice: brandVoiceSchema },
  async handler(args, { client, signal }) {
    const brandVoice = curateBrandVoice(await client.getBrandVoice(args.brandVoiceId, { signal }));
    return { text: brandVoiceText(brandVoice), structured: { brandVoice } };
  },
});
