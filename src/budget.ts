/**
 * A spending cap per server process (or, over HTTP, per API key): after N credit-spending calls, further
 * ones are refused before anything is sent, so an agent stuck in a loop cannot drain the month's credits.
 * A unit is reserved before the call (so concurrent calls cannot overshoot) and kept when the call
 * succeeded or may have been charged; it is given back when Krastie provably charged nothing.
 */
export type SpendKind = 'ai-credit' | 'report-refresh';

export interface BudgetLimits {
  /** KRASTIE_MAX_CREDITS; undefined = no cap. */
  'ai-credit'?: number | undefined;
  /** KRASTIE_MAX_REPORT_RUNS; undefined = no cap. */
  'report-refresh'?: number | undefined;
}

export interface Reservation {
  /** The call succeeded or may have been charged: the unit stays spent. */
  keep(): void;
  /** Nothing was charged: the unit is available again. */
  release(): void;
}

export class BudgetExceededError extends Error {
  override readonly name = 'BudgetExceededError';
  constructor(
    readonly kind: SpendKind,
    readonly limit: number,
  ) {
    const what =
      kind === 'ai-credit'
        ? `the credit budget of this server is used up (KRASTIE_MAX_CREDITS / --max-credits = ${limit} credit-spending calls)`
        : `the report budget of this server is used up (KRASTIE_MAX_REPORT_RUNS / --max-report-runs = ${limit} report runs)`;
    super(
      `Refused: ${what}. Nothing was sent to Krastie. Tell the user; to allow more, they raise the limit in the MCP ` +
        'client configuration and restart the server.',
    );
  }
}

const NOTHING: Reservation = { keep() {}, release() {} };

export class SpendingBudget {
  readonly #limits: BudgetLimits;
  readonly #spent = new Map<SpendKind, number>();

  constructor(limits: BudgetLimits = {}) {
    this.#limits = limits;
  }

  spent(kind: SpendKind): number {
    return this.#spent.get(kind) ?? 0;
  }

  /** Reserves one unit, or throws BudgetExceededError when the cap is reached. Free calls reserve nothing. */
  reserve(kind: SpendKind | undefined): Reservation {
    if (kind === undefined) return NOTHING;
    const limit = this.#limits[kind];
    const spent = this.spent(kind);
    if (limit !== undefined && spent >= limit) throw new BudgetExceededError(kind, limit);
    this.#spent.set(kind, spent + 1);
    let settled = false;
    return {
      keep: () => {
        settled = true;
      },
      release: () => {
        if (settled) return;
        settled = true;
        this.#spent.set(kind, this.spent(kind) - 1);
      },
    };
  }
}
