import { redact } from '../log.js';

/** Every way a call to Krastie can fail, as one typed error. User-facing wording lives in src/errors.ts. */
export type KrastieErrorKind =
  | 'auth' // 401: key missing, wrong, revoked or expired
  | 'plan' // 403: the plan has no API access, or the feature/model needs a higher plan
  | 'credits' // 403: monthly AI credits or another usage limit is used up
  | 'not_found' // 404
  | 'validation' // 400/413/422: Krastie refused the input
  | 'rate_limited' // 429: rate limit or report-refresh limit
  | 'upstream' // 5xx, or a body we cannot read (HTML, truncated, empty, oversized)
  | 'network' // no answer: connection refused, reset, DNS
  | 'timeout' // no answer within the time budget
  | 'cancelled'; // the caller (the MCP client) cancelled the call

export interface KrastieErrorInit {
  kind: KrastieErrorKind;
  message: string;
  status?: number;
  errCode?: number;
  /** Seconds until a retry makes sense (from Retry-After), when known. */
  retryAfter?: number;
  /** False only when the request provably never reached Krastie (so nothing can have been charged). */
  mayHaveReachedKrastie: boolean;
  /** Validation details Krastie sent (`data` of a 422), already sanitised. */
  details?: string[];
  /** Low-level code of a network failure, e.g. ECONNRESET, UND_ERR_CONNECT_TIMEOUT. */
  code?: string;
}

export class KrastieError extends Error {
  override readonly name = 'KrastieError';
  readonly kind: KrastieErrorKind;
  readonly status: number | undefined;
  readonly errCode: number | undefined;
  readonly retryAfter: number | undefined;
  readonly mayHaveReachedKrastie: boolean;
  readonly details: readonly string[];
  readonly code: string | undefined;
  /** How many requests were sent for this call before it failed (set by the HTTP layer). */
  attempts = 1;

  constructor(init: KrastieErrorInit) {
    super(init.message);
    this.kind = init.kind;
    this.status = init.status;
    this.errCode = init.errCode;
    this.retryAfter = init.retryAfter;
    this.mayHaveReachedKrastie = init.mayHaveReachedKrastie;
    this.details = init.details ?? [];
    this.code = init.code;
  }
}

const MAX_MESSAGE_CHARS = 300;

/**
 * Makes text from Krastie (or from a network stack) safe to show: no HTML, no control characters,
 * no secret, bounded length.
 */
export function sanitizeText(text: string, secrets: readonly string[] = []): string {
  // Markup goes first, so a key split by tags (krastie_<b>…</b>) is whole again when redacted.
  const plain = text
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<\/?(p|div|br|h[1-6]|li|ul|ol|tr|td|th|title|head|body|html|pre|center|hr)\b[^>]*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f]+/g, ' ');
  const clean = redact(plain, secrets).replace(/\s+/g, ' ').trim();
  return clean.length > MAX_MESSAGE_CHARS ? `${clean.slice(0, MAX_MESSAGE_CHARS - 1)}…` : clean;
}

/** 403 means either "your plan cannot do this" or "you used up a limit"; Krastie says which in words. */
export function classify403(message: string): 'plan' | 'credits' {
  return /credit|limit|usage|quota|exhaust|exceed|used up|reached/i.test(message) ? 'credits' : 'plan';
}

export function kindForStatus(status: number, message: string): KrastieErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return classify403(message);
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'upstream';
  return 'validation';
}

/** Reads `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
