import * as z from 'zod';
import { endpoints } from '../krastie/endpoints.js';
import { defineTool, ToolInputError } from './define-tool.js';
import { brandVoiceId, flag, optional } from './params.js';

export const deleteBrandVoice = defineTool({
  name: 'delete_brand_voice',
  title: 'Delete brand voice',
  description:
    'Permanently delete a saved brand voice. The user is asked to confirm; if the client cannot ask, confirm ' +
    'with the user yourself, then call again with confirm:true. Free; cannot be undone.',
  toolset: 'brand-voice',
  endpoint: endpoints.deleteBrandVoice,
  notFoundHint: 'No brand voice has that ID (perhaps already deleted): list_brand_voices shows the IDs.',
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  input: {
    brandVoiceId,
    confirm: optional(flag.describe('true once the user agreed (only used when the client cannot ask).')),
  },
  output: { deleted: z.boolean(), brandVoiceId: z.string() },
  async handler(args, context) {
    const id = args.brandVoiceId;
    // The question names the id only: looking the name up first would send a request before the user agreed.
    const answer = await context.confirm(`Delete brand voice "${id}"? This cannot be undone.`);
    if (answer === 'declined') {
      return {
        text: `Not deleted: the user declined. Brand voice ${id} is unchanged; nothing was sent to Krastie.`,
        structured: { deleted: false, brandVoiceId: id },
      };
    }
    if (answer === 'unsupported' && args.confirm !== true) {
      throw new ToolInputError(
        `deleting brand voice ${id} cannot be undone and this client cannot ask the user. ` +
          'Ask the user whether to delete it; only if they agree, call delete_brand_voice again with confirm: true.',
      );
    }
    await context.client.deleteBrandVoice(id, { signal: context.signal });
    return {
      text: `Deleted brand voice ${id}.`,
      structured: { deleted: true, brandVoiceId: id },
    };
  },
});
