import * as z from 'zod';
import { endpoints } from '../krastie/endpoints.js';
import { defineTool } from './define-tool.js';
import { brandVoiceId, flag, model, optional, resolveModel, systemPrompt } from './params.js';

export const chatWithWorkspace = defineTool({
  name: 'chat_with_workspace',
  title: 'Chat with workspace',
  description:
    "Ask Krastie's assistant about the workspace's data (visibility, traffic, documents), e.g. which pages to update " +
    'first. Returns the reply and a sessionId: pass it back to continue the conversation. Cost: 1 AI credit per message.',
  toolset: 'chat',
  endpoint: endpoints.chat,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  input: {
    message: z.string().min(1).max(20_000).describe('Your question or instruction.'),
    model: optional(model),
    sessionId: optional(z.string().max(200).describe('From an earlier reply, to continue it.')),
    systemPrompt: optional(systemPrompt),
    brandVoiceId: optional(brandVoiceId),
    webpageContext: optional(z.string().max(100_000).describe('Web page text to discuss.')),
    webSearch: optional(flag.describe('Search the web (OpenAI models only).')),
  },
  output: { reply: z.string(), sessionId: z.string().optional(), model: z.string() },
  async handler(args, { client, config, signal }) {
    const chosen = resolveModel(args.model, config.defaultModel, { webSearch: args.webSearch });
    const { reply, sessionId } = await client.chat(
      {
        text: args.message,
        model: chosen.id,
        sessionId: args.sessionId,
        systemPrompt: args.systemPrompt,
        brandVoiceId: args.brandVoiceId,
        webpageContext: args.webpageContext,
        webSearch: args.webSearch,
        useWorkspaceContext: true,
      },
      { signal },
    );
    const session = sessionId
      ? `\n\n(sessionId: ${sessionId}; pass it back as sessionId to continue this conversation.)`
      : '';
    return { text: `${reply}${session}`, structured: { reply, sessionId, model: chosen.id } };
  },
});
