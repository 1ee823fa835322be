import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { connectRedisUsageLedger } from "../../src/queue/redis-usage-ledger.js";
import { deleteKeysUnder, hasRedis, keysUnder, REDIS_URL, testQueueSettings } from "../helpers/redis-test-queue.js";

const settings = testQueueSettings();
afterEach(async () => {
  await deleteKeysUnder(settings.prefix);
});

describe.skipIf(!hasRedis)("the usage ledger in Redis", () => {
  it("counts runs and spend per repository and day across workers, and forgets old days", async () => {
    const a = connectRedisUsageLedger(settings);
    const b = connectRedisUsageLedger(settings);
    try {
      expect(await a.ledger.today("o/r", "2026-11-27")).toEqual({ runs: 0, costUsd: 0 });
      const room = { maxRuns: 10, maxUsd: 10 };
      await a.ledger.reserveRun("o/r", "2026-11-27", room);
      await b.ledger.reserveRun("o/r", "2026-11-27", room);
      await a.ledger.addCost("o/r", "2026-11-27", 0.25);
      await b.ledger.addCost("o/r", "2026-11-27", 1.5);
      await b.ledger.reserveRun("o/other", "2026-11-27", room);
      await b.ledger.reserveRun("o/r", "2026-11-28", room);
      expect(await b.ledger.today("o/r", "2026-11-27")).toEqual({ runs: 2, costUsd: 1.75 });
      expect(await a.ledger.today("o/other", "2026-11-27")).toEqual({ runs: 1, costUsd: 0 });
      expect(await a.ledger.today("o/r", "2026-11-28")).toEqual({ runs: 1, costUsd: 0 });

      const keys = await keysUnder(settings.prefix);
      expect(keys.sort()).toEqual([
        `${settings.prefix}:jobs:usage:2026-11-27:o/other`,
        `${settings.prefix}:jobs:usage:2026-11-27:o/r`,
        `${settings.prefix}:jobs:usage:2026-11-28:o/r`,
      ]);
      const redis = new Redis(REDIS_URL);
      try {
        for (const key of keys) expect(await redis.ttl(key)).toBeGreaterThan(24 * 3600);
      } finally {
        redis.disconnect();
      }
    } finally {
      a.close();
      b.close();
    }
  });

  it("gives the day's last run to one of two workers asking at once, and none once the dollars are spent", async () => {
    const a = connectRedisUsageLedger(settings);
    const b = connectRedisUsageLedger(settings);
    try {
      const limits = { maxRuns: 1, maxUsd: 5 };
      const both = await Promise.all([a.ledger.reserveRun("o/r", "2026-11-27", limits), b.ledger.reserveRun("o/r", "2026-11-27", limits)]);
      expect(both.map((r) => r.reserved).sort()).toEqual([false, true]);
      expect(both.find((r) => !r.reserved)?.today).toEqual({ runs: 1, costUsd: 0 });
      expect(await a.ledger.today("o/r", "2026-11-27")).toEqual({ runs: 1, costUsd: 0 });

      await a.ledger.addCost("o/r", "2026-11-28", 5);
      expect(await b.ledger.reserveRun("o/r", "2026-11-28", limits)).toEqual({ reserved: false, today: { runs: 0, costUsd: 5 } });
    } finally {
      a.close();
      b.close();
    }
  });
});
