/**
 * The HTTP side: reads each request, applies faults, authenticates, dispatches to the route handler
 * and writes the answer with Krastie's headers. Order of checks for a /v1 request:
 * fault that replaces the request → body size / read → unknown route (404) → key (401) → plan (403)
 * → JSON (400) → handler (422 / 404 / 403 credits / 429 / 2xx). Nothing here throws to Node: any
 * unexpected error becomes a 500 JSON answer, or a closed socket if headers were already sent.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { authenticate } from './accounts.js';
import type { HandlerContext } from './context.js';
import { deliver, type Fault, replacementResponse, writeWhole } from './faults.js';
import { ApiError, errorResponse, json, type SimResponse, V1_HEADERS } from './responses.js';
import { handlers } from './routes/index.js';
import { compileRoutes, matchRoute, type RouteMatch } from './routing.js';
import type { RecordedRequest, SimulatorState } from './state.js';
import type { Body } from './validate.js';
import { pause } from './wait.js';

/** Bodies above 1 MB are refused with 413. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Past this much, a refused upload is cut off instead of drained (drained = the client sees the 413). */
const MAX_DRAIN_BYTES = 64 * MAX_BODY_BYTES;
const CONTROL_PREFIX = '/__simulator/';

type BodyResult = { kind: 'ok'; buffer: Buffer } | { kind: 'too-large' } | { kind: 'aborted' };

function readBody(req: IncomingMessage): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > MAX_DRAIN_BYTES) req.socket.destroy();
    });
    req.on('end', () =>
      resolve(size > MAX_BODY_BYTES ? { kind: 'too-large' } : { kind: 'ok', buffer: Buffer.concat(chunks) }),
    );
    req.on('error', () => resolve({ kind: 'aborted' }));
    req.on('close', () => resolve({ kind: 'aborted' }));
  });
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** What the request log shows as the body: parsed JSON, else the raw text, else undefined. */
function loggedBody(buffer: Buffer): unknown {
  if (buffer.length === 0) return undefined;
  const text = buffer.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function parseJsonBody(buffer: Buffer, contentType: string): Body {
  if (buffer.length === 0 || /^multipart\//i.test(contentType)) return {};
  let value: unknown;
  try {
    value = JSON.parse(buffer.toString('utf8'));
  } catch {
    throw new ApiError(400, 'Invalid JSON in request body.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError(400, 'Request body must be a JSON object.');
  }
  return value as Body;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createSimulatorServer(state: SimulatorState, lifetime: AbortSignal): Server {
  const routes = compileRoutes();

  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? 'GET';
    const match = matchRoute(routes, method, path);
    const record: RecordedRequest = {
      method,
      path,
      route: match?.route.key ?? null,
      headers: flatHeaders(req),
      body: undefined,
      status: undefined,
      closedEarly: false,
    };
    state.record(record);
    let serverReset = false;
    res.on('close', () => {
      if (!res.writableFinished && !serverReset) record.closedEarly = true;
    });
    const send = (response: SimResponse, fault?: Fault) =>
      deliver({
        res,
        response,
        fault,
        lifetime,
        onHead: (status) => {
          record.status = status;
        },
        onServerReset: () => {
          serverReset = true;
        },
      });
    const withV1 = (response: SimResponse): SimResponse => ({
      ...response,
      headers: { ...V1_HEADERS, ...response.headers },
    });

    const fault = state.faults.take(record.route);
    if (fault?.kind === 'reset-before') {
      serverReset = true;
      req.socket.destroy();
      return;
    }
    const body = await readBody(req);
    if (body.kind === 'aborted') return;
    if (body.kind === 'too-large') {
      return send(
        withV1(errorResponse(413, `Request body too large: the limit is ${MAX_BODY_BYTES} bytes (1 MB).`)),
      );
    }
    record.body = loggedBody(body.buffer);

    const replacement = replacementResponse(fault, record.headers['api-key']);
    if (replacement) {
      // A gateway's HTML error page carries none of the API's headers.
      return send(replacement.headers['content-type'] === 'text/html' ? replacement : withV1(replacement));
    }
    if (fault?.kind === 'latency' && !(await pause(fault.ms, res, lifetime))) return;

    const response = await runHandler(req, res, match, body.buffer, path);
    if (response) await send(withV1(response), fault);
  }

  async function runHandler(
    req: IncomingMessage,
    res: ServerResponse,
    match: RouteMatch | undefined,
    buffer: Buffer,
    path: string,
  ): Promise<SimResponse | undefined> {
    if (!match) return errorResponse(404, `Route not found: ${req.method} ${path}`);
    try {
      const now = state.options.now;
      const apiKey = req.headers['api-key'];
      const account = authenticate(
        state.accounts,
        Array.isArray(apiKey) ? apiKey.join(', ') : apiKey,
        req.headers.authorization !== undefined,
        now(),
      );
      const contentType = req.headers['content-type'] ?? '';
      const ctx: HandlerContext = {
        account,
        params: match.params,
        body: parseJsonBody(buffer, contentType),
        raw: buffer,
        contentType,
        state,
        now,
        wait: (ms) => pause(ms, res, lifetime),
      };
      return await handlers[match.route.name](ctx);
    } catch (error) {
      if (error instanceof ApiError) return error.toResponse();
      return errorResponse(500, `Simulator handler failed: ${errorMessage(error)}`);
    }
  }

  /** `/__simulator/*`: fault control, stats and reset for a simulator running in another process. */
  async function handleControl(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const body = await readBody(req);
    if (body.kind === 'aborted') return;
    const answer = (response: SimResponse) =>
      writeWhole(res, response.status, response.headers, Buffer.from(response.body));
    if (body.kind === 'too-large') return answer(errorResponse(413, 'Request body too large.'));
    const route = `${req.method} ${path.slice(CONTROL_PREFIX.length - 1)}`;
    try {
      switch (route) {
        case 'POST /faults': {
          const input = parseJsonBody(body.buffer, '');
          const { fault, route: target, times } = input;
          if (target !== undefined && typeof target !== 'string')
            throw new TypeError('route must be a string');
          if (times !== undefined && typeof times !== 'number') throw new TypeError('times must be a number');
          state.inject(fault as Fault, target, times);
          return answer(json(201, { message: 'Fault injected.' }));
        }
        case 'DELETE /faults':
          state.faults.clear();
          return answer(json(200, { message: 'Faults cleared.' }));
        case 'GET /stats':
          return answer(json(200, state.stats()));
        case 'POST /reset':
          state.reset();
          return answer(json(200, { message: 'Simulator reset to its seed state.' }));
        default:
          return answer(errorResponse(404, `Unknown simulator control route: ${req.method} ${path}`));
      }
    } catch (error) {
      if (error instanceof ApiError) return answer(error.toResponse());
      return answer(errorResponse(400, errorMessage(error)));
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith(CONTROL_PREFIX)) return handleControl(req, res, path);
    if (path === '/v1' || path.startsWith('/v1/')) return handleApi(req, res, path);
    req.resume();
    const response = errorResponse(404, `Not a Krastie API path: ${path}. Every route starts with /v1.`);
    writeWhole(res, response.status, response.headers, Buffer.from(response.body));
  }

  return createServer((req, res) => {
    // A write to a socket the client already closed must never become an uncaught error.
    res.on('error', () => {});
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const response = errorResponse(500, `Simulator failed: ${errorMessage(error)}`);
      writeWhole(res, response.status, { ...V1_HEADERS, ...response.headers }, Buffer.from(response.body));
    });
  });
}
