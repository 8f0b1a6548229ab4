/** Ready-made workflows a user can pick in the client (slash commands in many of them). */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { GetPromptResult } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';

function userMessage(text: string): GetPromptResult {
  return { messages: [{ role: 'user', content: { type: 'text', text } }] };
}

export function registerPrompts(server: McpServer): void {
  server.registerPrompt(
    'visibility_audit',
    {
      title: 'AI visibility audit',
      description: 'Audit how AI models see a website, explain the gaps and propose content to close them.',
      argsSchema: { websiteUrl: z.string().describe('The website to audit, e.g. acme.com') },
    },
    ({ websiteUrl }) =>
      userMessage(
        `Run an AI-visibility audit of ${websiteUrl} with the Krastie tools:\n` +
          `1. Call suggest_report_inputs for ${websiteUrl} and show me the suggested competitors and prompts. ` +
          'Wait for me to confirm or edit them before going on.\n' +
          '2. Call run_visibility_report with the confirmed lists (it takes minutes and uses one monthly report refresh).\n' +
          '3. Explain the result plainly: the score, which AI models mention us least, where competitors win.\n' +
          '4. For the three biggest gaps, propose a concrete page or section and outline its content. ' +
          'Ask before drafting anything with generate_content (1 AI credit each).',
      ),
  );

  server.registerPrompt(
    'close_visibility_gap',
    {
      title: 'Close a visibility gap',
      description: 'Draft and improve content for a prompt where competitors are mentioned and we are not.',
      argsSchema: {
        prompt: z
          .string()
          .optional()
          .describe('The buyer prompt to win; default: the biggest gap of the latest report'),
      },
    },
    ({ prompt }) =>
      userMessage(
        `${prompt ? `Help us win the AI answer for the prompt "${prompt}".` : 'Help us close our biggest AI-visibility gap.'}\n` +
          `1. ${prompt ? 'Call get_latest_report and find what competitors are named for this prompt' : 'Call get_latest_report and pick the gap that is lost on the most AI models'}; tell me which competitors win it.\n` +
          '2. Call list_brand_voices; if there is one, ask me which to use.\n' +
          '3. Draft the content with generate_content in that brand voice (1 AI credit): a page or section that answers the prompt directly, with quotable facts.\n' +
          '4. Improve the draft with improve_content, kind "visibility" (1 AI credit), and show me the final text with what changed.',
      ),
  );

  server.registerPrompt(
    'weekly_visibility_digest',
    {
      title: 'Weekly visibility digest',
      description: 'A short digest of the last week of AI visibility that a client or manager can read.',
    },
    () =>
      userMessage(
        "Write this week's AI-visibility digest with the Krastie tools (all free, no credits):\n" +
          '1. Call get_history with limit 14 and get_latest_report.\n' +
          '2. Write at most 200 words for a non-technical reader: the score and how it moved this week, mention and ' +
          'citation rates, how we rank against competitors and who moved, the two gaps that matter most, and one ' +
          'recommended action for next week. Use plain numbers; no tables.',
      ),
  );
}
