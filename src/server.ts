/**
 * createServer(): the McpServer with every tool registered through ONE wrapper, which builds the tool's
 * context, shapes the result (compact text + structuredContent) and turns any failure into `isError`.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  type CallToolResult,
  ListToolsRequestSchema,
  type ServerNotification,
  type ServerRequest,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { linkSignals } from './abort.js';
import type { Config } from './config.js';
import { failureText } from './errors.js';
import type { KrastieClient } from './krastie/client.js';
import { KrastieError } from './krastie/errors.js';
import type { Logger } from './log.js';
import { renderToolList } from './tool-list.js';
import { type ToolContext, type ToolDefinition, ToolInputError } from './tools/define-tool.js';
import { tools } from './tools/index.js';
import { VERSION } from './version.js';

export interface ServerDeps {
  config: Config;
  client: KrastieClient;
  logger: Logger;
  /** Aborted on shutdown: every call in flight is cancelled, and so is its request to Krastie. */
  shutdown: AbortSignal;
}

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export function createServer(deps: ServerDeps): McpServer {
  const server = new McpServer(
    { name: 'krastie-mcp', title: 'Krastie', version: VERSION },
    { capabilities: { logging: {} } },
  );
  for (const tool of tools) registerTool(server, tool, deps);
  let listed: Tool[] | undefined;
  server.server.setRequestHandler(ListToolsRequestSchema, () => {
    listed ??= renderToolList(tools);
    return { tools: listed };
  });
  return server;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds tools of many shapes
function registerTool(server: McpServer, tool: ToolDefinition<any, any>, deps: ServerDeps): void {
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.input,
      outputSchema: tool.output,
      annotations: tool.annotations,
    },
    async (args: unknown, extra: Extra): Promise<CallToolResult> => {
      const linked = linkSignals(extra.signal, deps.shutdown);
      try {
        const result = await tool.handler(
          args as Record<string, unknown>,
          toolContext(extra, linked.signal, deps),
        );
        return { content: [{ type: 'text', text: result.text }], structuredContent: result.structured };
      } catch (error) {
        if (!(error instanceof KrastieError || error instanceof ToolInputError)) {
          deps.logger.error(
            `${tool.name} failed unexpectedly: ${error instanceof Error ? error.stack : String(error)}`,
          );
        }
        const text = failureText(error, { effect: tool.endpoint.effect, cost: tool.endpoint.cost });
        return { isError: true, content: [{ type: 'text', text }] };
      } finally {
        linked.dispose();
      }
    },
  );
}

function toolContext(extra: Extra, signal: AbortSignal, deps: ServerDeps): ToolContext {
  const progressToken = extra._meta?.progressToken;
  return {
    client: deps.client,
    config: deps.config,
    signal,
    log: deps.logger,
    wantsProgress: progressToken !== undefined,
    async progress(update) {
      if (progressToken === undefined || signal.aborted) return;
      try {
        await extra.sendNotification({
          method: 'notifications/progress',
          params: { progressToken, ...update },
        });
      } catch {
        // The client went away; the call itself will notice through its signal.
      }
    },
  };
}
