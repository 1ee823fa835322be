import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { replyKey } from "../../src/agent/reply-limiter.js";
import { connectRedis } from "../../src/queue/redis-connection.js";
import { RedisReplyLimiter } from "../../src/queue/redis-reply-limiter.js";
import { deleteKeysUnder, hasRedis, keysUnder, REDIS_URL, testQueueSettings } from "../helpers/redis-test-queue.js";

const settings = testQueueSettings();
afterEach(async () => {
  await deleteKeysUnder(settings.prefix);
});

describe.skipIf(!hasRedis)("the reply limiter in Redis", () => {
  it("lets one of two workers answer a person on an issue, once per window, under the queue's prefix", async () => {
    const a = connectRedis(REDIS_URL, "producer");
    const b = connectRedis(REDIS_URL, "producer");
    try {
      const [la, lb] = [new RedisReplyLimiter(a, settings), new RedisReplyLimiter(b, settings)];
      const key = replyKey({ owner: "O", name: "R" }, 1, "Stranger");
      expect((await Promise.all([la.allow(key, 3600), lb.allow(key, 3600)])).sort()).toEqual([false, true]);
      expect(await la.allow(replyKey({ owner: "o", name: "r" }, 1, "stranger"), 3600)).toBe(false);
      expect(await lb.allow(replyKey({ owner: "o", name: "r" }, 2, "stranger"), 3600)).toBe(true);
      expect((await keysUnder(settings.prefix)).sort()).toEqual([`${settings.prefix}:jobs:reply:o/r#1@stranger`, `${settings.prefix}:jobs:reply:o/r#2@stranger`]);
      const redis = new Redis(REDIS_URL);
      try {
        const ttl = await redis.ttl(`${settings.prefix}:jobs:reply:o/r#1@stranger`);
        expect(ttl).toBeGreaterThan(3500);
        expect(ttl).toBeLessThanOrEqual(3600);
      } finally {
        redis.disconnect();
      }
    } finally {
      a.disconnect();
      b.disconnect();
    }
  });
});
