/**
 * Fault injection: the failures a real network and a real API produce, on demand, so every failure
 * path of the client can be tested on purpose. A fault either replaces the request (status, resets,
 * echo-key: nothing processed, nothing charged) or changes how a processed response travels
 * (truncated, dripped, oversized, …: the handler ran and charged, then delivery goes wrong).
 */
import { type ServerResponse, STATUS_CODES } from 'node:http';
import { errorResponse, type SimResponse } from './responses.js';
import { drained, isGone, pause } from './wait.js';

export type Fault =
  | { kind: 'latency'; ms: number }
  | { kind: 'status'; status: number; retryAfter?: string; html?: boolean }
  | { kind: 'reset-before' }
  | { kind: 'reset-mid-body' }
  | { kind: 'truncated' }
  | { kind: 'empty' }
  | { kind: 'wrong-content-type' }
  | { kind: 'oversized'; bytes: number }
  | { kind: 'slow-drip'; intervalMs: number }
  | { kind: 'deprecated' }
  | { kind: 'echo-key'; status?: number };

export type FaultKind = Fault['kind'];

interface Rule {
  readonly fault: Fault;
  readonly route: string | undefined;
  remaining: number;
}

/** Armed faults in injection order; a request consumes the first one that matches its route. */
export class FaultStore {
  private rules: Rule[] = [];

  add(fault: Fault, route: string | undefined, times: number): void {
    if (times > 0) this.rules.push({ fault: parseFault(fault), route, remaining: times });
  }

  clear(): void {
    this.rules = [];
  }

  /** Fires (and uses up one of) the first fault for this route; `null` = a /v1 path with no route. */
  take(route: string | null): Fault | undefined {
    const rule = this.rules.find((r) => r.route === undefined || r.route === route);
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule.fault;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown, name: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new TypeError(`fault field "${name}" must be a number ≥ ${min}`);
  }
  return value;
}

function httpStatus(value: unknown, name: string): number {
  if (!Number.isInteger(value) || (value as number) < 400 || (value as number) > 599) {
    throw new TypeError(`fault field "${name}" must be an HTTP error status (400-599)`);
  }
  return value as number;
}

/** Validates a fault from untyped input (the HTTP control route, or a JS caller); throws TypeError. */
export function parseFault(value: unknown): Fault {
  if (!isRecord(value)) throw new TypeError('fault must be an object with a "kind"');
  switch (value.kind) {
    case 'latency':
      return { kind: 'latency', ms: count(value.ms, 'ms') };
    case 'status': {
      const fault: Fault = { kind: 'status', status: httpStatus(value.status, 'status') };
      if (value.retryAfter !== undefined) {
        if (typeof value.retryAfter !== 'string')
          throw new TypeError('fault field "retryAfter" must be a string');
        fault.retryAfter = value.retryAfter;
      }
      if (value.html !== undefined) fault.html = value.html === true;
      return fault;
    }
    case 'oversized':
      return { kind: 'oversized', bytes: count(value.bytes, 'bytes') };
    case 'slow-drip':
      return { kind: 'slow-drip', intervalMs: count(value.intervalMs, 'intervalMs') };
    case 'echo-key':
      return value.status === undefined
        ? { kind: 'echo-key' }
        : { kind: 'echo-key', status: httpStatus(value.status, 'status') };
    case 'reset-before':
    case 'reset-mid-body':
    case 'truncated':
    case 'empty':
    case 'wrong-content-type':
    case 'deprecated':
      return { kind: value.kind };
    default:
      throw new TypeError(`unknown fault kind ${JSON.stringify(value.kind)}`);
  }
}

/**
 * The response for faults that replace processing entirely; undefined for faults that let the
 * request be processed. `apiKey` is the header as received (echo-key repeats it on purpose, so a
 * client's redaction of error messages can be tested).
 */
export function replacementResponse(
  fault: Fault | undefined,
  apiKey: string | undefined,
): SimResponse | undefined {
  if (fault?.kind === 'echo-key') {
    const status = fault.status ?? 400;
    return errorResponse(status, `Request rejected for API key ${apiKey ?? '(none)'}: invalid request.`);
  }
  if (fault?.kind !== 'status') return undefined;
  const headers: Record<string, string> =
    fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter };
  const reason = STATUS_CODES[fault.status] ?? 'Error';
  if (!fault.html) return errorResponse(fault.status, `${reason}.`, undefined, headers);
  // What a gateway in front of the API sends: an HTML page, none of the API's own headers.
  const page = `<!DOCTYPE html>\n<html>\n<head><title>${fault.status} ${reason}</title></head>\n<body>\n<center><h1>${fault.status} ${reason}</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n`;
  return { status: fault.status, headers: { 'content-type': 'text/html', ...headers }, body: page };
}

