/**
 * The checks every /mcp request passes before any MCP code runs: Host and Origin against allow-lists
 * (DNS-rebinding protection: a web page whose name resolves to 127.0.0.1 still sends its own Host and
 * Origin), the bearer token (compared in constant time), and which origins get CORS headers.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { isLoopbackHost } from '../config.js';
import { HOST_PATTERN, type HttpSettings, normalizeOrigin } from './settings.js';

/** Always accepted: a DNS-rebinding page cannot make a browser send these as its Host or Origin. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

export interface Guard {
  hostAllowed(host: string | undefined): boolean;
  /** A request without Origin (every non-browser client) passes; a browser's must be allowed. */
  originAllowed(origin: string | undefined): boolean;
  /** The Access-Control-Allow-Origin value for this origin, or undefined for no CORS headers. */
  corsOrigin(origin: string | undefined): string | undefined;
  /** True when no token is configured, or the Authorization header carries it. */
  authorized(authorization: string | undefined): boolean;
  /** The host names accepted, for the start-up message. */
  readonly hosts: readonly string[] | '*';
}

export function createGuard(settings: HttpSettings): Guard {
  const hosts = settings.allowedHosts === '*' ? '*' : allowedHosts(settings);
  const expected = settings.token === undefined ? undefined : digest(settings.token);
  const listed = (list: readonly string[] | '*', origin: string) => list === '*' || list.includes(origin);

  return {
    hosts,
    hostAllowed(header) {
      if (hosts === '*') return true;
      const host = parseHost(header);
      if (host === undefined) return false;
      return hosts.some((entry) => {
        const allowed = parseHost(entry);
        return allowed?.hostname === host.hostname && (allowed.port === '' || allowed.port === host.port);
      });
    },
    originAllowed(origin) {
      if (origin === undefined) return true;
      const normalized = normalizeOrigin(origin);
      if (normalized === undefined) return settings.allowedOrigins === '*';
      if (isLoopbackHost(new URL(normalized).hostname)) return true;
      return listed(settings.allowedOrigins, normalized) || listed(settings.corsOrigins, normalized);
    },
    corsOrigin(origin) {
      if (origin === undefined) return undefined;
      const normalized = normalizeOrigin(origin);
      if (normalized === undefined) return undefined;
      return listed(settings.corsOrigins, normalized) ? normalized : undefined;
    },
    authorized(authorization) {
      if (expected === undefined) return true;
      const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
      // Hashing first gives equal lengths, so timingSafeEqual never throws and reveals nothing.
      return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), expected);
    },
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Hostname and port of a Host header; undefined for anything else (user info, paths, spaces…). */
function parseHost(value: string | undefined): { hostname: string; port: string } | undefined {
  if (value === undefined || !HOST_PATTERN.test(value)) return undefined;
  try {
    const url = new URL(`http://${value}`);
    return { hostname: url.hostname, port: url.port };
  } catch {
    return undefined;
  }
}

/** Loopback names, the bound address, the machine's addresses when bound to all of them, and the configured extras. */
function allowedHosts(settings: HttpSettings): string[] {
  const hosts = new Set(LOOPBACK_NAMES);
  const bound = settings.host.toLowerCase();
  if (bound === '0.0.0.0' || bound === '::' || bound === '[::]') {
    for (const addresses of Object.values(networkInterfaces())) {
      for (const { address, family } of addresses ?? []) {
        hosts.add(family === 'IPv6' ? `[${address.replace(/%.*$/, '')}]` : address);
      }
    }
  } else {
    hosts.add(bound.includes(':') && !bound.startsWith('[') ? `[${bound}]` : bound);
  }
  for (const host of settings.allowedHosts === '*' ? [] : settings.allowedHosts) hosts.add(host);
  return [...hosts];
}
