/**
 * Per-API-key state of the HTTP server. Each key gets its own KrastieClient (its keep-alive pool and
 * read cache, shared by that key's requests and never by another key's) and its own SpendingBudget
 * (KRASTIE_MAX_CREDITS / KRASTIE_MAX_REPORT_RUNS apply per key). Both live in bounded maps keyed by the
 * key's sha256; the key itself is held only in memory, by its client and pool entry, and never logged.
 */
import { createHash } from 'node:crypto';
import type { SpendingBudget } from '../budget.js';
import type { Config, ConfigWithoutKey } from '../config.js';
import type { KrastieClient } from '../krastie/client.js';
import type { Logger } from '../log.js';
import { createBudget, createClient } from '../runtime.js';

/** Clients kept for recently seen keys; one in use by a request is never closed. */
export const MAX_CLIENTS = 100;
/** Budgets are tiny; many are kept so a cap is not reset by eviction under ordinary load. */
export const MAX_BUDGETS = 10_000;

export interface Tenant {
  /** The first 8 hex digits of the key's sha256: enough to tell tenants apart in logs, useless to an attacker. */
  readonly id: string;
  readonly config: Config;
  readonly client: KrastieClient;
  readonly budget: SpendingBudget;
  /** Call once when the request is over. */
  release(): void;
}

interface ClientEntry {
  config: Config;
  client: KrastieClient;
  users: number;
}

export class TenantPool {
  readonly #config: ConfigWithoutKey;
  readonly #logger: Logger;
  readonly #clients = new Map<string, ClientEntry>();
  readonly #budgets = new Map<string, SpendingBudget>();

  constructor(config: ConfigWithoutKey, logger: Logger) {
    this.#config = config;
    this.#logger = logger;
  }

  get size(): number {
    return this.#clients.size;
  }

  acquire(apiKey: string): Tenant {
    const hash = createHash('sha256').update(apiKey).digest('hex');
    let entry = this.#clients.get(hash);
    if (entry) this.#clients.delete(hash);
    else {
      entry = {
        config: { ...this.#config, apiKey },
        client: createClient(this.#config, apiKey, this.#logger),
        users: 0,
      };
    }
    // Map order is the recency order: re-inserting marks the entry as most recently used.
    this.#clients.set(hash, entry);
    entry.users += 1;
    const budget = this.#budgetFor(hash);
    this.#trimClients();
    let released = false;
    const used = entry;
    return {
      id: hash.slice(0, 8),
      config: used.config,
      client: used.client,
      budget,
      release: () => {
        if (released) return;
        released = true;
        used.users -= 1;
        this.#trimClients();
      },
    };
  }

  /** Closes every client (their keep-alive connections); for shutdown. */
  async close(): Promise<void> {
    const clients = [...this.#clients.values()].map((entry) => entry.client);
    this.#clients.clear();
    await Promise.allSettled(clients.map((client) => client.close()));
  }

  #budgetFor(hash: string): SpendingBudget {
    let budget = this.#budgets.get(hash);
    if (budget) this.#budgets.delete(hash);
    else budget = createBudget(this.#config);
    this.#budgets.set(hash, budget);
    if (this.#budgets.size > MAX_BUDGETS) {
      // Forget a key that spent nothing first (e.g. one of many made-up keys), so that flooding the map
      // cannot reset a real tenant's cap; only if every key spent, the least recently used goes.
      let victim: string | undefined;
      for (const [candidate, kept] of this.#budgets) {
        if (candidate === hash) continue;
        victim ??= candidate;
        if (kept.spent('ai-credit') === 0 && kept.spent('report-refresh') === 0) {
          victim = candidate;
          break;
        }
      }
      if (victim !== undefined) this.#budgets.delete(victim);
    }
    return budget;
  }

  #trimClients(): void {
    if (this.#clients.size <= MAX_CLIENTS) return;
    for (const [hash, entry] of this.#clients) {
      if (this.#clients.size <= MAX_CLIENTS) break;
      if (entry.users > 0) continue;
      this.#clients.delete(hash);
      void entry.client.close().catch(() => {});
    }
  }
}
