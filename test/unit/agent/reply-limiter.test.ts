import { describe, expect, it } from "vitest";
import { MemoryReplyLimiter, replyKey } from "../../../src/agent/reply-limiter.js";

describe("the reply limiter in memory", () => {
  it("allows a key once per window, and again after it", async () => {
    let now = Date.parse("2026-11-27T12:00:00Z");
    const limiter = new MemoryReplyLimiter({ now: () => new Date(now) });
    const key = replyKey({ owner: "o", name: "r" }, 1, "Stranger");
    expect(await limiter.allow(key, 3600)).toBe(true);
    expect(await limiter.allow(replyKey({ owner: "O", name: "R" }, 1, "stranger"), 3600)).toBe(false);
    expect(await limiter.allow(replyKey({ owner: "o", name: "r" }, 2, "stranger"), 3600)).toBe(true);
    now += 3599_000;
    expect(await limiter.allow(key, 3600)).toBe(false);
    now += 1_000;
    expect(await limiter.allow(key, 3600)).toBe(true);
  });

  it("keeps at most its number of keys, forgetting the oldest first", async () => {
    const limiter = new MemoryReplyLimiter({ now: () => new Date(0) }, 2);
    expect(await limiter.allow("a", 60)).toBe(true);
    expect(await limiter.allow("b", 60)).toBe(true);
    expect(await limiter.allow("c", 60)).toBe(true);
    expect(await limiter.allow("b", 60)).toBe(false);
    expect(await limiter.allow("c", 60)).toBe(false);
    expect(await limiter.allow("a", 60)).toBe(true);
  });
});
