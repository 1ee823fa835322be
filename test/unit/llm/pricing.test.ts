import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL } from "../../../src/config/env.js";
import { costOf, DEFAULT_PRICES, priceFor } from "../../../src/llm/pricing.js";

const million = { inputTokens: 1_000_000, outputTokens: 1_000_000, cacheReadTokens: 1_000_000, cacheWriteTokens: 1_000_000 };

describe("model prices", () => {
  it("prices the server's default model", () => {
    expect(priceFor(DEFAULT_MODEL)).toMatchObject({ input: 2, output: 10, cacheRead: 0.1, cacheWrite: 2.5 });
  });

  it("prices Opus 4 and 4.1, aliases and dated snapshots, at their own rates, not Opus 4.5's", () => {
    for (const id of ["claude-opus-4-0", "claude-opus-4-20250514", "claude-opus-4-1", "claude-opus-4-1-20250805"]) {
      expect(priceFor(id), id).toEqual({ input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 });
    }
    for (const id of ["claude-opus-4-5", "claude-opus-4-5-20251101", "claude-opus-5"]) {
      expect(priceFor(id), id).toEqual({ input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 });
    }
  });

  it("matches whole model ids, never a family or version that merely starts the same", () => {
    for (const id of ["claude-opus-4-10", "claude-opus-4-1x", "claude-haiku-evil-opus", "claude-sonnet-5-5-evil", "claude-sonnet", "claude-opus", "llama-3", ""]) {
      expect(priceFor(id), id).toBeNull();
      expect(costOf(million, id), id).toBeNull();
    }
  });

  it("charges 5-minute cache writes at 1.25× input and cache reads at the table's rate", () => {
    expect(costOf(million, "claude-haiku-4-5-20251001")).toBeCloseTo(1 + 5 + 0.1 + 1.25, 10);
    expect(costOf(million, "claude-sonnet-4-6")).toBeCloseTo(3 + 15 + 0.3 + 3.75, 10);
    for (const [id, price] of Object.entries(DEFAULT_PRICES)) {
      if (id === "claude-3-haiku") continue; // its cache writes were priced at 1.2× input
      expect(price.cacheWrite, id).toBeCloseTo(price.input * 1.25, 10);
    }
  });

  it("prices a long Haiku 5.5 request at its long-prompt rate, all of its tokens", () => {
    const short = { inputTokens: 60_000, outputTokens: 1_000, cacheReadTokens: 40_000, cacheWriteTokens: 0 };
    expect(costOf(short, "claude-haiku-5-5")).toBeCloseTo((60_000 * 0.1 + 1_000 * 0.5 + 40_000 * 0.01) / 1e6, 12);
    const long = { ...short, cacheWriteTokens: 1 };
    expect(costOf(long, "claude-haiku-5-5")).toBeCloseTo((60_000 * 0.5 + 1_000 * 2.5 + 40_000 * 0.05 + 0.625) / 1e6, 12);
  });

  it("lets an operator's table add exact ids, and families with a trailing *", () => {
    const rate = { input: 1, output: 2, cacheRead: 0.1, cacheWrite: 1.25 };
    const table = { ...DEFAULT_PRICES, "gateway-model": rate, "claude-sonnet-*": { ...rate, input: 9 } };
    expect(priceFor("gateway-model", table)?.input).toBe(1);
    expect(priceFor("gateway-model-20260101", table)?.input).toBe(1);
    expect(priceFor("gateway-model-2", table)).toBeNull();
    expect(priceFor("claude-sonnet-9", table)?.input).toBe(9);
    expect(priceFor("claude-sonnet-5-5", table)?.input).toBe(2);
  });
});
