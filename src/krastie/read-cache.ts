/**
 * A short-lived cache of free reads (report, history, workspace context, brand voices). An assistant
 * often reads the same report or history several times in one conversation; answering from memory is
 * instant, spares Krastie's rate limit, and costs nothing. Entries expire after `ttlMs`, and the whole
 * cache is dropped whenever this server changes something at Krastie, so it never shows our own stale
 * writes.
 */
export class ReadCache {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #entries = new Map<string, { value: unknown; expires: number }>();
  /** Bumped by clear(): a read that began before a change must not store what it got. */
  #generation = 0;

  constructor(ttlMs: number, maxEntries = 64) {
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
  }

  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.#ttlMs <= 0) return load();
    const hit = this.#entries.get(key);
    if (hit && hit.expires > Date.now()) return hit.value as T;
    const generation = this.#generation;
    const value = await load();
    if (generation !== this.#generation) return value;
    if (this.#entries.size >= this.#maxEntries)
      this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(key, { value, expires: Date.now() + this.#ttlMs });
    return value;
  }

  clear(): void {
    this.#generation++;
    this.#entries.clear();
  }
}
