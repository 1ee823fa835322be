import { describe, expect, it } from "vitest";
import { pythonSplitlines, pythonStrip } from "../../../src/dataset/difflib/python-text.js";
import { calculateReward, calculateSearchReplaceReward, type ChangeSimilarity } from "../../../src/dataset/reward/reward.js";
import { SequenceMatcher, type Match, type Opcode, type SearchStrategy } from "../../../src/dataset/difflib/sequence-matcher.js";
import { codePoints } from "../../../src/dataset/difflib/string-ratio.js";
import { generateUnifiedDiff, unifiedDiff } from "../../../src/dataset/difflib/unified-diff.js";
import { loadVectors, vectorsOf } from "./parity-vectors.js";

/**
 * Exact parity with CPython 3.11's difflib and the reference reward: ratios compare with ===;
 * rewards over several files within 1e-12 (Python sums them in hash-seeded set order).
 */
const vectors = loadVectors();
const STRATEGIES: SearchStrategy[] = ["auto", "table", "automaton"];

const triples = (blocks: readonly Match[]): number[][] => blocks.map((m) => [m.a, m.b, m.size]);
const tuples = (codes: readonly Opcode[]): (string | number)[][] => codes.map((c) => [c.tag, c.i1, c.i2, c.j1, c.j2]);

function expectSimilarities(actual: readonly ChangeSimilarity[], expected: Record<string, number>): void {
  const byPath = new Map(actual.map((s) => [s.path, s.similarity]));
  expect([...byPath.keys()].sort()).toEqual(Object.keys(expected).sort());
  for (const [path, similarity] of Object.entries(expected)) expect(byPath.get(path)).toBe(similarity);
}

function expectReward(actual: number, expected: number, files: number): void {
  if (files <= 1) expect(actual).toBe(expected);
  else expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12);
}

describe("parity vectors", () => {
  it("cover every kind, astral text, autojunk and the SWE-RL test scenarios", () => {
    const names = new Set(vectors.map((v) => v.name));
    for (const name of ["astral_pair", "popular_blocks_match_autojunk", "hunk_gap_6", "hunk_gap_7", "multifile_exact"]) {
      expect(names.has(name)).toBe(true);
    }
    const sizes = vectorsOf(vectors, "ratio").filter((v) => codePoints(v.b).length >= 200 && v.autojunk);
    expect(sizes.some((v) => v.expected.popular.length > 0)).toBe(true);
  });

  describe.each(STRATEGIES)("character-level SequenceMatcher, %s search", (strategy) => {
    it.each(vectorsOf(vectors, "ratio").map((v) => [v.name, v] as const))("%s", (_name, v) => {
      const sm = new SequenceMatcher(codePoints(v.a), codePoints(v.b), { autojunk: v.autojunk, strategy });
      expect(sm.ratio()).toBe(v.expected.ratio);
      expect(triples(sm.getMatchingBlocks())).toEqual(v.expected.blocks);
      expect(tuples(sm.getOpcodes())).toEqual(v.expected.opcodes);
      expect(sm.quickRatio()).toBe(v.expected.quick_ratio);
      expect(sm.realQuickRatio()).toBe(v.expected.real_quick_ratio);
      expect([...sm.bpopular].sort()).toEqual([...v.expected.popular].sort());
    });
  });

  describe.each(STRATEGIES)("find_longest_match on sub-rectangles, with isjunk, %s search", (strategy) => {
    it.each(vectorsOf(vectors, "longest").map((v) => [v.name, v] as const))("%s", (_name, v) => {
      const junk = v.junk_chars;
      const isjunk = junk === null ? undefined : (c: string) => junk.includes(c);
      const sm = new SequenceMatcher(codePoints(v.a), codePoints(v.b), { autojunk: v.autojunk, isjunk, strategy });
      const m = sm.findLongestMatch(v.alo, v.ahi, v.blo, v.bhi);
      expect([m.a, m.b, m.size]).toEqual(v.expected.match);
      expect(sm.ratio()).toBe(v.expected.ratio);
      expect(triples(sm.getMatchingBlocks())).toEqual(v.expected.blocks);
    });
  });

  describe.each(STRATEGIES)("line-level SequenceMatcher, %s search", (strategy) => {
    it.each(vectorsOf(vectors, "lines").map((v) => [v.name, v] as const))("%s", (_name, v) => {
      const junk = v.junk_lines;
      const isjunk = junk === null ? undefined : (line: string) => junk.includes(line);
      const sm = new SequenceMatcher(v.a_lines, v.b_lines, { autojunk: v.autojunk, isjunk, strategy });
      expect(sm.ratio()).toBe(v.expected.ratio);
      expect(triples(sm.getMatchingBlocks())).toEqual(v.expected.blocks);
      expect(tuples(sm.getOpcodes())).toEqual(v.expected.opcodes);
      expect(sm.getGroupedOpcodes(v.n).map(tuples)).toEqual(v.expected.grouped);
      expect([...sm.bpopular].sort()).toEqual([...v.expected.popular].sort());
      expect([...sm.bjunk].sort()).toEqual([...v.expected.junk].sort());
      const diff = unifiedDiff(v.a_lines, v.b_lines, { fromfile: "a.py", tofile: "b.py", lineterm: "", n: v.n });
      expect(diff).toEqual(v.expected.unified);
    });
  });

  describe("str.splitlines and str.strip", () => {
    it.each(vectorsOf(vectors, "splitlines").map((v) => [v.name, v] as const))("splitlines %s", (_name, v) => {
      expect(pythonSplitlines(v.text)).toEqual(v.expected);
    });
    it.each(vectorsOf(vectors, "strip").map((v) => [v.name, v] as const))("strip %s", (_name, v) => {
      expect(pythonStrip(v.text)).toBe(v.expected);
    });
  });

  describe("generate_unified_diff", () => {
    it.each(vectorsOf(vectors, "patch").map((v) => [v.name, v] as const))("%s", (_name, v) => {
      expect(generateUnifiedDiff(v.old, v.new)).toBe(v.expected.patch);
    });
  });

  describe("calculate_search_replace_reward", () => {
    it.each(vectorsOf(vectors, "reward").map((v) => [v.name, v] as const))("%s", (_name, v) => {
      const result = calculateSearchReplaceReward(v.code_context, v.oracle_new_content, v.output);
      expect(result.error).toBe(v.expected.error);
      const expectedSimilarities = v.expected.similarities;
      if (expectedSimilarities === null) {
        expect(result.reward).toBe(-1);
        expect(result.similarities).toBeUndefined();
        return;
      }
      expectSimilarities(result.similarities ?? [], expectedSimilarities);
      expectReward(result.reward, v.expected.reward, Object.keys(expectedSimilarities).length);
      expect(result.thought).toBe(v.expected.thought);
      expect(result.answer).toBe(v.expected.answer);
    });
  });

  describe("calculate_reward", () => {
    it.each(vectorsOf(vectors, "calculate_reward").map((v) => [v.name, v] as const))("%s", (_name, v) => {
      const result = calculateReward(v.code_context, v.oracle_new_content, v.pred_new_content);
      expectSimilarities(result.similarities, v.expected.similarities);
      expectReward(result.reward, v.expected.reward, Object.keys(v.expected.similarities).length);
    });
  });
});