/** Bytes per write for slow-drip: a few at a time. */
const DRIP_BYTES = 16;
/** Chunk size for oversized bodies: the 64 KiB a real server streams with. */
const OVERSIZED_CHUNK = 64 * 1024;

export interface Delivery {
  res: ServerResponse;
  response: SimResponse;
  fault: Fault | undefined;
  lifetime: AbortSignal;
  /** Called with the status actually sent, just before the headers go out. */
  onHead: (status: number) => void;
  /** Called just before the server itself cuts the connection (so it is not counted as the client's doing). */
  onServerReset: () => void;
}

/** Faults that answer 200 whatever the handler said (the body is what goes wrong). */
const ALWAYS_200: ReadonlySet<FaultKind> = new Set(['empty', 'truncated', 'oversized']);

/** Writes a processed response, altered by the fault (if any). */
export async function deliver(delivery: Delivery): Promise<void> {
  const { res, response, fault, lifetime, onServerReset } = delivery;
  delivery.onHead(fault && ALWAYS_200.has(fault.kind) ? 200 : response.status);
  const body = Buffer.from(response.body);
  const headers = { ...response.headers };
  const half = body.subarray(0, Math.floor(body.length / 2));
  switch (fault?.kind) {
    case 'deprecated':
      return writeWhole(res, response.status, { ...headers, deprecated: 'true', 'api-version': 'v2' }, body);
    case 'wrong-content-type':
      return writeWhole(res, response.status, { ...headers, 'content-type': 'text/plain' }, body);
    case 'empty':
      return writeWhole(res, 200, headers, Buffer.alloc(0));
    case 'truncated':
      return writeWhole(res, 200, { ...headers, 'content-type': 'application/json' }, half);
    case 'reset-mid-body':
      res.writeHead(response.status, { ...headers, 'content-length': String(body.length) });
      res.write(half, () => {
        onServerReset();
        res.destroy();
      });
      return;
    case 'slow-drip':
      return drip(res, response.status, headers, body, fault.intervalMs, lifetime);
    case 'oversized':
      return streamOversized(res, headers, fault.bytes, lifetime);
    default:
      return writeWhole(res, response.status, headers, body);
  }
}

export function writeWhole(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: Buffer,
) {
  res.writeHead(status, { ...headers, 'content-length': String(body.length) });
  res.end(body);
}

async function drip(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: Buffer,
  intervalMs: number,
  lifetime: AbortSignal,
): Promise<void> {
  res.writeHead(status, { ...headers, 'content-length': String(body.length) });
  res.flushHeaders();
  for (let offset = 0; offset < body.length; offset += DRIP_BYTES) {
    if (!(await pause(intervalMs, res, lifetime))) return;
    res.write(body.subarray(offset, offset + DRIP_BYTES));
  }
  res.end();
}

/**
 * Streams `bytes` of JSON-looking data without ever holding it: one reusable 64 KiB chunk, written
 * only when the socket has room, abandoned the moment the client leaves. No content-length, so a
 * client must count bytes as they arrive rather than trust a header.
 */
async function streamOversized(
  res: ServerResponse,
  headers: Record<string, string>,
  bytes: number,
  lifetime: AbortSignal,
): Promise<void> {
  res.writeHead(200, { ...headers, 'content-type': 'application/json' });
  const head = Buffer.from('{"message":"Generated AI successfully.","data":"');
  const tail = Buffer.from('"}');
  if (bytes <= head.length + tail.length) {
    res.end(Buffer.concat([head, tail]).subarray(0, bytes));
    return;
  }
  const filler = Buffer.alloc(OVERSIZED_CHUNK, 'lorem ipsum dolor sit amet ');
  let remaining = bytes - tail.length;
  let chunk: Buffer = head;
  while (remaining > 0) {
    if (isGone(res, lifetime)) return;
    const slice = chunk.subarray(0, Math.min(chunk.length, remaining));
    remaining -= slice.length;
    if (!res.write(slice) && !(await drained(res, lifetime))) return;
    chunk = filler;
  }
  res.end(tail);
}
