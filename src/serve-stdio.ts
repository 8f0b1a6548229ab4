/**
 * Runs the MCP server over stdio, as Claude Desktop and IDEs start it. Owns the process lifecycle:
 * stdin closing or SIGINT/SIGTERM cancels calls in flight and exits promptly; nothing but JSON-RPC
 * ever reaches stdout.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { type Config, ConfigError, type ConfigOverrides, loadConfig } from './config.js';
import { createLogger, type LogLevel } from './log.js';
import { createBudget, createClient, logUnhandledRejections } from './runtime.js';
import { createServer } from './server.js';

/** After a shutdown request, the process is gone within this time even if something hangs. */
const EXIT_DEADLINE_MS = 1_500;
/** If a client never lists tools, start-up counts as done after this long. */
const STARTED_AFTER_MS = 5_000;
/**
 * The largest JSON-RPC message read from stdin. Past it the SDK's transport closes for good, so the
 * server exits; its default (10 MiB) is within reach of a model pasting a large document or NUL-heavy
 * text (six bytes per escaped character), hence more room.
 */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/**
 * `krastie-mcp` with no command: reads the configuration (a bad value → one line naming the variable,
 * exit code 2) and serves. `onStarted` runs once start-up is over: after the first tools/list answer.
 */
export async function runStdio(
  env: NodeJS.ProcessEnv,
  overrides: ConfigOverrides,
  onStarted: () => void = () => {},
): Promise<number | undefined> {
  let config: Config;
  try {
    config = loadConfig(env, overrides);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`krastie-mcp: ${error.message}\n`);
    return 2;
  }
  await serveStdio(config, onStarted);
  return undefined;
}

export async function serveStdio(config: Config, onStarted: () => void = () => {}): Promise<void> {
  let forward: ((level: LogLevel, message: string) => void) | undefined;
  const logger = createLogger({
    level: config.logLevel,
    secrets: [config.apiKey],
    forward: (level, message) => forward?.(level, message),
  });
  logUnhandledRejections(logger);
  const client = createClient(config, config.apiKey, logger);
  // Every pending write waits for stdout's drain: dozens of concurrent calls are normal, not a leak.
  process.stdout.setMaxListeners(0);
  const budget = createBudget(config);
  const started = once(onStarted);
  setTimeout(started, STARTED_AFTER_MS).unref();
  const server = createServer({
    config,
    client,
    logger,
    budget,
    onToolsListed: started,
  });
  forward = (level, data) => {
    if (server.isConnected())
      void server.server.sendLoggingMessage({ level, logger: 'krastie-mcp', data }).catch(() => {});
  };

  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(code), EXIT_DEADLINE_MS).unref();
    void Promise.allSettled([server.close(), client.close()]).then(() => process.exit(code));
  };
  process.stdin.once('end', () => stop(0));
  process.stdin.once('close', () => stop(0));
  process.once('SIGINT', () => stop(0));
  process.once('SIGTERM', () => stop(0));
  // A broken stdout pipe means the client is gone.
  process.stdout.on('error', () => stop(0));

  // The transport closes itself only when it cannot go on (a message over MAX_MESSAGE_BYTES): say so
  // and exit, so the client sees the server end instead of calls that are never answered.
  server.server.onclose = () => {
    if (!stopping) logger.error('the stdio connection closed (see the error above); exiting');
    stop(1);
  };
  server.server.onerror = (error) => logger.error(`stdio transport: ${error.message}`);
  await server.connect(
    new StdioServerTransport(process.stdin, process.stdout, { maxBufferSize: MAX_MESSAGE_BYTES }),
  );
}

function once(action: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    action();
  };
}
