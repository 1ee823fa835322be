/** Runs and spend per repository per UTC day, shared by every job (and every worker, with Redis). */
export interface UsageLedger {
  today(repo: string, day: string): Promise<{ runs: number; costUsd: number }>;
  addRun(repo: string, day: string): Promise<void>;
  addCost(repo: string, day: string, usd: number): Promise<void>;
}

/** The ledger of one process. */
export class MemoryUsageLedger implements UsageLedger {
  readonly #days = new Map<string, { runs: number; costUsd: number }>();

  #entry(repo: string, day: string) {
    const key = `${day} ${repo}`;
    let entry = this.#days.get(key);
    if (entry === undefined) {
      for (const k of this.#days.keys()) if (!k.startsWith(day)) this.#days.delete(k);
      entry = { runs: 0, costUsd: 0 };
      this.#days.set(key, entry);
    }
    return entry;
  }

  async today(repo: string, day: string) {
    return { ...this.#entry(repo, day) };
  }

  async addRun(repo: string, day: string): Promise<void> {
    this.#entry(repo, day).runs += 1;
  }

  async addCost(repo: string, day: string, usd: number): Promise<void> {
    this.#entry(repo, day).costUsd += usd;
  }
}

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
