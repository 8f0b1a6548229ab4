/** Small HTTP helpers for simulator tests: every call goes over real HTTP to the running simulator. */
import { request as httpRequest } from 'node:http';
import { endpointPath, endpoints } from '../../src/krastie/endpoints.js';
import type { Simulator } from '../../src/simulator/index.js';
import { route } from '../support/routes.js';
import { until } from '../support/wait.js';

export interface ApiResult {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test convenience for reading JSON bodies
  json: any;
}

export interface CallOptions {
  /** API key to send; null sends none. Default: the business key. */
  key?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function call(
  sim: Simulator,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<ApiResult> {
  const headers: Record<string, string> = { ...options.headers };
  const key = options.key === undefined ? sim.keys.business : options.key;
  if (key !== null) headers['api-key'] = key;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${sim.url}${path}`, { method, headers, body, signal: options.signal });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** `METHOD /template` for an endpoint, as the simulator counts and targets routes. */
export function routeKey(name: keyof typeof endpoints): string {
  return route(endpoints[name]);
}

export function pathOf(name: keyof typeof endpoints, params: Record<string, string> = {}): string {
  return endpointPath(endpoints[name].path, params);
}

/** Polls until `check` is true (server-side effects of a client abort land a moment later). */
export function eventually(check: () => boolean, timeoutMs = 2000): Promise<void> {
  return until(check, 'condition', timeoutMs);
}

export interface RawResult {
  status: number | undefined;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** How the exchange ended: normally, or with a socket error (e.g. ECONNRESET). */
  error: NodeJS.ErrnoException | undefined;
}

/** A request with node:http that reports resets and partial bodies instead of throwing. */
export function rawRequest(
  sim: Simulator,
  method: string,
  path: string,
  body?: unknown,
  key = sim.keys.business,
) {
  return new Promise<RawResult>((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const chunks: Buffer[] = [];
    let status: number | undefined;
    let headers: RawResult['headers'] = {};
    const done = (error?: NodeJS.ErrnoException) =>
      resolve({ status, headers, body: Buffer.concat(chunks), error });
    const req = httpRequest(
      `${sim.url}${path}`,
      {
        method,
        agent: false,
        headers: { 'api-key': key, ...(payload ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        status = res.statusCode;
        headers = res.headers;
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done());
        res.on('error', (error) => done(error));
        res.on('aborted', () => done(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
      },
    );
    req.on('error', (error) => done(error));
    req.end(payload);
  });
}

export const MODEL = 'gpt-4o';
