/**
 * Settings of the HTTP transport, read once at start from KRASTIE_MCP_* variables and the --http flags
 * (flags win). A bad value stops the server with one line that names the variable, as config.ts does.
 */
import { ConfigError, type ConfigWithoutKey, isLoopbackHost } from '../config.js';

export interface HttpSettings {
  host: string;
  port: number;
  /** Bearer token clients must send on /mcp; undefined = none (loopback only). */
  token: string | undefined;
  /** Requests may bring their own Krastie key in X-Krastie-Api-Key. */
  allowClientKeys: boolean;
  /** Host names (optionally host:port) accepted besides localhost, 127.0.0.1, [::1] and the bound address; '*' = any. */
  allowedHosts: readonly string[] | '*';
  /** Origins accepted besides loopback ones (any port); '*' = any. */
  allowedOrigins: readonly string[] | '*';
  /** Origins that get CORS headers (browser clients); empty = no CORS. */
  corsOrigins: readonly string[] | '*';
  maxBodyBytes: number;
  /** A request still unanswered after this long is answered with a JSON-RPC timeout error and cancelled. */
  requestTimeoutMs: number;
  /** On SIGTERM/SIGINT, requests in flight get this long to finish before they are cancelled. */
  shutdownGraceMs: number;
}

export interface HttpFlags {
  port: number | undefined;
  host: string | undefined;
  allowClientKeys: boolean;
}

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
/** Shorter tokens are refused: a bearer token guards Krastie credits. */
export const MIN_TOKEN_LENGTH = 16;

export function loadHttpSettings(
  env: NodeJS.ProcessEnv,
  flags: HttpFlags,
  config: Pick<ConfigWithoutKey, 'timeoutMs' | 'reportTimeoutMs'>,
): HttpSettings {
  const text = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const host = flags.host?.trim() || text('KRASTIE_MCP_HOST') || DEFAULT_HOST;
  const token = text('KRASTIE_MCP_TOKEN');
  if (token !== undefined && (token.length < MIN_TOKEN_LENGTH || /\s/.test(token))) {
    throw new ConfigError(
      `KRASTIE_MCP_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters without spaces (e.g. the output of "openssl rand -hex 32")`,
    );
  }
  if (token === undefined && !isLoopbackHost(host)) {
    throw new ConfigError(
      `--host ${host} is reachable from other machines: set KRASTIE_MCP_TOKEN (a bearer token every client must send) before serving beyond this machine`,
    );
  }
  const allowedHosts = hostList(text('KRASTIE_MCP_ALLOWED_HOSTS'));
  // Allowing a public host name means a proxy forwards the public's requests to this loopback bind:
  // that needs the token as much as binding a public address does.
  const publicHost =
    allowedHosts === '*' ? '*' : allowedHosts.find((entry) => !isLoopbackHost(entry.replace(/:\d+$/, '')));
  if (token === undefined && publicHost !== undefined) {
    throw new ConfigError(
      `KRASTIE_MCP_ALLOWED_HOSTS allows "${publicHost}", so requests can come from other machines (through a proxy): set KRASTIE_MCP_TOKEN (a bearer token every client must send)`,
    );
  }
  // The longest a tool may legitimately take (a report run), plus room to answer.
  const longestCall = Math.max(config.reportTimeoutMs, 2 * config.timeoutMs) + 30_000;
  return {
    host,
    port: flags.port ?? whole(text('KRASTIE_MCP_PORT'), 'KRASTIE_MCP_PORT', DEFAULT_PORT, 0, 65_535),
    token,
    allowClientKeys: clientKeysAllowed(env, flags.allowClientKeys),
    allowedHosts,
    allowedOrigins: originList(text('KRASTIE_MCP_ALLOWED_ORIGINS'), 'KRASTIE_MCP_ALLOWED_ORIGINS'),
    corsOrigins: originList(text('KRASTIE_MCP_CORS_ORIGINS'), 'KRASTIE_MCP_CORS_ORIGINS'),
    maxBodyBytes: whole(
      text('KRASTIE_MCP_MAX_BODY_BYTES'),
      'KRASTIE_MCP_MAX_BODY_BYTES',
      DEFAULT_MAX_BODY_BYTES,
      1024,
      100 * 1024 * 1024,
    ),
    requestTimeoutMs: whole(
      text('KRASTIE_MCP_REQUEST_TIMEOUT_MS'),
      'KRASTIE_MCP_REQUEST_TIMEOUT_MS',
      longestCall,
      100,
      3_600_000,
    ),
    shutdownGraceMs: whole(
      text('KRASTIE_MCP_SHUTDOWN_GRACE_MS'),
      'KRASTIE_MCP_SHUTDOWN_GRACE_MS',
      DEFAULT_SHUTDOWN_GRACE_MS,
      0,
      600_000,
    ),
  };
}

/** --allow-client-keys or KRASTIE_MCP_ALLOW_CLIENT_KEYS=true: requests may bring their own Krastie key. */
export function clientKeysAllowed(env: NodeJS.ProcessEnv, flag: boolean): boolean {
  return flag || yes(env.KRASTIE_MCP_ALLOW_CLIENT_KEYS?.trim());
}

function whole(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}`);
  }
  return number;
}

function yes(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes'].includes(value.toLowerCase());
}

function split(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function hostList(value: string | undefined): readonly string[] | '*' {
  const items = split(value).map((item) => item.toLowerCase());
  if (items.includes('*')) return '*';
  for (const item of items) {
    if (!HOST_PATTERN.test(item)) {
      throw new ConfigError(
        `KRASTIE_MCP_ALLOWED_HOSTS has "${item.slice(0, 80)}", which is not a host name or host:port (e.g. mcp.example.com)`,
      );
    }
  }
  return items;
}

function originList(value: string | undefined, name: string): readonly string[] | '*' {
  const items = split(value);
  if (items.includes('*')) return '*';
  return items.map((item) => {
    const origin = normalizeOrigin(item);
    if (origin === undefined) {
      throw new ConfigError(
        `${name} has "${item.slice(0, 80)}", which is not an origin (scheme://host[:port], e.g. https://app.example.com)`,
      );
    }
    return origin;
  });
}

/** What a Host header (or an allow-list entry) may look like: a name or IPv4 address, or [IPv6], and a port. */
export const HOST_PATTERN = /^(?:[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** `scheme://host[:port]` in the form browsers send it, or undefined when it is not an http(s) origin. */
export function normalizeOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '')) return undefined;
    if (url.search || url.hash) return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}
