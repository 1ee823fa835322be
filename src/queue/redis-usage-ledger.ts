import type { UsageLedger } from "../agent/usage-ledger.js";
import { redisKeys, type RedisQueueSettings } from "./queue-settings.js";
import { connectRedis, type RedisClient } from "./redis-connection.js";

/** A day's counts are kept a little longer than the day itself. */
const KEEP_S = 2 * 24 * 3600;

/** Runs and spend per repository per UTC day in one Redis hash, shared by every worker. */
export class RedisUsageLedger implements UsageLedger {
  readonly #redis: RedisClient;
  readonly #key: (day: string, repo: string) => string;

  constructor(redis: RedisClient, settings: Pick<RedisQueueSettings, "prefix" | "name">) {
    this.#redis = redis;
    this.#key = redisKeys(settings).usage;
  }

  async today(repo: string, day: string): Promise<{ runs: number; costUsd: number }> {
    const [runs, cost] = await this.#redis.hmget(this.#key(day, repo), "runs", "costUsd");
    return { runs: Number(runs ?? 0), costUsd: Number(cost ?? 0) };
  }

  async addRun(repo: string, day: string): Promise<void> {
    const key = this.#key(day, repo);
    await this.#redis.multi().hincrby(key, "runs", 1).expire(key, KEEP_S).exec();
  }

  async addCost(repo: string, day: string, usd: number): Promise<void> {
    const key = this.#key(day, repo);
    await this.#redis.multi().hincrbyfloat(key, "costUsd", usd).expire(key, KEEP_S).exec();
  }
}

/** A ledger on a connection of its own, for a worker process. */
export function connectRedisUsageLedger(settings: RedisQueueSettings): { ledger: UsageLedger; close(): void } {
  const redis = connectRedis(settings.redisUrl, "producer");
  return { ledger: new RedisUsageLedger(redis, settings), close: () => redis.disconnect() };
}
