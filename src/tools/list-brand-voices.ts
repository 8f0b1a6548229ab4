import * as z from 'zod';
import { brandVoiceLine, brandVoiceSchema, curateBrandVoice } from '../format/brand-voice.js';
import { endpoints } from '../krastie/endpoints.js';
import { defineTool } from './define-tool.js';

export const listBrandVoices = defineTool({
  name: 'list_brand_voices',
  title: 'List brand voices',
  description:
    "List the workspace's saved brand voices: id, name and tone of each. Use to find the brandVoiceId for " +
    'generate_content, improve_content or chat_with_workspace. Free.',
  toolset: 'brand-voice',
  endpoint: endpoints.listBrandVoices,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  input: {},
  output: { brandVoices: z.array(brandVoiceSchema) },
  async handler(_args, { client, signal }) {
    const brandVoices = (await client.listBrandVoices({ signal })).map(curateBrandVoice);
    const text =
      brandVoices.length === 0
        ? 'No brand voices saved yet; create one with create_brand_voice.'
        : [
            `${brandVoices.length} brand voice${brandVoices.length === 1 ? '' : 's'} (pass the id as brandVoiceId):`,
            ...brandVoices.map(brandVoiceLine),
          ].join('\n');
    return { text, structured: { brandVoices } };
  },
});
