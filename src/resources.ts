/**
 * Read-only views of the workspace as MCP resources, in the same curated JSON shapes the tools return,
 * so a client can attach them to a conversation without a tool call.
 */
import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError, type ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { failureText } from './errors.js';
import { selectPoints, summarizeTrend, toSeries } from './format/history.js';
import { curateReport } from './format/report.js';
import type { KrastieClient } from './krastie/client.js';
import { KrastieError } from './krastie/errors.js';
import { MODEL_FAMILIES, PREMIUM_MODELS } from './krastie/models.js';

interface ResourceDeps {
  client: KrastieClient;
}

type Reader = (signal: AbortSignal) => Promise<unknown>;

export function registerResources(server: McpServer, { client }: ResourceDeps): void {
  const fixed: [name: string, uri: string, title: string, description: string, read: Reader][] = [
    [
      'latest-report',
      'krastie://report/latest',
      'Latest visibility report',
      'The latest AI-visibility report, curated (score, per-model results, competitors, gaps, recommendations).',
      async (signal) => curateReport(await client.getLatestReport({ signal })),
    ],
    [
      'report-history',
      'krastie://report/history',
      'Visibility history',
      'The whole history as a series (one array per measure, oldest first) and the trend summary.',
      async (signal) => {
        const points = selectPoints(await client.getReportHistory({ signal }), {});
        return { series: toSeries(points), trend: summarizeTrend(points) };
      },
    ],
    [
      'workspace-context',
      'krastie://workspace/context',
      'Workspace context',
      "The workspace summary Krastie's assistant sees: visibility metrics, traffic, documents.",
      (signal) => client.getAssistantContext({ signal }),
    ],
    [
      'brand-voices',
      'krastie://brand-voices',
      'Brand voices',
      'The saved brand voices (id, name, description, tone).',
      async (signal) => ({ brandVoices: await client.listBrandVoices({ signal }) }),
    ],
    [
      'models',
      'krastie://models',
      'Supported models',
      'Which model IDs Krastie accepts, which are premium, and the web-search rule.',
      async () => ({
        families: MODEL_FAMILIES,
        premium: {
          models: PREMIUM_MODELS,
          rule: 'need a paid plan (Startup or above); dated variants count too',
        },
        webSearch: 'chat webSearch works with OpenAI models only',
      }),
    ],
  ];
  for (const [name, uri, title, description, read] of fixed) {
    server.registerResource(name, uri, { title, description, mimeType: 'application/json' }, (url, extra) =>
      asJson(url.href, () => read(extra.signal)),
    );
  }

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
      asJson(url.href, () => client.getBrandVoice(String(variables.id), { signal: extra.signal })),
  );
}

async function asJson(uri: string, read: () => Promise<unknown>): Promise<ReadResourceResult> {
  try {
    return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(await read()) }] };
  } catch (error) {
    const notFound = error instanceof KrastieError && error.kind === 'not_found';
    const text = failureText(error, {
      effect: 'read',
      notFoundHint: 'Check the ID: krastie://brand-voices lists them.',
    });
    // -32002 is MCP's "resource not found".
    throw new McpError(notFound ? -32002 : ErrorCode.InternalError, text);
  }
}
