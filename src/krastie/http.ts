/**
 * The one place that talks HTTP to Krastie: auth header, per-attempt timeouts joined with the caller's
 * AbortSignal, retries for safe reads only, status → KrastieError, and lenient, size-capped body reading.
 */
import type { Dispatcher } from 'undici';
import { sleep } from '../abort.js';
import { type Logger, redact, secretOf, silentLogger } from '../log.js';
import { type Endpoint, endpointPath } from './endpoints.js';
import { KrastieError, kindForStatus, parseRetryAfter, sanitizeText } from './errors.js';

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface HttpOptions {
  baseUrl: string;
  apiKey: string;
  userAgent: string;
  /** Per-attempt timeout, covering connect, headers and body. */
  timeoutMs: number;
  /** Bodies larger than this are cut off while streaming and reported as an upstream error. */
  maxBodyBytes?: number;
  retry?: Partial<RetryPolicy>;
  logger?: Logger;
  /** Injected in tests (undici MockAgent); otherwise a keep-alive Agent is created on first use. */
  dispatcher?: Dispatcher;
  /** Injected in tests for deterministic backoff. */
  random?: () => number;
}

export interface CallOptions {
  signal?: AbortSignal | undefined;
  /** Overrides the per-attempt timeout (report runs take minutes). */
  timeoutMs?: number | undefined;
  /** Whole-call budget including retries and their waits; defaults to twice the per-attempt timeout. */
  budgetMs?: number | undefined;
}

export interface RequestSpec {
  params?: Readonly<Record<string, string>>;
  body?: unknown;
  /** multipart/form-data uploads pass a FormData instead of `body`. */
  form?: FormData;
}

export interface KrastieResponse {
  status: number;
  /** Parsed JSON, or undefined for an empty body (allowed only for data-changing calls). */
  body: unknown;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 2, baseDelayMs: 500, maxDelayMs: 8000 };
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Network failures that prove the request never left this machine, so even a credit-spending call is safe to resend. */
const NEVER_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const BODY_TOO_LARGE = 'BODY_TOO_LARGE';

/** A retry needs at least this much of the budget left to be worth sending. */
const MIN_ATTEMPT_MS = 100;

export class KrastieHttp {
  readonly #options: HttpOptions;
  readonly #origin: string;
  readonly #basePath: string;
  readonly #retry: RetryPolicy;
  readonly #maxBodyBytes: number;
  readonly #logger: Logger;
  #dispatcher: Promise<Dispatcher> | undefined;
  #warnedDeprecated = false;

  constructor(options: HttpOptions) {
    const base = new URL(options.baseUrl);
    this.#options = options;
    this.#origin = base.origin;
    this.#basePath = base.pathname.replace(/\/+$/, '');
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
    this.#maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.#logger = options.logger ?? silentLogger;
  }

