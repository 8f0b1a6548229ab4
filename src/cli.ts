#!/usr/bin/env node
/**
 * Entry point: argv → the stdio server, the HTTP server, or a sub-command (simulate, demo, doctor).
 * This file stays tiny: each command is its own bundle, loaded (through the code cache) only when it
 * runs, so the stdio server starts fast.
 */
import { parseArgs } from 'node:util';
import { overridesFromFlags } from './config-flags.js';
import type * as Demo from './demo/main.js';
import type * as Doctor from './doctor/main.js';
import { keepYoungGenerationSmall } from './heap.js';
import type * as Http from './http/main.js';
import { loadEntry } from './load-entry.js';
import type * as Stdio from './serve-stdio.js';
import type * as Simulate from './simulator/main.js';
import { VERSION } from './version.js';

const HELP = `krastie-mcp ${VERSION}: the MCP server for Krastie (AI visibility, content, workspace chat)

Usage:
  krastie-mcp [options]            serve MCP over stdio (what Claude Desktop, Cursor… run)
  krastie-mcp --http [options]     serve MCP over Streamable HTTP at /mcp (--port 8787, --host 127.0.0.1)
  krastie-mcp demo                 a scripted session against the built-in simulator (no account needed)
  krastie-mcp doctor               check Node, the key, the base URL and the plan; prints what to fix
  krastie-mcp simulate [--port N]  run the built-in Krastie simulator (prints its URL and test keys)

Environment (flags override):
  KRASTIE_API_KEY            required; starts with krastie_ (keys expire 30 days after generation)
  KRASTIE_BASE_URL           --base-url           default https://api.krastie.ai (http only on loopback)
  KRASTIE_DEFAULT_MODEL      --default-model      default gpt-4o
  KRASTIE_TIMEOUT_MS         --timeout-ms         per-request timeout, default 30000
  KRASTIE_REPORT_TIMEOUT_MS  --report-timeout-ms  how long to wait for a report run, default 300000
  KRASTIE_LOG_LEVEL          --log-level          debug | info | warning | error (stderr), default info
  KRASTIE_TOOLSETS           --toolsets           comma list of visibility, content, chat, brand-voice; default all
  KRASTIE_READ_ONLY          --read-only          only read-only tools (nothing spent or changed)
  KRASTIE_MAX_CREDITS        --max-credits        cap on credit-spending calls per run; default no cap
  KRASTIE_MAX_REPORT_RUNS    --max-report-runs    cap on report runs per run; default no cap
  KRASTIE_CACHE_TTL_MS                            reuse free reads this long, default 30000 (0 = off)

HTTP (--http) — see the README:
  KRASTIE_MCP_HOST --host, KRASTIE_MCP_PORT --port, KRASTIE_MCP_TOKEN (required off loopback),
  KRASTIE_MCP_ALLOW_CLIENT_KEYS --allow-client-keys, KRASTIE_MCP_ALLOWED_HOSTS, KRASTIE_MCP_ALLOWED_ORIGINS,
  KRASTIE_MCP_CORS_ORIGINS, KRASTIE_MCP_MAX_BODY_BYTES, KRASTIE_MCP_REQUEST_TIMEOUT_MS,
  KRASTIE_MCP_SHUTDOWN_GRACE_MS

Options:
  -h, --help     show this help
  -v, --version  print the version
`;

const options = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  'base-url': { type: 'string' },
  'default-model': { type: 'string' },
  'timeout-ms': { type: 'string' },
  'report-timeout-ms': { type: 'string' },
  'log-level': { type: 'string' },
  toolsets: { type: 'string' },
  'read-only': { type: 'boolean' },
  'max-credits': { type: 'string' },
  'max-report-runs': { type: 'string' },
  http: { type: 'boolean' },
  port: { type: 'string' },
  host: { type: 'string' },
  'allow-client-keys': { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

/** Exit code to set, or undefined while a server keeps the process running. */
async function main(argv: string[]): Promise<number | undefined> {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (rest.length > 0) return usageError(`unexpected argument "${rest[0]}"`);
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    return usageError('--port must be a port number (0–65535)');
  }
  switch (command) {
    case undefined: {
      keepYoungGenerationSmall();
      if (values.http) {
        return loadEntry<typeof Http>('http').exports.serveHttp({
          env: process.env,
          overrides: overridesFromFlags(values),
          port,
          host: values.host,
          allowClientKeys: values['allow-client-keys'] ?? false,
        });
      }
      const server = loadEntry<typeof Stdio>('server');
      return server.exports.runStdio(process.env, overridesFromFlags(values), server.saveCodeCache);
    }
    case 'simulate': {
      await loadEntry<typeof Simulate>('simulate').exports.simulateCommand({ port, host: values.host });
      return 0;
    }
    case 'demo':
      return loadEntry<typeof Demo>('demo').exports.demoCommand();
    case 'doctor':
      return loadEntry<typeof Doctor>('doctor').exports.doctorCommand(
        process.env,
        overridesFromFlags(values),
      );
    default:
      return usageError(`unknown command "${command}"`);
  }
}

function usageError(message: string): number {
  process.stderr.write(`krastie-mcp: ${message}\nRun "krastie-mcp --help" for usage.\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`krastie-mcp: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
