import { describe, expect, it } from "vitest";
import { mapLines, textLines } from "../../../src/edit/line-map.js";

describe("mapLines", () => {
  it("maps unchanged lines through an edit and pairs the changed runs", () => {
    const map = mapLines("a\nb\nc\nd\ne\n", "a\nB\nB2\nc\ne\nf\n");
    expect(map.hunks).toEqual([
      { oldStart: 1, oldEnd: 2, newStart: 1, newEnd: 3 },
      { oldStart: 3, oldEnd: 4, newStart: 4, newEnd: 4 },
      { oldStart: 5, oldEnd: 5, newStart: 5, newEnd: 6 },
    ]);
    expect([0, 1, 2, 3, 4].map((l) => map.newLineOf(l))).toEqual([0, null, 3, null, 4]);
    expect([0, 1, 2, 3, 4, 5].map((l) => map.isAdded(l))).toEqual([false, true, true, false, false, true]);
    expect(map.hunkOfOld(3)).toEqual({ oldStart: 3, oldEnd: 4, newStart: 4, newEnd: 4 });
  });

  it("treats a new file as all added, and CRLF lines like LF ones", () => {
    expect(mapLines(null, "x\ny\n").hunks).toEqual([{ oldStart: 0, oldEnd: 0, newStart: 0, newEnd: 2 }]);
    expect(mapLines("a\r\nb\r\n", "a\nb\n").hunks).toEqual([]);
    expect(textLines("a\r\nb")).toEqual(["a", "b"]);
    expect(textLines("")).toEqual([]);
  });
});

describe("mapLines on a rewrite too large to diff", () => {
  it("makes the changed middle one hunk, keeping the common ends", () => {
    const old = Array.from({ length: 9000 }, (_, i) => `old ${i}`);
    const fresh = Array.from({ length: 9000 }, (_, i) => `new ${i}`);
    const map = mapLines(["head", ...old, "tail"].join("\n") + "\n", ["head", ...fresh, "tail"].join("\n") + "\n");
    expect(map.hunks).toEqual([{ oldStart: 1, oldEnd: 9001, newStart: 1, newEnd: 9001 }]);
    expect(map.newLineOf(9001)).toBe(9001);
  });
});
