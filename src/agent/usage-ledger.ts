/** A repository's runs and spend on one UTC day. */
export interface DayUsage {
  runs: number;
  costUsd: number;
}

/** Runs and spend per repository per UTC day, shared by every job (and every worker, with Redis). */
export interface UsageLedger {
  today(repo: string, day: string): Promise<DayUsage>;
  /**
   * Counts one more run for the day if it has room (fewer than `maxRuns` runs and less than
   * `maxUsd` spent), as one atomic step for every job and worker sharing the ledger. Returns
   * whether it did, and the day's usage it decided on (with this run when reserved).
   */
  reserveRun(repo: string, day: string, limits: { maxRuns: number; maxUsd: number }): Promise<{ reserved: boolean; today: DayUsage }>;
  addCost(repo: string, day: string, usd: number): Promise<void>;
}

/** The ledger of one process. Each method changes the map without awaiting, so each is atomic. */
export class MemoryUsageLedger implements UsageLedger {
  readonly #days = new Map<string, DayUsage>();

  #entry(repo: string, day: string): DayUsage {
    const key = `${day} ${repo}`;
    let entry = this.#days.get(key);
    if (entry === undefined) {
      for (const k of this.#days.keys()) if (!k.startsWith(day)) this.#days.delete(k);
      entry = { runs: 0, costUsd: 0 };
      this.#days.set(key, entry);
    }
    return entry;
  }

  async today(repo: string, day: string): Promise<DayUsage> {
    return { ...this.#entry(repo, day) };
  }

  async reserveRun(repo: string, day: string, limits: { maxRuns: number; maxUsd: number }): Promise<{ reserved: boolean; today: DayUsage }> {
    const entry = this.#entry(repo, day);
    const reserved = entry.runs < limits.maxRuns && entry.costUsd < limits.maxUsd;
    if (reserved) entry.runs += 1;
    return { reserved, today: { ...entry } };
  }

  async addCost(repo: string, day: string, usd: number): Promise<void> {
    this.#entry(repo, day).costUsd += usd;
  }
}

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
