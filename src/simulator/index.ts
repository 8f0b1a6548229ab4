/**
 * The Krastie simulator: a real HTTP server on 127.0.0.1 that follows the Krastie API contract
 * (routes from src/krastie/endpoints.ts, plans, credits, refresh limits, jobs, brand voices) and can
 * inject faults on demand. Used by the tests, the demo and `krastie-mcp simulate`.
 */
import type { AddressInfo } from 'node:net';
import { SEEDED_KEYS, type SeededKeys } from './accounts.js';
import type { Fault } from './faults.js';
import { routeKeys } from './routing.js';
import { createSimulatorServer } from './server.js';
import { type RecordedRequest, SimulatorState } from './state.js';

export type { SeededKeys } from './accounts.js';
export { SEEDED_ACCOUNTS } from './accounts.js';
export type { Fault } from './faults.js';
export { DEFAULT_JOB_FAILURE } from './jobs.js';
export type { RecordedRequest } from './state.js';

export interface SimulatorOptions {
  /** Port to listen on; default 0 (any free port). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** How long POST seo-site-report takes before answering; default 4000. */
  reportDelayMs?: number;
  /** A job is queued for one step, active for the next, then completed; default 1500. */
  jobStepMs?: number;
  /** Clock for key expiry, dates and job stages; default Date.now. */
  now?: () => number;
}

export interface Simulator {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:4010. */
  readonly url: string;
  readonly keys: SeededKeys;
  /**
   * Arms a fault for requests to `route` (`METHOD /template` as in the endpoint table; omitted = every
   * /v1 request), for `times` requests (default: until cleared).
   */
  inject(fault: Fault, where?: { route?: string; times?: number }): void;
  clearFaults(): void;
  /** Requests received for a route key; no argument = all /v1 requests. */
  requestCount(route?: string): number;
  /** /v1 requests in arrival order (the most recent MAX_LOGGED_REQUESTS = 5000). */
  readonly requests: readonly RecordedRequest[];
  /** AI credits charged by requests since start (or reset). */
  creditsUsed(key: string): number;
  /** Report runs counted since start (or reset). */
  reportRunsUsed(key: string): number;
  /** The next created job ends 'failed' with this error. */
  failNextJob(message?: string): void;
  /** Counters, request log, faults, credits, sessions, jobs, reports and brand voices back to the seed. */
  reset(): void;
  /** Closes every socket (keep-alive ones too) and resolves. */
  close(): Promise<void>;
}

export const DEFAULT_REPORT_DELAY_MS = 4000;
export const DEFAULT_JOB_STEP_MS = 1500;

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  const state = new SimulatorState(
    {
      reportDelayMs: options.reportDelayMs ?? DEFAULT_REPORT_DELAY_MS,
      jobStepMs: options.jobStepMs ?? DEFAULT_JOB_STEP_MS,
      now: options.now ?? Date.now,
    },
    routeKeys(),
  );
  const lifetime = new AbortController();
  const server = createSimulatorServer(state, lifetime.signal);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;

  return {
    url,
    keys: SEEDED_KEYS,
    inject: (fault, where = {}) => state.inject(fault, where.route, where.times),
    clearFaults: () => state.faults.clear(),
    requestCount: (route) => state.requestCount(route),
    get requests() {
      return state.requests;
    },
    creditsUsed: (key) => state.accounts.get(key)?.creditsUsed ?? 0,
    reportRunsUsed: (key) => state.accounts.get(key)?.reportRuns ?? 0,
    failNextJob: (message) => state.jobs.failNext(message),
    reset: () => state.reset(),
    close() {
      closing ??= new Promise<void>((resolve) => {
        // Ends every pending delay and stream first, so nothing writes to the sockets being closed.
        lifetime.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
