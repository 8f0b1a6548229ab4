/**
 * Read-only views of the workspace as MCP resources, so a client can attach them to a conversation
 * without a tool call. Each is a free read tool's structured result, produced by that tool: the same
 * shape, the same caching, the same failure text.
 */
import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import type { KrastieClient } from './krastie/client.js';
import { MODEL_FAMILIES, PREMIUM_MODELS } from './krastie/models.js';
import type { ToolDefinition } from './tools/define-tool.js';
import { getBrandVoice } from './tools/get-brand-voice.js';
import { getHistory } from './tools/get-history.js';
import { getLatestReport } from './tools/get-latest-report.js';
import { getWorkspaceContext } from './tools/get-workspace-context.js';
import { listBrandVoices } from './tools/list-brand-voices.js';

// biome-ignore lint/suspicious/noExplicitAny: tools of many shapes
type AnyTool = ToolDefinition<any, any>;

/** Runs a tool as the server would and gives its structured result; a failure is an McpError with its text. */
export type ReadTool = (
  tool: AnyTool,
  args: Record<string, unknown>,
  signal: AbortSignal,
) => Promise<unknown>;

const views: [name: string, uri: string, title: string, description: string, tool: AnyTool][] = [
  [
    'latest-report',
    'krastie://report/latest',
    'Latest visibility report',
    'The latest AI-visibility report, curated (score, per-model results, competitors, gaps, recommendations).',
    getLatestReport,
  ],
  [
    'report-history',
    'krastie://report/history',
    'Visibility history',
    'The whole history as a series (one array per measure, oldest first) and the trend summary.',
    getHistory,
  ],
  [
    'workspace-context',
    'krastie://workspace/context',
    'Workspace context',
    "The workspace summary Krastie's assistant sees: visibility metrics, traffic, documents.",
    getWorkspaceContext,
  ],
  [
    'brand-voices',
    'krastie://brand-voices',
    'Brand voices',
    'The saved brand voices (id, name, description, tone).',
    listBrandVoices,
  ],
];

export function registerResources(server: McpServer, client: KrastieClient, readTool: ReadTool): void {
  for (const [name, uri, title, description, tool] of views) {
    server.registerResource(name, uri, { title, description, mimeType: 'application/json' }, (url, extra) =>
      json(url.href, () => readTool(tool, {}, extra.signal)),
    );
  }

  server.registerResource(
    'models',
    'krastie://models',
    {
      title: 'Supported models',
      description: 'Which model IDs Krastie accepts, which are premium, and the web-search rule.',
      mimeType: 'application/json',
    },
    (url) =>
      json(url.href, async () => ({
        families: MODEL_FAMILIES,
        premium: {
          models: PREMIUM_MODELS,
          rule: 'need a paid plan (Startup or above); dated variants count too',
        },
        webSearch: 'chat webSearch works with OpenAI models only',
      })),
  );

  const brandVoice = new ResourceTemplate('krastie://brand-voices/{id}', {
    // Listing every voice as its own resource would cost a Krastie call on each resources/list.
    list: undefined,
    complete: {
      id: async (prefix) => {
        const voices = await client.listBrandVoices().catch(() => []);
        return voices.flatMap((v) => (v.id?.startsWith(prefix) ? [v.id] : [])).slice(0, 100);
      },
    },
  });
  server.registerResource(
    'brand-voice',
    brandVoice,
    { title: 'Brand voice', description: 'One saved brand voice by ID.', mimeType: 'application/json' },
    (url, variables, extra) =>
      json(url.href, () => readTool(getBrandVoice, { brandVoiceId: String(variables.id) }, extra.signal)),
  );
}

async function json(uri: string, read: () => Promise<unknown>): Promise<ReadResourceResult> {
  return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(await read()) }] };
}
