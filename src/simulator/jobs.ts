/**
 * Async generation jobs (`useWorker: true`). A job's stage is computed from the clock rather than
 * advanced by timers: queued for one step, active for the next, then completed (or failed). Tests move
 * an injected clock and see the stages change, with nothing left running when the simulator closes.
 */

export type JobStatus = 'queued' | 'active' | 'completed' | 'failed';

export interface JobView {
  jobId: string;
  status: JobStatus;
  data?: string;
  error?: string;
}

interface Job {
  readonly id: string;
  /** The key that created it: other keys get 404, as with any workspace resource. */
  readonly owner: string;
  readonly createdAt: number;
  readonly result: string;
  readonly failure: string | undefined;
}

/** Job ids are numeric strings, like the `"12345"` in Krastie's docs. */
const FIRST_JOB_ID = 12345;
export const DEFAULT_JOB_FAILURE = 'Generation failed: the model provider returned an error.';

export class JobStore {
  private readonly jobs = new Map<string, Job>();
  private nextId = FIRST_JOB_ID;
  private pendingFailure: string | undefined;

  constructor(
    private readonly stepMs: number,
    private readonly now: () => number,
  ) {}

  create(owner: string, result: string): string {
    const id = String(this.nextId++);
    this.jobs.set(id, { id, owner, createdAt: this.now(), result, failure: this.pendingFailure });
    this.pendingFailure = undefined;
    return id;
  }

  view(owner: string, id: string): JobView | undefined {
    const job = this.jobs.get(id);
    if (!job || job.owner !== owner) return undefined;
    const elapsed = this.now() - job.createdAt;
    if (elapsed < this.stepMs) return { jobId: id, status: 'queued' };
    if (elapsed < 2 * this.stepMs) return { jobId: id, status: 'active' };
    if (job.failure !== undefined) return { jobId: id, status: 'failed', error: job.failure };
    return { jobId: id, status: 'completed', data: job.result };
  }

  /** The next created job ends `failed` with this message. */
  failNext(message: string = DEFAULT_JOB_FAILURE): void {
    this.pendingFailure = message;
  }

  reset(): void {
    this.jobs.clear();
    this.nextId = FIRST_JOB_ID;
    this.pendingFailure = undefined;
  }
}
