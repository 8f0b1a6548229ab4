import * as z from 'zod';
import { endpoints } from '../krastie/endpoints.js';
import { defineTool } from './define-tool.js';
import { normalizeWebsiteUrl, websiteUrl } from './params.js';

export const suggestReportInputs = defineTool({
  name: 'suggest_report_inputs',
  title: 'Suggest report competitors and prompts',
  description:
    'Suggest competitors and prompts to track for a website. Show them to the user and confirm or edit them ' +
    'before calling run_visibility_report with them. Returns competitor domains and prompts. Free.',
  toolset: 'visibility',
  endpoint: endpoints.prefillReport,
  // A POST, but it only suggests: nothing is stored or charged.
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  input: { websiteUrl },
  output: { websiteUrl: z.string(), competitors: z.array(z.string()), prompts: z.array(z.string()) },
  async handler(args, { client, signal }) {
    const websiteurl = normalizeWebsiteUrl(args.websiteUrl);
    const { competitors, prompts } = await client.prefillReport({ websiteurl }, { signal });
    const lines = [`Suggested report inputs for ${websiteurl} (confirm or edit them with the user first):`];
    lines.push(`Competitors: ${competitors.length > 0 ? competitors.join(', ') : 'none suggested'}`);
    lines.push(prompts.length > 0 ? 'Prompts:' : 'Prompts: none suggested');
    for (const prompt of prompts) lines.push(`- ${prompt}`);
    lines.push('Then call run_visibility_report with websiteUrl, competitors and prompts.');
    return { text: lines.join('\n'), structured: { websiteUrl: websiteurl, competitors, prompts } };
  },
});
