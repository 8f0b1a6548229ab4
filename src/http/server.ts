/**
 * The HTTP server: plain node:http, MCP over Streamable HTTP at /mcp, a health check at /healthz.
 *
 * Stateless: every POST gets a fresh McpServer and a fresh StreamableHTTPServerTransport without
 * sessions, so any replica can answer any request. Tool calls answer as an SSE stream (progress
 * notifications and keep-alive comments flow while a report runs for minutes); everything else as one
 * JSON response. Before any MCP code runs, a request passes the Host/Origin allow-lists, the bearer
 * token, the Krastie-key rules and the body limit (guard.ts, request.ts).
 */
import { setMaxListeners } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { ErrorCode, type JSONRPCMessage, type RequestId } from '@modelcontextprotocol/sdk/types.js';
import { linkSignals } from '../abort.js';
import type { ConfigWithoutKey } from '../config.js';
import type { Logger } from '../log.js';
import { createServer } from '../server.js';
import { VERSION } from '../version.js';
import type { Guard } from './guard.js';
import { corsPreflight, readJsonBody, reply, resolveApiKey, securityHeaders } from './request.js';
import type { HttpSettings } from './settings.js';
import type { TenantPool } from './tenants.js';

export interface HttpApp {
  settings: HttpSettings;
  config: ConfigWithoutKey;
  guard: Guard;
  tenants: TenantPool;
  logger: Logger;
}

export interface RunningHttpServer {
  /** e.g. http://127.0.0.1:8787/mcp */
  readonly url: string;
  /**
   * Stops accepting, lets requests in flight finish for up to the grace period, then cancels what is
   * left (their calls to Krastie too) and closes every connection. `now` skips the grace period.
   */
  shutdown(now?: boolean): Promise<void>;
}

/** After cancelling, requests get this long to send their (cancelled) answer before sockets are cut. */
const CANCEL_FLUSH_MS = 2_000;

export async function startHttpServer(app: HttpApp): Promise<RunningHttpServer> {
  const { settings, logger } = app;
  /** Aborted when the grace period is over: every call still running is cancelled. */
  const cancelAll = new AbortController();
  // Every request in flight listens for it: many at once is normal, not a listener leak.
  setMaxListeners(0, cancelAll.signal);
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  let drained: (() => void) | undefined;

  const server = createHttpServer((req, res) => {
    const started = Date.now();
    res.once('close', () => {
      inFlight.delete(res);
      if (draining && inFlight.size === 0) drained?.();
      logger.debug(`${req.method} ${pathOf(req)} → ${res.statusCode} in ${Date.now() - started} ms`);
    });
    inFlight.add(res);
    handle(app, req, res, { draining: () => draining, cancelAll: cancelAll.signal }).catch((error) => {
      logger.error(
        `HTTP ${req.method} ${pathOf(req)} failed: ${error instanceof Error ? error.stack : error}`,
      );
      if (!res.headersSent) reply(res, 500, 'Internal error', ErrorCode.InternalError);
      else res.destroy();
    });
  });
  // Receiving a request (headers and body) must not take long; answering may (report runs).
  server.headersTimeout = 15_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => logger.error(`HTTP server: ${error.message}`));
  const { port } = server.address() as AddressInfo;
  const host = settings.host.includes(':') ? `[${settings.host.replace(/^\[|\]$/g, '')}]` : settings.host;

  let stopping: Promise<void> | undefined;
  let skipGrace: (() => void) | undefined;
  return {
    url: `http://${host}:${port}/mcp`,
    shutdown(now = false) {
      if (stopping) {
        if (now) skipGrace?.();
        return stopping;
      }
      draining = true;
      stopping = (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        if (inFlight.size > 0) {
          logger.info(
            `shutting down: waiting up to ${settings.shutdownGraceMs / 1000} s for ${inFlight.size} request(s) in flight`,
          );
          await waitFor(
            new Promise<void>((resolve) => {
              drained = resolve;
              skipGrace = resolve;
              if (now) resolve();
            }),
            settings.shutdownGraceMs,
          );
        }
        if (inFlight.size > 0) {
          logger.warn(`shutting down: cancelling ${inFlight.size} request(s) still in flight`);
          cancelAll.abort();
          await waitFor(
            new Promise<void>((resolve) => {
              drained = resolve;
            }),
            CANCEL_FLUSH_MS,
          );
        }
        server.closeAllConnections();
        await closed;
        await app.tenants.close();
      })();
      return stopping;
    },
  };
}

interface ServerState {
  draining(): boolean;
  cancelAll: AbortSignal;
}

