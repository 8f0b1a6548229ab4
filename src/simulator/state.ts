/**
 * Everything the simulator remembers between requests, in one object so reset() can put it all back
 * to the seed at once: accounts (credits, report runs, voices, sessions, reports), jobs, faults and
 * the request log.
 */
import { type Account, createAccount, SEEDED_ACCOUNTS } from './accounts.js';
import { type Fault, FaultStore } from './faults.js';
import { JobStore } from './jobs.js';

export interface RecordedRequest {
  readonly method: string;
  /** Raw path as received (still percent-encoded), without the query string. */
  readonly path: string;
  /** Route key (`METHOD /template`) or null when no route matched. */
  readonly route: string | null;
  /** Lowercased names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON, the raw text when it is not JSON, or undefined when empty / not read. */
  body: unknown;
  /** Status sent, or undefined when the connection ended before any response. */
  status: number | undefined;
  /** The client went away before the response was complete. */
  closedEarly: boolean;
}

/**
 * The request log keeps the most recent requests only, so a long-running `krastie-mcp simulate`
 * does not grow without bound (bodies can be up to 1 MB). Counts are kept separately and stay exact.
 */
export const MAX_LOGGED_REQUESTS = 5000;

export interface StateOptions {
  readonly reportDelayMs: number;
  readonly jobStepMs: number;
  readonly now: () => number;
}

export class SimulatorState {
  readonly accounts = new Map<string, Account>();
  readonly jobs: JobStore;
  readonly faults = new FaultStore();
  requests: RecordedRequest[] = [];
  private readonly counts = new Map<string, number>();
  private total = 0;
  private sequence = 0;

  constructor(
    readonly options: StateOptions,
    /** Valid fault targets: every route key of the endpoint table. */
    readonly routeKeys: readonly string[],
  ) {
    this.jobs = new JobStore(options.jobStepMs, options.now);
    this.reset();
  }

  reset(): void {
    const now = this.options.now();
    this.accounts.clear();
    for (const spec of SEEDED_ACCOUNTS) this.accounts.set(spec.key, createAccount(spec, now));
    this.jobs.reset();
    this.faults.clear();
    this.requests = [];
    this.counts.clear();
    this.total = 0;
    this.sequence = 0;
  }

  /** A fresh number for ids (brand voices, sessions); restarts at reset so ids are reproducible. */
  nextSequence(): number {
    this.sequence += 1;
    return this.sequence;
  }

  record(request: RecordedRequest): void {
    this.requests.push(request);
    if (this.requests.length > MAX_LOGGED_REQUESTS) this.requests.shift();
    this.total += 1;
    if (request.route !== null) this.counts.set(request.route, (this.counts.get(request.route) ?? 0) + 1);
  }

  requestCount(route?: string): number {
    return route === undefined ? this.total : (this.counts.get(route) ?? 0);
  }

  /** Arms a fault; throws TypeError for an unknown route or a malformed fault. */
  inject(fault: Fault, route?: string, times = Number.POSITIVE_INFINITY): void {
    if (route !== undefined && !this.routeKeys.includes(route)) {
      throw new TypeError(`unknown route "${route}"; use one of: ${this.routeKeys.join(', ')}`);
    }
    if (typeof times !== 'number' || Number.isNaN(times) || times < 0) {
      throw new TypeError('times must be a number ≥ 0');
    }
    this.faults.add(fault, route, times);
  }

  stats() {
    const requests: Record<string, number> = {};
    for (const key of this.routeKeys) requests[key] = this.requestCount(key);
    const credits: Record<string, number> = {};
    const reportRuns: Record<string, number> = {};
    for (const [key, account] of this.accounts) {
      credits[key] = account.creditsUsed;
      reportRuns[key] = account.reportRuns;
    }
    return { requests, credits, reportRuns };
  }
}
