/**
 * `krastie-mcp --http`: reads the configuration (the Krastie key is optional with --allow-client-keys),
 * starts the HTTP server, prints where it listens, and shuts down gracefully on SIGTERM/SIGINT. Loaded
 * only in --http mode, so the stdio server never pays for it.
 */
import {
  ConfigError,
  type ConfigOverrides,
  type ConfigWithoutKey,
  loadConfig,
  loadConfigWithoutKey,
} from '../config.js';
import { createLogger } from '../log.js';
import { logUnhandledRejections } from '../runtime.js';
import { createGuard } from './guard.js';
import { type RunningHttpServer, startHttpServer } from './server.js';
import { clientKeysAllowed, type HttpSettings, loadHttpSettings } from './settings.js';
import { TenantPool } from './tenants.js';

export interface HttpServeOptions {
  env: NodeJS.ProcessEnv;
  overrides: ConfigOverrides;
  port: number | undefined;
  host: string | undefined;
  allowClientKeys: boolean;
}

/** After shutdown is complete, the process is gone within this time even if a handle lingers. */
const EXIT_DEADLINE_MS = 2_000;

/** Resolves with the exit code once the server has shut down; 2 for a configuration it refuses, 1 if it cannot listen. */
export async function serveHttp(options: HttpServeOptions): Promise<number | undefined> {
  let config: ConfigWithoutKey;
  let settings: HttpSettings;
  try {
    const flags = { port: options.port, host: options.host, allowClientKeys: options.allowClientKeys };
    // Multi-tenant: requests may bring their own key, so the server's is only a fallback.
    const keyOptional = clientKeysAllowed(options.env, options.allowClientKeys);
    config = keyOptional
      ? loadConfigWithoutKey(options.env, options.overrides)
      : loadConfig(options.env, options.overrides);
    settings = loadHttpSettings(options.env, flags, config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`krastie-mcp: ${error.message}\n`);
    return 2;
  }

  const logger = createLogger({
    level: config.logLevel,
    secrets: [config.apiKey ?? '', settings.token ?? ''],
  });
  logUnhandledRejections(logger);
  const guard = createGuard(settings);
  const tenants = new TenantPool(config, logger);
  let server: RunningHttpServer;
  try {
    server = await startHttpServer({ settings, config, guard, tenants, logger });
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? 'the port is in use' : String(error);
    process.stderr.write(`krastie-mcp: cannot listen on ${settings.host}:${settings.port}: ${reason}\n`);
    return 1;
  }

  process.stderr.write(
    `krastie-mcp: listening on ${server.url} (health check: /healthz)\n` +
      `krastie-mcp: ${describe(settings, config, guard.hosts)}\n`,
  );

  return new Promise<number>((resolve) => {
    let signals = 0;
    const stop = (signal: NodeJS.Signals) => {
      signals += 1;
      if (signals === 1) logger.info(`${signal}: no longer accepting requests`);
      // A second signal cancels what is still running instead of waiting out the grace period.
      const exit = (code: number) => {
        setTimeout(() => process.exit(code), EXIT_DEADLINE_MS).unref();
        resolve(code);
      };
      server.shutdown(signals > 1).then(
        () => exit(0),
        (error: unknown) => {
          logger.error(`shutdown failed: ${error instanceof Error ? error.stack : String(error)}`);
          exit(1);
        },
      );
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

/** One line on how the server is protected: never the token or a key. */
function describe(settings: HttpSettings, config: ConfigWithoutKey, hosts: readonly string[] | '*'): string {
  const auth = settings.token
    ? 'bearer token required (KRASTIE_MCP_TOKEN)'
    : 'no bearer token (loopback only)';
  const keys = settings.allowClientKeys
    ? `Krastie key from X-Krastie-Api-Key${config.apiKey ? ', else KRASTIE_API_KEY' : ' (required)'}`
    : 'Krastie key from KRASTIE_API_KEY';
  const allowed = hosts === '*' ? 'any Host' : `Host ${hosts.join(', ')}`;
  return `${auth}; ${keys}; ${allowed}`;
}
