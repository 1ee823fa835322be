import { randomUUID } from "node:crypto";
import type { Logger } from "../shared/logger.js";
import type { RedisClient } from "./redis-connection.js";

/** Extends the lock only while we still hold it. */
const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
/** Deletes the lock only while we still hold it. */
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export interface HeldLock {
  release(): Promise<void>;
}

export interface RedisIssueLocksOptions {
  redis: RedisClient;
  keyOf: (issueKey: string) => string;
  /** The lock expires this long after its last renewal; it is renewed every third of it. */
  ttlMs: number;
  log: Logger;
}

/**
 * One run per issue across every worker: a Redis key per issue holding a random token,
 * set with NX and a TTL, renewed while the run goes on. A worker that dies stops renewing,
 * so its lock expires and the job's retry can take the issue.
 */
export class RedisIssueLocks {
  readonly #opts: RedisIssueLocksOptions;

  constructor(options: RedisIssueLocksOptions) {
    this.#opts = options;
  }

  /** The lock, or null when another run holds the issue. */
  async acquire(issueKey: string): Promise<HeldLock | null> {
    const { redis, ttlMs, log } = this.#opts;
    const key = this.#opts.keyOf(issueKey);
    const token = randomUUID();
    const set = await redis.set(key, token, "PX", ttlMs, "NX");
    if (set !== "OK") return null;
    const timer = setInterval(() => {
      redis.eval(RENEW, 1, key, token, String(ttlMs)).then(
        (renewed) => {
          if (renewed !== 1) log.warn({ issue: issueKey }, "issue lock lost before the run ended");
        },
        (err: unknown) => log.warn({ err, issue: issueKey }, "issue lock renewal failed"),
      );
    }, Math.max(1, Math.floor(ttlMs / 3)));
    timer.unref();
    return {
      release: async () => {
        clearInterval(timer);
        await redis.eval(RELEASE, 1, key, token);
      },
    };
  }
}
