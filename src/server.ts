/**
 * createServer(): the McpServer with every tool registered through ONE wrapper, which enforces the
 * server's policy (toolsets, read-only mode, spending budget), builds the tool's context, shapes the
 * result (compact text + structuredContent) and turns any failure into `isError`.
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
import { BudgetExceededError, type SpendingBudget } from './budget.js';
import type { Config } from './config.js';
import { failureText } from './errors.js';
import { INSTRUCTIONS } from './instructions.js';
import type { KrastieClient } from './krastie/client.js';
import { KrastieError } from './krastie/errors.js';
import { LazyJsonSchemaValidator } from './lazy-validator.js';
import type { Logger } from './log.js';
import { registerPrompts } from './prompts.js';
import { registerResources } from './resources.js';
import { allToolListings } from './tool-list.js';
import { type ToolContext, type ToolDefinition, ToolInputError } from './tools/define-tool.js';
import { tools } from './tools/index.js';
import { VERSION } from './version.js';

export interface ServerDeps {
  config: Config;
  client: KrastieClient;
  logger: Logger;
  /** Shared by every server that spends on behalf of the same API key. */
  budget: SpendingBudget;
  /** Aborted on shutdown: every call in flight is cancelled, and so is its request to Krastie. */
  shutdown: AbortSignal;
  /** Called after each tools/list answer has been sent (start-up is over once a client has listed). */
  onToolsListed?: () => void;
}

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;
// biome-ignore lint/suspicious/noExplicitAny: the registry holds tools of many shapes
type AnyTool = ToolDefinition<any, any>;

export function createServer(deps: ServerDeps): McpServer {
  const server = new McpServer(
    { name: 'krastie-mcp', title: 'Krastie', version: VERSION },
    {
      capabilities: { logging: {} },
      instructions: INSTRUCTIONS,
      jsonSchemaValidator: new LazyJsonSchemaValidator(),
    },
  );
  // Every tool is registered, so a refused one gets a clear reason instead of "not found"; only the
  // available ones are listed.
  for (const tool of tools) registerTool(server, tool, deps);
  server.server.setRequestHandler(ListToolsRequestSchema, () => {
    if (deps.onToolsListed) setImmediate(deps.onToolsListed);
    return { tools: listedTools(deps.config) };
  });
  registerResources(server, deps);
  registerPrompts(server);
  return server;
}

/** Rendered once per configuration: over HTTP every request builds a server, the list never changes. */
const listings = new Map<string, Tool[]>();

function listedTools(config: Config): Tool[] {
  const key = `${[...config.toolsets].join(',')}|${config.readOnly}`;
  let listed = listings.get(key);
  if (!listed) {
    const available = new Set(
      tools.filter((tool) => unavailableReason(tool, config) === undefined).map((t) => t.name),
    );
    listed = allToolListings(tools).filter((tool) => available.has(tool.name));
    listings.set(key, listed);
  }
  return listed;
}

/** Why the server's configuration keeps a tool from being used, or undefined when it may be. */
function unavailableReason(tool: AnyTool, config: Config): string | undefined {
  if (!config.toolsets.has(tool.toolset)) {
    return `${tool.name} belongs to the "${tool.toolset}" toolset, which this server does not enable (KRASTIE_TOOLSETS / --toolsets).`;
  }
  if (config.readOnly && !tool.annotations.readOnlyHint) {
    return `${tool.name} changes data or spends credits, and this server runs in read-only mode (KRASTIE_READ_ONLY / --read-only).`;
  }
  return undefined;
}

function registerTool(server: McpServer, tool: AnyTool, deps: ServerDeps): void {
  server.registerTool(
    tool.name,
    // No outputSchema here: tools/list publishes it (tool-list.ts), and the tests check every result
    // against it, so the SDK need not re-validate (and copy) each structured result at run time.
    {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.input,
      annotations: tool.annotations,
    },
    async (args: unknown, extra: Extra): Promise<CallToolResult> => {
      const refusal = unavailableReason(tool, deps.config);
      if (refusal) return errorResult(`Refused: ${refusal} Nothing was sent to Krastie.`);
      let reservation: ReturnType<SpendingBudget['reserve']>;
      try {
        reservation = deps.budget.reserve(tool.endpoint.cost);
      } catch (error) {
        if (error instanceof BudgetExceededError) return errorResult(error.message);
        throw error;
      }
      const linked = linkSignals(extra.signal, deps.shutdown);
      try {
        const result = await tool.handler(
          args as Record<string, unknown>,
          toolContext(server, extra, linked.signal, deps),
        );
        reservation.keep();
        return { content: [{ type: 'text', text: result.text }], structuredContent: result.structured };
      } catch (error) {
        if (mayHaveBeenCharged(error)) reservation.keep();
        else reservation.release();
        if (!(error instanceof KrastieError || error instanceof ToolInputError)) {
          deps.logger.error(
            `${tool.name} failed unexpectedly: ${error instanceof Error ? error.stack : String(error)}`,
          );
        }
        const { effect, cost } = tool.endpoint;
        return errorResult(failureText(error, { effect, cost, notFoundHint: tool.notFoundHint }));
      } finally {
        linked.dispose();
      }
    },
  );
}

/** A failure after the request may have reached Krastie (timeout, reset, 5xx) may still have cost a credit. */
function mayHaveBeenCharged(error: unknown): boolean {
  return (
    error instanceof KrastieError &&
    error.mayHaveReachedKrastie &&
    ['upstream', 'network', 'timeout', 'cancelled'].includes(error.kind)
  );
}

function errorResult(text: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text }] };
}

function toolContext(server: McpServer, extra: Extra, signal: AbortSignal, deps: ServerDeps): ToolContext {
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
    async confirm(question) {
      if (!server.server.getClientCapabilities()?.elicitation) return 'unsupported';
      const answer = await server.server.elicitInput(
        {
          message: question,
          requestedSchema: {
            type: 'object',
            properties: { confirm: { type: 'boolean', title: 'Confirm', description: question } },
            required: ['confirm'],
          },
        },
        { signal },
      );
      return answer.action === 'accept' && answer.content?.confirm === true ? 'confirmed' : 'declined';
    },
  };
}
