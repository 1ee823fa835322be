import { describe, expect, it } from "vitest";
import { conflictMarkerLines, threeWayMerge } from "../../../src/edit/three-way-merge.js";

describe("threeWayMerge", () => {
  it("applies the part's change on a base that changed other lines", () => {
    expect(threeWayMerge("a\nb\nc\n", "A\nb\nc\n", "a\nb\nC\n")).toEqual({ ok: true, text: "A\nb\nC\n" });
  });

  it("marks overlapping changes with both sides and the lines they started from", () => {
    const result = threeWayMerge("x = 1\n", "x = 2\n", "x = 3\n");
    expect(result).toEqual({ ok: false, marked: ["<<<<<<< new base", "x = 2", "||||||| old base", "x = 1", "=======", "x = 3", ">>>>>>> this part", ""].join("\n") });
  });

  it("takes the same change made on both sides once", () => {
    expect(threeWayMerge("a\n", "b\n", "b\n")).toEqual({ ok: true, text: "b\n" });
  });
});

describe("conflictMarkerLines", () => {
  it("finds git's and diff3's markers at the start of a line, and nothing else", () => {
    const text = ["<<<<<<< HEAD", "a", "||||||| base", "=======", "b", ">>>>>>> topic", "x <<<<<<< y", "========", "<<<<<<<"].join("\n");
    expect(conflictMarkerLines(text)).toEqual([1, 3, 4, 6, 9]);
  });
});
