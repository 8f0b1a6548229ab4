import * as z from 'zod';
import { workspaceContextText } from '../format/workspace.js';
import { endpoints } from '../krastie/endpoints.js';
import { defineTool } from './define-tool.js';

export const getWorkspaceContext = defineTool({
  name: 'get_workspace_context',
  title: 'Get workspace context',
  description:
    "The workspace summary Krastie's assistant sees: site, visibility score and trend, AI-referral traffic, " +
    'documents. Use to ground advice in the workspace data without spending a credit. Returns a summary and the JSON. Free.',
  toolset: 'chat',
  endpoint: endpoints.getAssistantContext,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  input: {},
  // The shape is undocumented: the JSON as Krastie sent it.
  output: { context: z.record(z.string(), z.unknown()) },
  async handler(_args, { client, signal }) {
    const context = await client.getAssistantContext({ signal });
    return { text: workspaceContextText(context), structured: { context } };
  },
});