  async request(
    endpoint: Endpoint,
    spec: RequestSpec = {},
    call: CallOptions = {},
  ): Promise<KrastieResponse> {
    const path = `${this.#basePath}${endpointPath(endpoint.path, spec.params)}`;
    const payload = await encodeBody(spec);
    const attemptTimeout = call.timeoutMs ?? this.#options.timeoutMs;
    const deadline = Date.now() + (call.budgetMs ?? attemptTimeout * 2);
    const safeToRepeat = endpoint.effect === 'read';

    // Whether any attempt so far may have reached Krastie: a cancel before the next one says so.
    let reached = false;
    for (let attempt = 0; ; attempt++) {
      if (call.signal?.aborted) throw cancelledError(reached);
      let failure: KrastieError;
      try {
        const remaining = deadline - Date.now();
        return await this.#attempt(endpoint, path, payload, call.signal, Math.min(attemptTimeout, remaining));
      } catch (error) {
        failure = this.#asKrastieError(error);
      }
      failure.attempts = attempt + 1;
      reached ||= failure.mayHaveReachedKrastie;
      const retryable =
        isTransient(failure) &&
        (safeToRepeat || !failure.mayHaveReachedKrastie) &&
        attempt < this.#retry.maxRetries;
      if (!retryable) throw failure;
      const wait = failure.retryAfter !== undefined ? failure.retryAfter * 1000 : this.#backoff(attempt);
      // A wait that would overrun the call's budget is not worth it: fail now; the error says when to retry.
      if (Date.now() + wait + MIN_ATTEMPT_MS >= deadline) throw failure;
      this.#logger.debug(
        `${endpoint.method} ${endpoint.path}: ${failure.kind}, retry ${attempt + 1} in ${wait} ms`,
      );
      if (!(await sleep(wait, call.signal))) throw cancelledError(reached);
    }
  }

  async close(): Promise<void> {
    const dispatcher = this.#dispatcher;
    this.#dispatcher = undefined;
    if (dispatcher) await (await dispatcher).close();
  }

  #getDispatcher(): Promise<Dispatcher> {
    if (this.#options.dispatcher) return Promise.resolve(this.#options.dispatcher);
    // undici is loaded on the first request, not at start-up: initialize and tools/list never need it.
    this.#dispatcher ??= import('./agent.js').then(
      ({ createAgent }) => createAgent(),
      (error: unknown) => {
        // Not cached: the next call tries again, and the failure surfaces as the bug it is.
        this.#dispatcher = undefined;
        throw new Error(`could not load the HTTP client: ${String(error)}`);
      },
    );
    return this.#dispatcher;
  }

  async #attempt(
    endpoint: Endpoint,
    path: string,
    payload: EncodedBody,
    signal: AbortSignal | undefined,
    timeoutMs: number,
  ): Promise<KrastieResponse> {
    const controller = new AbortController();
    let abortedBy: 'timeout' | 'cancel' | undefined;
    const abort = (by: 'timeout' | 'cancel') => {
      abortedBy ??= by;
      controller.abort();
    };
    const onCancel = () => abort('cancel');
    const timer = setTimeout(() => abort('timeout'), Math.max(1, timeoutMs));
    signal?.addEventListener('abort', onCancel, { once: true });
    try {
      const dispatcher = await this.#getDispatcher();
      const response = await dispatcher.request({
        origin: this.#origin,
        path,
        method: endpoint.method,
        headers: {
          'api-key': this.#options.apiKey,
          'user-agent': this.#options.userAgent,
          accept: 'application/json',
          ...payload.headers,
        },
        body: payload.body,
        signal: controller.signal,
        // Our own timer governs; undici's defaults (300 s) must not cut a long report short.
        headersTimeout: 0,
        bodyTimeout: 0,
      });
      this.#checkVersionHeaders(response.headers);
      const text = await readCapped(response.body, this.#maxBodyBytes);
      if (response.statusCode >= 400) throw this.#statusError(response.statusCode, response.headers, text);
      return { status: response.statusCode, body: this.#parseSuccess(endpoint, response.statusCode, text) };
    } catch (error) {
      if (abortedBy === 'cancel') throw cancelledError();
      if (abortedBy === 'timeout') {
        throw new KrastieError({
          kind: 'timeout',
          message: `no complete answer from Krastie within ${formatSeconds(timeoutMs)}`,
          mayHaveReachedKrastie: true,
        });
      }
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCancel);
    }
  }

  #parseSuccess(endpoint: Endpoint, status: number, raw: string): unknown {
    // Krastie should never send the key back; if it does (echoed into generated text), it stops here.
    const text = redactKey(raw, this.#options.apiKey);
    if (text.trim() === '') {
      // A data-changing call (e.g. DELETE) may legitimately answer with nothing.
      if (endpoint.effect === 'write' || status === 204) return undefined;
      throw unreadable(status, 'an empty body');
    }
    try {
      return JSON.parse(text);
    } catch {
      throw unreadable(
        status,
        looksLikeHtml(text) ? 'an HTML page instead of JSON' : 'a cut-off or invalid JSON body',
      );
    }
  }

  #statusError(status: number, headers: Headers, text: string): KrastieError {
    const secrets = [this.#options.apiKey];
    let error: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(text);
      if (isRecord(parsed)) error = parsed;
    } catch {
      // Not JSON: an HTML error page from a proxy, or nothing. Never shown raw.
    }
    const raw =
      typeof error.message === 'string' && error.message.trim() !== ''
        ? error.message
        : looksLikeHtml(text)
          ? `an HTML error page (HTTP ${status})`
          : `HTTP ${status}`;
    const message = sanitizeText(raw, secrets);
    return new KrastieError({
      kind: kindForStatus(status, message),
      message,
      status,
      errCode: typeof error.errCode === 'number' ? error.errCode : status,
      retryAfter: parseRetryAfter(headerValue(headers, 'retry-after')),
      mayHaveReachedKrastie: true,
      details: validationDetails(error.data, secrets),
    });
  }

  #asKrastieError(error: unknown): KrastieError {
    if (error instanceof KrastieError) return error;
    if (isAbortError(error)) return cancelledError();
    if (error instanceof Error && error.name === 'HTTPParserError') {
      // Whatever answered does not speak HTTP. The error's data holds the raw bytes: never shown.
      return new KrastieError({
        kind: 'upstream',
        message: 'the answer from KRASTIE_BASE_URL is not HTTP',
        mayHaveReachedKrastie: true,
      });
    }
    const code = networkCode(error);
    // No error code means not a network failure but a bug of ours: let it surface as one.
    if (code === undefined) throw error;
    return new KrastieError({
      kind: code === 'UND_ERR_CONNECT_TIMEOUT' ? 'timeout' : 'network',
      message: describeNetworkError(code),
      code,
      mayHaveReachedKrastie: !NEVER_SENT_CODES.has(code),
    });
  }

  #checkVersionHeaders(headers: Headers): void {
    if (this.#warnedDeprecated) return;
    const deprecated = headerValue(headers, 'deprecated');
    const version = headerValue(headers, 'api-version');
    if (deprecated?.trim().toLowerCase() === 'true' || (version !== undefined && version.trim() !== 'v1')) {
      this.#warnedDeprecated = true;
      this.#logger.warn(
        `Krastie marks this API as deprecated or changed (api-version: ${sanitizeText(version ?? 'unknown')}, ` +
          `deprecated: ${sanitizeText(deprecated ?? 'unknown')}). krastie-mcp speaks v1; look for a newer release.`,
      );
    }
  }

  #backoff(attempt: number): number {
    const base = Math.min(this.#retry.baseDelayMs * 2 ** attempt, this.#retry.maxDelayMs);
    // Up to 25 % jitter downwards, as the Anthropic SDK does, so clients do not retry in lockstep.
    return Math.round(base * (1 - (this.#options.random ?? Math.random)() * 0.25));
  }
}

type Headers = Record<string, string | string[] | undefined>;

function headerValue(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

interface EncodedBody {
  headers: Record<string, string>;
  body?: string | Buffer;
}

async function encodeBody(spec: RequestSpec): Promise<EncodedBody> {
  if (spec.form) {
    // Let the platform write the multipart boundary, then send the bytes through undici like any body.
    const encoded = new Response(spec.form);
    const type = encoded.headers.get('content-type') ?? 'multipart/form-data';
    return { headers: { 'content-type': type }, body: Buffer.from(await encoded.arrayBuffer()) };
  }
  if (spec.body === undefined) return { headers: {} };
  return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec.body) };
}

/** Reads a body as UTF-8 text, destroying the stream as soon as it passes `limit` bytes. */
async function readCapped(body: Dispatcher.ResponseData['body'], limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      body.destroy();
      throw new KrastieError({
        kind: 'upstream',
        message: `Krastie sent more than ${formatBytes(limit)}; the answer was cut off`,
        code: BODY_TOO_LARGE,
        mayHaveReachedKrastie: true,
      });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The key, and its secret part alone, replaced; JSON stays valid because a key has no quotes. */
function redactKey(text: string, apiKey: string): string {
  return text.includes(secretOf(apiKey)) ? redact(text, [apiKey]) : text;
}

function isTransient(error: KrastieError): boolean {
  if (error.kind === 'network' || error.kind === 'timeout' || error.kind === 'rate_limited') return true;
  if (error.kind !== 'upstream') return false;
  // An oversized body would only be sent again; everything else upstream (5xx, garbled) may pass.
  return error.code !== BODY_TOO_LARGE;
}

function looksLikeHtml(text: string): boolean {
  return /^\s*<(!doctype|html|head|body|\?xml)/i.test(text) || /<\/(html|body|h1|p)>/i.test(text);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validationDetails(data: unknown, secrets: string[]): string[] {
  if (!Array.isArray(data)) return [];
  return data.slice(0, 10).map((item) => {
    if (isRecord(item)) {
      const field = typeof item.field === 'string' ? `${item.field}: ` : '';
      const text = typeof item.message === 'string' ? item.message : JSON.stringify(item);
      return sanitizeText(`${field}${text}`, secrets);
    }
    return sanitizeText(String(item), secrets);
  });
}

function isAbortError(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'AbortError' || (error as { code?: string }).code === 'ABORT_ERR')
  );
}

/** undici nests the real cause (ECONNRESET, ECONNREFUSED…) one or two levels down. */
export function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && !code.startsWith('UND_ERR_SOCKET')) return code;
    current = (current as { cause?: unknown }).cause;
  }
  const top = (error as { code?: unknown } | undefined)?.code;
  return typeof top === 'string' ? top : undefined;
}

function describeNetworkError(code: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'the connection to Krastie was refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return "Krastie's host name could not be resolved";
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connecting to Krastie timed out';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection to Krastie closed before the answer was complete';
    default:
      return `the connection to Krastie failed (${code})`;
  }
}

function cancelledError(mayHaveReachedKrastie = true): KrastieError {
  return new KrastieError({ kind: 'cancelled', message: 'the call was cancelled', mayHaveReachedKrastie });
}

function unreadable(status: number, what: string): KrastieError {
  return new KrastieError({
    kind: 'upstream',
    message: `Krastie answered HTTP ${status} with ${what}`,
    status,
    mayHaveReachedKrastie: true,
  });
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
