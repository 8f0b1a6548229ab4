/**
 * Every Krastie route this project calls, in one table. The client and the simulator both read it,
 * so correcting a route is a one-line change here.
 *
 * `source`: `documented` — the method and path are in Krastie's public API reference;
 *           `assumed`    — not documented; our best reading (the README lists these).
 * `effect`: `read`    — safe to retry (a GET);
 *           `spend`   — costs an AI credit or a report refresh: never sent twice;
 *           `write`   — changes data: never sent twice.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type EndpointEffect = 'read' | 'spend' | 'write';

export interface Endpoint {
  readonly method: HttpMethod;
  /** Path template; `{name}` segments are filled by `endpointPath()`, each encoded as one segment. */
  readonly path: string;
  readonly source: 'documented' | 'assumed';
  readonly effect: EndpointEffect;
  /** What the credit or limit is, when `effect` is `spend`. */
  readonly cost?: 'ai-credit' | 'report-refresh';
}

const generate = '/v1/ai/generate';
const brandVoice = '/v1/ai/brand-voice';

export const endpoints = {
  runReport: {
    method: 'POST',
    path: `${generate}/seo-site-report`,
    source: 'documented',
    effect: 'spend',
    cost: 'report-refresh',
  },
  prefillReport: {
    method: 'POST',
    path: `${generate}/seo-site-report/prefill`,
    source: 'documented',
    effect: 'read',
  },
  getLatestReport: {
    method: 'GET',
    path: `${generate}/seo-site-report`,
    source: 'documented',
    effect: 'read',
  },
  getReportHistory: {
    method: 'GET',
    path: `${generate}/seo-site-report/history`,
    source: 'documented',
    effect: 'read',
  },
  getAssistantContext: {
    method: 'GET',
    path: `${generate}/assistant/context`,
    source: 'documented',
    effect: 'read',
  },
  generateText: {
    method: 'POST',
    path: `${generate}/text`,
    source: 'documented',
    effect: 'spend',
    cost: 'ai-credit',
  },
  chat: {
    method: 'POST',
    path: `${generate}/chat`,
    source: 'documented',
    effect: 'spend',
    cost: 'ai-credit',
  },
  improveContent: {
    method: 'POST',
    path: `${generate}/improve-content-{kind}`,
    source: 'assumed',
    effect: 'spend',
    cost: 'ai-credit',
  },
  getJob: { method: 'GET', path: `${generate}/jobs/{jobId}`, source: 'assumed', effect: 'read' },
  createBrandVoiceFromWebsite: {
    method: 'POST',
    path: `${generate}/brand-voice/website`,
    source: 'documented',
    effect: 'write',
  },
  createBrandVoiceFromText: {
    method: 'POST',
    path: `${generate}/brand-voice/text`,
    source: 'documented',
    effect: 'write',
  },
  createBrandVoiceFromFile: {
    method: 'POST',
    path: `${generate}/brand-voice/file`,
    source: 'documented',
    effect: 'write',
  },
  listBrandVoices: { method: 'GET', path: brandVoice, source: 'documented', effect: 'read' },
  getBrandVoice: { method: 'GET', path: `${brandVoice}/{id}`, source: 'documented', effect: 'read' },
  updateBrandVoice: { method: 'PUT', path: `${brandVoice}/{id}`, source: 'documented', effect: 'write' },
  deleteBrandVoice: { method: 'DELETE', path: `${brandVoice}/{id}`, source: 'documented', effect: 'write' },
} as const satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof endpoints;

/**
 * Fills a path template. Each value becomes exactly one encoded path segment, so an id such as
 * `../users/api-key` can never reach another route. Empty, `.` and `..` values are refused because
 * URL parsers collapse them even when percent-encoded.
 */
export function endpointPath(template: string, params: Readonly<Record<string, string>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`missing path parameter "${name}"`);
    if (!isPathSegmentValue(value)) throw new TypeError(`invalid path parameter "${name}"`);
    return encodeURIComponent(value);
  });
}

/**
 * False for values that cannot be one path segment: blank, `.` or `..` (also percent-encoded), and
 * text with a lone UTF-16 surrogate, which has no URL encoding.
 */
export function isPathSegmentValue(value: string): boolean {
  return !/^\s*$|^(\.|%2e){1,2}$/i.test(value) && !LONE_SURROGATE.test(value);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
