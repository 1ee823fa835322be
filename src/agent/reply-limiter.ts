import type { Clock } from "../shared/clock.js";

/**
 * Keeps the app from answering the same thing over and over: `allow` is true at most once per key
 * and window, for every job (and every worker, with Redis) sharing the limiter.
 */
export interface ReplyLimiter {
  allow(key: string, windowS: number): Promise<boolean>;
}

/** The key of a reply to a person on an issue or pull request (logins and names compare case-insensitively). */
export function replyKey(repo: { owner: string; name: string }, issue: number, login: string): string {
  return `${repo.owner}/${repo.name}#${issue}@${login}`.toLowerCase();
}

/** The limiter of one process; it forgets keys whose window is over, and at most keeps `maxKeys`. */
export class MemoryReplyLimiter implements ReplyLimiter {
  readonly #until = new Map<string, number>();
  readonly #clock: Clock;
  readonly #maxKeys: number;

  constructor(clock: Clock, maxKeys = 10_000) {
    this.#clock = clock;
    this.#maxKeys = maxKeys;
  }

  async allow(key: string, windowS: number): Promise<boolean> {
    const now = this.#clock.now().getTime();
    const until = this.#until.get(key);
    if (until !== undefined && until > now) return false;
    this.#until.delete(key);
    if (this.#until.size >= this.#maxKeys) this.#forget(now);
    this.#until.set(key, now + windowS * 1000);
    return true;
  }

  /** Drops expired keys, then the oldest ones (a Map keeps insertion order) until there is room. */
  #forget(now: number): void {
    for (const [key, until] of this.#until) if (until <= now) this.#until.delete(key);
    for (const key of this.#until.keys()) {
      if (this.#until.size < this.#maxKeys) break;
      this.#until.delete(key);
    }
  }
}
