import type { DayUsage, UsageLedger } from "../agent/usage-ledger.js";
import { redisKeys, type RedisQueueSettings } from "./queue-settings.js";
import { connectRedis, type RedisClient } from "./redis-connection.js";

/** A day's counts are kept a little longer than the day itself. */
const KEEP_S = 2 * 24 * 3600;

/** Counts a run only while the day has room, in one step no other worker can come between. */
const RESERVE = `
local runs = tonumber(redis.call("hget", KEYS[1], "runs") or "0")
local cost = redis.call("hget", KEYS[1], "costUsd") or "0"
if runs >= tonumber(ARGV[1]) or tonumber(cost) >= tonumber(ARGV[2]) then return {0, runs, cost} end
runs = redis.call("hincrby", KEYS[1], "runs", 1)
redis.call("expire", KEYS[1], ARGV[3])
return {1, runs, cost}
`;

/** Runs and spend per repository per UTC day in one Redis hash, shared by every worker. */
export class RedisUsageLedger implements UsageLedger {
  readonly #redis: RedisClient;
  readonly #key: (day: string, repo: string) => string;

  constructor(redis: RedisClient, settings: Pick<RedisQueueSettings, "prefix" | "name">) {
    this.#redis = redis;
    this.#key = redisKeys(settings).usage;
  }

  async today(repo: string, day: string): Promise<DayUsage> {
    const [runs, cost] = await this.#redis.hmget(this.#key(day, repo), "runs", "costUsd");
    return { runs: Number(runs ?? 0), costUsd: Number(cost ?? 0) };
  }

  async reserveRun(repo: string, day: string, limits: { maxRuns: number; maxUsd: number }): Promise<{ reserved: boolean; today: DayUsage }> {
    const reply = await this.#redis.eval(RESERVE, 1, this.#key(day, repo), String(limits.maxRuns), String(limits.maxUsd), String(KEEP_S));
    const [reserved, runs, cost] = Array.isArray(reply) ? reply : [];
    return { reserved: reserved === 1, today: { runs: Number(runs ?? 0), costUsd: Number(cost ?? 0) } };
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
