/**
 * createServer(): the McpServer with every tool registered through ONE wrapper, which enforces the
 * server's policy (toolsets, read-only mode, spending budget), builds the tool's context, shapes the
 * result (compact text + structuredContent) and turns any failure into `isError`.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  type CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type ServerNotification,
  type ServerRequest,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
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
import { unavailableReason } from './tools/availability.js';
import { type ToolContext, type ToolDefinition, ToolInputError } from './tools/define-tool.js';
import { tools } from './tools/index.js';
import { VERSION } from './version.js';

export interface ServerDeps {
  config: Config;
  client: KrastieClient;
  logger: Logger;
  /** Shared by every server that spends on behalf of the same API key. */
  budget: SpendingBudget;
  /**
   * Aborted on shutdown: every call in flight is cancelled, and so is its request to Krastie. Over stdio
   * there is none: closing the server already aborts every call's own signal.
   */
  shutdown?: AbortSignal;
  /** Called after each tools/list answer has been sent (start-up is over once a client has listed). */
  onToolsListed?: () => void;
}

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** How long a user has to answer a confirmation question. */
const CONFIRM_TIMEOUT_MS = 10 * 60_000;
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
  registerResources(server, deps.client, (tool, args, signal) => readTool(server, tool, args, signal, deps));
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
      const linked = deps.shutdown ? linkSignals(extra.signal, deps.shutdown) : undefined;
      try {
        const context = toolContext(server, deps, linked?.signal ?? extra.signal, extra);
        const result = await tool.handler(args as Record<string, unknown>, context);
        reservation.keep();
        return { content: [{ type: 'text', text: result.text }], structuredContent: result.structured };
      } catch (error) {
        if (mayHaveBeenCharged(error)) reservation.keep();
        else reservation.release();
        return errorResult(describeFailure(tool, error, deps));
      } finally {
        linked?.dispose();
      }
    },
  );
}

/** A resource read (resources.ts): a free read tool's structured result, or an MCP error with its failure text. */
async function readTool(
  server: McpServer,
  tool: AnyTool,
  args: Record<string, unknown>,
  signal: AbortSignal,
  deps: ServerDeps,
): Promise<unknown> {
  try {
    const parsed = z.object(tool.input).safeParse(args);
    if (!parsed.success) throw new ToolInputError(parsed.error.issues[0]?.message ?? 'invalid argument');
    return (await tool.handler(parsed.data, toolContext(server, deps, signal))).structured;
  } catch (error) {
    const notFound = error instanceof KrastieError && error.kind === 'not_found';
    // -32002 is MCP's "resource not found".
    throw new McpError(notFound ? -32002 : ErrorCode.InternalError, describeFailure(tool, error, deps));
  }
}

/** The failure text for a tool, logging what is not a known kind of failure (a bug of ours). */
function describeFailure(tool: AnyTool, error: unknown, deps: ServerDeps): string {
  if (!(error instanceof KrastieError || error instanceof ToolInputError)) {
    deps.logger.error(
      `${tool.name} failed unexpectedly: ${error instanceof Error ? error.stack : String(error)}`,
    );
  }
  const { effect, cost } = tool.endpoint;
  return failureText(error, { effect, cost, notFoundHint: tool.notFoundHint });
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

/** `extra` is the tool call's; resource reads have none (no progress, no questions to the user). */
function toolContext(server: McpServer, deps: ServerDeps, signal: AbortSignal, extra?: Extra): ToolContext {
  const progressToken = extra?._meta?.progressToken;
  return {
    client: deps.client,
    config: deps.config,
    signal,
    wantsProgress: progressToken !== undefined,
    async progress(update) {
      if (!extra || progressToken === undefined || signal.aborted) return;
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
      // Form elicitation is what asks a yes/no question (a URL-only client cannot).
      if (!extra || !server.server.getClientCapabilities()?.elicitation?.form) return 'unsupported';
      try {
        const answer = await server.server.elicitInput(
          {
            message: question,
            requestedSchema: {
              type: 'object',
              properties: { confirm: { type: 'boolean', title: 'Confirm', description: question } },
              required: ['confirm'],
            },
          },
          { signal, timeout: CONFIRM_TIMEOUT_MS },
        );
        return answer.action === 'accept' && answer.content?.confirm === true ? 'confirmed' : 'declined';
      } catch {
        // No answer in time, or the client failed to ask: nothing is done without a yes.
        return 'declined';
      }
    },
  };
}
