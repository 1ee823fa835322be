import type { ReplyLimiter } from "../agent/reply-limiter.js";
import { redisKeys, type RedisQueueSettings } from "./queue-settings.js";
import type { RedisClient } from "./redis-connection.js";

/** One key per reply, set only if absent and expiring with its window, so every worker agrees. */
export class RedisReplyLimiter implements ReplyLimiter {
  readonly #redis: RedisClient;
  readonly #key: (key: string) => string;

  constructor(redis: RedisClient, settings: Pick<RedisQueueSettings, "prefix" | "name">) {
    this.#redis = redis;
    this.#key = redisKeys(settings).reply;
  }

  async allow(key: string, windowS: number): Promise<boolean> {
    return (await this.#redis.set(this.#key(key), "1", "EX", windowS, "NX")) === "OK";
  }
}
