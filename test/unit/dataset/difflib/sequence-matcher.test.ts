import { describe, expect, it } from "vitest";
import { SequenceMatcher } from "../../../../src/dataset/difflib/sequence-matcher.js";
import { cappedStringRatio, codePoints, stringRatio } from "../../../../src/dataset/difflib/string-ratio.js";
import { generateUnifiedDiff } from "../../../../src/dataset/difflib/unified-diff.js";

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

describe("search strategies", () => {
  it("agree with each other on random sequences, sub-rectangles, junk and autojunk", () => {
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return Math.floor((seed / 4294967296) * n);
    };
    const alphabets = ["ab", "abc \n", "abcdefgh", "a😀b ", "xyz.()"].map((s) => Array.from(s));
    let compared = 0;
    for (let t = 0; t < 1500; t++) {
      const alphabet = alphabets[t % alphabets.length]!;
      const a = Array.from({ length: rand(t % 7 === 0 ? 400 : 60) }, () => alphabet[rand(alphabet.length)]!);
      const b = Array.from({ length: rand(t % 5 === 0 ? 400 : 60) }, () => alphabet[rand(alphabet.length)]!);
      if (t % 3 === 0) b.splice(0, b.length, ...a.slice(rand(5)), ...a.slice(0, rand(a.length + 1)));
      const alo = rand(a.length + 1);
      const ahi = alo + rand(a.length - alo + 1);
      const blo = rand(b.length + 1);
      const bhi = blo + rand(b.length - blo + 1);
      const isjunk = t % 4 === 0 ? (c: string) => c === " " : undefined;
      for (const autojunk of [true, false]) {
        const table = new SequenceMatcher(a, b, { autojunk, isjunk, strategy: "table" });
        const automaton = new SequenceMatcher(a, b, { autojunk, isjunk, strategy: "automaton" });
        expect(automaton.findLongestMatch(alo, ahi, blo, bhi)).toEqual(table.findLongestMatch(alo, ahi, blo, bhi));
        expect(automaton.getMatchingBlocks()).toEqual(table.getMatchingBlocks());
        compared++;
      }
    }
    expect(compared).toBe(3000);
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
  it("computes within the step budget and gives up, as a value, past it", () => {
    const a = "the quick brown fox jumps over the lazy dog ".repeat(20);
    const b = "the quick brown cat jumps over the lazy dog ".repeat(20);
    const matcher = new SequenceMatcher(codePoints(a), codePoints(b), { autojunk: false });
    const ratio = matcher.ratio();
    const used = matcher.stepsUsed();
    expect(used).toBeGreaterThan(0);
    expect(cappedStringRatio(a, b, { autojunk: false, maxSteps: used })).toEqual({ kind: "ratio", ratio });
    expect(cappedStringRatio(a, b, { autojunk: false, maxSteps: used - 1 })).toEqual({ kind: "too-large", maxSteps: used - 1 });
  });

  it("throws a typed error from the matcher itself", () => {
    const matcher = new SequenceMatcher(codePoints("abcabc"), codePoints("cbacba"), { maxSteps: 1 });
    expect(() => matcher.ratio()).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }) as Error);
  });
});
