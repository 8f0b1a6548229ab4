import * as z from 'zod';
import { endpoints } from '../krastie/endpoints.js';
import { defineTool } from './define-tool.js';
import { brandVoiceId, model, optional, resolveModel } from './params.js';

export const improveContent = defineTool({
  name: 'improve_content',
  title: 'Improve content',
  description:
    'Rewrite a text to improve it for a goal: seo (default), readability, visibility (being cited by AI models)… ' +
    'optionally around a keyword and in a saved brand voice. Returns the improved text. Cost: 1 AI credit.',
  toolset: 'content',
  endpoint: endpoints.improveContent,
  notFoundHint:
    'Krastie has no such improvement kind or brand voice: use kind seo, readability or visibility, and an ID from list_brand_voices.',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  input: {
    content: z.string().min(1).max(100_000).describe('Text to improve.'),
    kind: optional(
      z
        .string()
        .max(40)
        .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a lowercase slug such as seo, readability or visibility')
        .describe('Goal slug: seo (default), readability, visibility…'),
    ),
    model: optional(model),
    keyword: optional(z.string().max(200).describe('Keyword to optimise for.')),
    brandVoiceId: optional(brandVoiceId),
  },
  output: { improved: z.string(), kind: z.string(), model: z.string() },
  async handler(args, { client, config, signal }) {
    const chosen = resolveModel(args.model, config.defaultModel);
    const kind = args.kind ?? 'seo';
    const result = await client.improveContent(
      kind,
      { text: args.content, model: chosen.id, keyword: args.keyword, brandVoiceId: args.brandVoiceId },
      { signal },
    );
    const improved =
      result.status === 'done' ? result.text : `Queued as job ${result.jobId}; read it with get_job.`;
    return {
      text: `Improved for ${kind} with ${chosen.id} (1 AI credit):\n\n${improved}`,
      structured: { improved, kind, model: chosen.id },
    };
  },
});
