import { Redis } from "ioredis";

export type RedisClient = Redis;

/**
 * A Redis client for the queue. BullMQ's workers block on Redis and need
 * `maxRetriesPerRequest: null`; the producer gives up after one reconnection, so a
 * webhook is answered with an error (and GitHub can redeliver it) when Redis is away.
 */
export function connectRedis(url: string, use: "worker" | "producer"): RedisClient {
  return new Redis(url, use === "worker" ? { maxRetriesPerRequest: null } : { maxRetriesPerRequest: 1 });
}
