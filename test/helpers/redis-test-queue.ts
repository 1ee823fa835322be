import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import type { RedisQueueSettings } from "../../src/queue/queue-settings.js";

export const REDIS_URL = process.env.REDIS_URL ?? "";
/** Tests that need Redis run when REDIS_URL is set (CI's .ci/run sets it). */
export const hasRedis = REDIS_URL !== "";

/** Settings with a prefix of its own, so parallel test runs never share keys; short timings. */
export function testQueueSettings(overrides: Partial<RedisQueueSettings> = {}): RedisQueueSettings {
  return {
    redisUrl: REDIS_URL,
    name: "jobs",
    prefix: `stacksmith-test-${randomUUID().slice(0, 8)}`,
    lockMs: 2_000,
    stalledIntervalMs: 1_000,
    maxStalled: 1,
    attempts: 2,
    retryDelayMs: 50,
    busyDelayMs: 200,
    ...overrides,
  };
}

/** Every key under the prefix. */
export async function keysUnder(prefix: string): Promise<string[]> {
  const redis = new Redis(REDIS_URL);
  try {
    const keys: string[] = [];
    let cursor = "0";
    do {
      const [next, batch] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== "0");
    return keys;
  } finally {
    redis.disconnect();
  }
}

/** Deletes every key under the prefix. */
export async function deleteKeysUnder(prefix: string): Promise<void> {
  const keys = await keysUnder(prefix);
  if (keys.length === 0) return;
  const redis = new Redis(REDIS_URL);
  try {
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
  } finally {
    redis.disconnect();
  }
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
