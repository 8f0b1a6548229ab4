/**
 * Runs the MCP server over stdio, as Claude Desktop and IDEs start it. Owns the process lifecycle:
 * stdin closing or SIGINT/SIGTERM cancels calls in flight and exits promptly; nothing but JSON-RPC
 * ever reaches stdout.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Config } from './config.js';
import { createLogger, type LogLevel } from './log.js';
import { createBudget, createClient, logUnhandledRejections } from './runtime.js';
import { createServer } from './server.js';

/** After a shutdown request, the process is gone within this time even if something hangs. */
const EXIT_DEADLINE_MS = 1_500;

export async function serveStdio(config: Config): Promise<void> {
  let forward: ((level: LogLevel, message: string) => void) | undefined;
  const logger = createLogger({
    level: config.logLevel,
    secrets: [config.apiKey],
    forward: (level, message) => forward?.(level, message),
  });
  logUnhandledRejections(logger);
  const client = createClient(config, config.apiKey, logger);
  const shutdown = new AbortController();
  const budget = createBudget(config);
  const server = createServer({ config, client, logger, budget, shutdown: shutdown.signal });
  forward = (level, data) => {
    if (server.isConnected())
      void server.server.sendLoggingMessage({ level, logger: 'krastie-mcp', data }).catch(() => {});
  };

  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(code), EXIT_DEADLINE_MS).unref();
    shutdown.abort();
    void Promise.allSettled([server.close(), client.close()]).then(() => process.exit(code));
  };
  process.stdin.once('end', () => stop(0));
  process.stdin.once('close', () => stop(0));
  process.once('SIGINT', () => stop(0));
  process.once('SIGTERM', () => stop(0));
  // A broken stdout pipe means the client is gone.
  process.stdout.on('error', () => stop(0));

  await server.connect(new StdioServerTransport());
}
