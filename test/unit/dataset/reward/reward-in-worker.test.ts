import { describe, expect, it } from "vitest";
import { calculateSearchReplaceReward } from "../../../../src/dataset/reward/reward.js";
import { calculateSearchReplaceRewardInWorker, stringRatioInWorker } from "../../../../src/dataset/reward/reward-in-worker.js";
import { loadVectors, vectorsOf } from "../parity-vectors.js";

describe("reward in a worker thread", () => {
  it("gives the same result as on the main thread, __proto__ paths included", async () => {
    const vector = vectorsOf(loadVectors(), "reward").find((v) => v.name === "proto_and_object_paths");
    if (vector === undefined) throw new Error("vector proto_and_object_paths is missing");
    const here = calculateSearchReplaceReward(vector.code_context, vector.oracle_new_content, vector.output);
    const there = await calculateSearchReplaceRewardInWorker(vector.code_context, vector.oracle_new_content, vector.output);
    expect(there).toEqual({ kind: "done", value: here });
    expect(here.similarities?.map((s) => s.path)).toContain("__proto__");
  });

  it("computes a ratio", async () => {
    expect(await stringRatioInWorker("😀😁", "😀😂")).toEqual({ kind: "done", value: 0.5 });
    expect(await stringRatioInWorker("bbca", "acabba", { autojunk: false })).toEqual({ kind: "done", value: 0.6 });
  });

  it("terminates a comparison that would run for minutes and reports the deadline", async () => {
    // 200,000 distinct code points, and the same with a separator after each: every longest
    // match is one element at the left edge, so the recursion is 200,000 levels deep and costs
    // about 4 * 10^10 steps (n^2, measured at n = 1000 to 4000), twenty minutes or more of CPU.
    const a = Array.from({ length: 200_000 }, (_, i) => String.fromCodePoint(0x10000 + i)).join("");
    const b = Array.from(a, (c) => `${c}\u0001`).join("");
    expect(await stringRatioInWorker(a, b, { autojunk: false, timeoutMs: 2_000 })).toEqual({ kind: "timed-out", timeoutMs: 2_000 });
  });
});