async function handle(app: HttpApp, req: IncomingMessage, res: ServerResponse, state: ServerState) {
  const { guard, settings } = app;
  securityHeaders(res);
  const path = pathOf(req);
  if (path === '/healthz') {
    // Unauthenticated and without Host checks (load balancers probe by IP); it tells nothing secret.
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return reply(res, 405, 'Use GET', undefined, { allow: 'GET' });
    const status = state.draining() ? 503 : 200;
    res.writeHead(status, { 'content-type': 'application/json' });
    return void res.end(
      JSON.stringify({
        status: status === 200 ? 'ok' : 'shutting down',
        name: 'krastie-mcp',
        version: VERSION,
      }),
    );
  }
  if (state.draining())
    return reply(res, 503, 'The server is shutting down; retry on another replica.', -32000, {
      connection: 'close',
      'retry-after': '1',
    });
  if (!guard.hostAllowed(req.headers.host)) {
    return reply(res, 403, 'Forbidden: this Host is not allowed (KRASTIE_MCP_ALLOWED_HOSTS)');
  }
  const origin = req.headers.origin;
  if (!guard.originAllowed(origin)) {
    return reply(res, 403, 'Forbidden: this Origin is not allowed (KRASTIE_MCP_ALLOWED_ORIGINS)');
  }
  if (
    settings.token === undefined &&
    (req.headers.forwarded ?? req.headers['x-forwarded-for']) !== undefined
  ) {
    // Bound to loopback without a token is safe only while nothing relays requests from elsewhere.
    return reply(
      res,
      403,
      'Forbidden: this request came through a proxy, but the server has no KRASTIE_MCP_TOKEN; set one to serve beyond this machine',
    );
  }
  const cors = guard.corsOrigin(origin);
  if (cors !== undefined) {
    res.setHeader('access-control-allow-origin', cors);
    res.setHeader('access-control-expose-headers', 'mcp-session-id, www-authenticate');
  }
  if (origin !== undefined) res.setHeader('vary', 'Origin');
  if (path !== '/mcp') return reply(res, 404, 'Not found: MCP is served at /mcp', -32000);
  if (req.method === 'OPTIONS') return corsPreflight(res, cors !== undefined);
  if (!guard.authorized(req.headers.authorization)) {
    const sent = req.headers.authorization !== undefined;
    return reply(
      res,
      401,
      sent
        ? 'Unauthorized: the bearer token is wrong'
        : 'Unauthorized: send Authorization: Bearer <KRASTIE_MCP_TOKEN>',
      -32000,
      { 'www-authenticate': `Bearer realm="krastie-mcp"${sent ? ', error="invalid_token"' : ''}` },
    );
  }
  if (req.method !== 'POST') {
    // Stateless: no session to stream to (GET) or to end (DELETE).
    return reply(res, 405, 'Method not allowed: this server is stateless, send requests with POST', -32000, {
      allow: 'POST, OPTIONS',
    });
  }
  const key = resolveApiKey(req, app.config.apiKey, settings.allowClientKeys);
  if ('status' in key) return reply(res, key.status, key.message, -32000, key.headers);
  const body = await readJsonBody(req, settings.maxBodyBytes);
  if ('gone' in body) return;
  if ('status' in body) return reply(res, body.status, body.message, body.code, body.headers);
  await answerMcp(app, req, res, key.apiKey, body.value, state.cancelAll);
}

async function answerMcp(
  app: HttpApp,
  req: IncomingMessage,
  res: ServerResponse,
  apiKey: string,
  body: unknown,
  cancelAll: AbortSignal,
): Promise<void> {
  // Gone already (its 'close' will not fire again): nothing to answer, nothing to clean up.
  if (req.socket.destroyed) return;
  const messages: unknown[] = Array.isArray(body) ? body : [body];
  const requestIds = messages.flatMap((m) => (isRequest(m) ? [m.id] : []));
  const tenant = app.tenants.acquire(apiKey);
  const work = new AbortController();
  const linked = linkSignals(cancelAll, work.signal);
  const server = createServer({
    config: tenant.config,
    client: tenant.client,
    logger: app.logger,
    budget: tenant.budget,
    shutdown: linked.signal,
  });
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: !messages.some((m) => isRequest(m) && m.method === 'tools/call'),
  });
  // Which requests were answered, so a timeout answers only the others.
  const answered = new Set<RequestId>();
  const send = transport.send.bind(transport);
  transport.send = (message: JSONRPCMessage, options) => {
    if ('id' in message && ('result' in message || 'error' in message)) answered.add(message.id as RequestId);
    return send(message, options);
  };
  // Answers that arrive after a timeout or a disconnect have nowhere to go; that is expected.
  server.server.onerror = (error) => app.logger.debug(`MCP (${tenant.id}): ${error.message}`);

  const timer = setTimeout(() => {
    const seconds = Math.round(app.settings.requestTimeoutMs / 100) / 10;
    for (const id of requestIds) {
      if (answered.has(id)) continue;
      void transport
        .send({
          jsonrpc: '2.0',
          id,
          error: {
            code: ErrorCode.RequestTimeout,
            message: `No answer within ${seconds} s, this server's limit per request (KRASTIE_MCP_REQUEST_TIMEOUT_MS); the request was cancelled.`,
          },
        })
        .catch(() => {});
    }
    work.abort();
    // Whatever still holds the response open is cut shortly after.
    setTimeout(() => res.destroy(), CANCEL_FLUSH_MS).unref();
  }, app.settings.requestTimeoutMs);
  res.once('close', () => {
    clearTimeout(timer);
    // The client went away before its answer: cancel the work (and its calls to Krastie).
    if (!res.writableFinished) work.abort();
    linked.dispose();
    void server.close().catch(() => {});
    tenant.release();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
}

function isRequest(message: unknown): message is { id: RequestId; method: string } {
  return (
    typeof message === 'object' &&
    message !== null &&
    'method' in message &&
    'id' in message &&
    (typeof message.id === 'string' || typeof message.id === 'number')
  );
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

async function waitFor(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
