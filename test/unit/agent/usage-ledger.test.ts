import { describe, expect, it } from "vitest";
import { MemoryUsageLedger } from "../../../src/agent/usage-ledger.js";

describe("the usage ledger in memory", () => {
  it("gives the day's last run to one of two jobs asking at once, and none once the dollars are spent", async () => {
    const ledger = new MemoryUsageLedger();
    const limits = { maxRuns: 1, maxUsd: 5 };
    const both = await Promise.all([ledger.reserveRun("o/r", "2026-11-27", limits), ledger.reserveRun("o/r", "2026-11-27", limits)]);
    expect(both.map((r) => r.reserved)).toEqual([true, false]);
    expect(await ledger.today("o/r", "2026-11-27")).toEqual({ runs: 1, costUsd: 0 });
    await ledger.addCost("o/other", "2026-11-27", 5);
    expect(await ledger.reserveRun("o/other", "2026-11-27", limits)).toEqual({ reserved: false, today: { runs: 0, costUsd: 5 } });
  });
});
