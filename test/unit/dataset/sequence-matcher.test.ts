import { describe, expect, it } from "vitest";
import { SequenceMatcher } from "../../../src/dataset/sequence-matcher.js";
import { cappedStringRatio, codePoints, matchWork, stringRatio } from "../../../src/dataset/string-ratio.js";
import { generateUnifiedDiff } from "../../../src/dataset/unified-diff.js";

describe("SequenceMatcher", () => {
  it("counts code points, not UTF-16 units", () => {
    expect(stringRatio("😀😁", "😀😂")).toBe(0.5);
    expect(codePoints("a😀b")).toEqual(["a", "😀", "b"]);
  });

  it("keeps any element as a key, __proto__ included", () => {
    expect(new SequenceMatcher(["x", "__proto__"], ["__proto__", "y"]).ratio()).toBe(0.5);
  });

  it("applies autojunk to b only, from 200 elements, with a strict threshold", () => {
    expect(stringRatio("a".repeat(500), "b" + "a".repeat(499))).toBe(0);
    expect(stringRatio("a".repeat(500), "b" + "a".repeat(499), { autojunk: false })).toBe(0.998);
    expect(stringRatio("b" + "a".repeat(499), "a".repeat(10))).toBe(0.0392156862745098);
    const filler = (n: number): string[] => Array.from({ length: n }, (_, i) => `l${i}`);
    expect([...new SequenceMatcher([], ["x", "x", "x", ...filler(197)]).bpopular]).toEqual([]);
    expect([...new SequenceMatcher([], ["x", "x", "x", "x", ...filler(196)]).bpopular]).toEqual(["x"]);
    expect([...new SequenceMatcher([], ["x", "x", "x", "x", ...filler(195)]).bpopular]).toEqual([]);
    expect([...new SequenceMatcher([], ["x", "x", "x", "x", ...filler(196)], { autojunk: false }).bpopular]).toEqual([]);
  });

  it("is not symmetric", () => {
    expect(stringRatio("bbca", "acabba")).toBe(0.6);
    expect(stringRatio("acabba", "bbca")).toBe(0.4);
  });

  it("breaks ties at the earliest i, then the earliest j, and widens over junk last", () => {
    expect(new SequenceMatcher(codePoints(" abcd"), codePoints("abcd abcd")).findLongestMatch()).toEqual({ a: 0, b: 4, size: 5 });
    const junky = new SequenceMatcher(codePoints(" abcd"), codePoints("abcd abcd"), { isjunk: (c) => c === " " });
    expect(junky.findLongestMatch(0, 5, 0, 9)).toEqual({ a: 1, b: 0, size: 4 });
    expect(new SequenceMatcher(codePoints("xyzxyz"), codePoints("zxyzxy")).findLongestMatch()).toEqual({ a: 0, b: 1, size: 5 });
    expect(new SequenceMatcher(codePoints("ab"), codePoints("c")).findLongestMatch()).toEqual({ a: 0, b: 0, size: 0 });
  });

  it("gives 1.0 for two empty sequences and 0 against an empty one", () => {
    expect(stringRatio("", "")).toBe(1);
    expect(stringRatio("a", "")).toBe(0);
    expect(new SequenceMatcher(codePoints("a"), []).getOpcodes()).toEqual([{ tag: "delete", i1: 0, i2: 1, j1: 0, j2: 0 }]);
  });

  it("reuses its scratch across calls without leaking state between them", () => {
    const sm = new SequenceMatcher(codePoints("abcabc"), codePoints("bcab"));
    expect(sm.findLongestMatch(0, 3, 0, 4)).toEqual({ a: 0, b: 2, size: 2 });
    expect(sm.findLongestMatch(3, 6, 0, 4)).toEqual({ a: 3, b: 2, size: 2 });
    expect(sm.findLongestMatch(0, 6, 0, 4)).toEqual({ a: 1, b: 0, size: 4 });
  });
});

describe("generateUnifiedDiff", () => {
  it("emits hunks without file headers or a trailing newline", () => {
    expect(generateUnifiedDiff("a\nb\nc\n", "a\nB\nc\n")).toBe("@@ -1,3 +1,3 @@\n a\n-b\n+B\n c");
    expect(generateUnifiedDiff("", "x\n")).toBe("@@ -0,0 +1 @@\n+x");
  });

  it("ignores a final line break and CRLF versus LF, as splitlines() does", () => {
    expect(generateUnifiedDiff("a\nb", "a\nb\n")).toBe("");
    expect(generateUnifiedDiff("a\r\nb\r\n", "a\nb\n")).toBe("");
  });
});

describe("cappedStringRatio", () => {
  it("counts the first search level's equal pairs, popular elements excluded", () => {
    expect(matchWork("aab", "abb")).toBe(2 * 1 + 2);
    expect(matchWork("a".repeat(10), "a".repeat(300))).toBe(0);
    expect(matchWork("a".repeat(10), "a".repeat(300), { autojunk: false })).toBe(3000);
  });

  it("refuses as a value above the cap and computes below it", () => {
    expect(cappedStringRatio("abc", "abd", { maxWork: 1 })).toEqual({ kind: "too-large", work: 2, maxWork: 1 });
    expect(cappedStringRatio("abc", "abd", { maxWork: 2 })).toEqual({ kind: "ratio", ratio: 2 / 3 });
  });
});
