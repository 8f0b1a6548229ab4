/**
 * Spawns the built CLI as a child process and connects the SDK Client over stdio, exactly as Claude
 * Desktop does. Collects stderr, transport errors (non-JSON-RPC on stdout) and notifications.
 */
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { type CallToolResult, LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import { tools } from '../../src/tools/index.js';

export const CLI = path.resolve(import.meta.dirname, '../../dist/cli.js');

export interface RunningServer {
  client: Client;
  transport: StdioClientTransport;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  /** Errors the client transport saw: any non-JSON-RPC line on stdout shows up here. */
  transportErrors: Error[];
  logMessages: string[];
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

export interface ServerOptions {
  baseUrl: string;
  apiKey?: string;
  env?: Record<string, string>;
  args?: string[];
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, ...(options.args ?? [])],
    env: {
      PATH: process.env.PATH ?? '',
      KRASTIE_BASE_URL: options.baseUrl,
      // Tests see every read reach the simulator (faults, counters); test/e2e/read-cache.test.ts turns it on.
      KRASTIE_CACHE_TTL_MS: '0',
      ...(options.apiKey === undefined ? {} : { KRASTIE_API_KEY: options.apiKey }),
      ...options.env,
    },
    stderr: 'pipe',
  });
  const stderrChunks: string[] = [];
  transport.stderr?.on('data', (chunk) => stderrChunks.push(String(chunk)));
  const client = new Client({ name: 'krastie-mcp-tests', version: '1.0.0' }, { capabilities: {} });
  const transportErrors: Error[] = [];
  client.onerror = (error) => transportErrors.push(error);
  const logMessages: string[] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
    logMessages.push(typeof n.params.data === 'string' ? n.params.data : JSON.stringify(n.params.data));
  });
  await client.connect(transport);
  return {
    client,
    transport,
    stderr: () => stderrChunks.join(''),
    transportErrors,
    logMessages,
    call: async (name, args = {}) =>
      checked(name, (await client.callTool({ name, arguments: args })) as CallToolResult),
    close: () => client.close(),
  };
}

/**
 * The server does not re-validate its own results at run time; every result the tests see is checked
 * against the tool's output schema here instead.
 */
export function checked(name: string, result: CallToolResult): CallToolResult {
  const tool = tools.find((t) => t.name === name);
  if (tool && !result.isError) {
    const parsed = z.object(tool.output).safeParse(result.structuredContent);
    if (!parsed.success)
      throw new Error(`${name}: structuredContent does not match its output schema: ${parsed.error.message}`);
  }
  return result;
}

export function textOf(result: CallToolResult): string {
  return result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
}
