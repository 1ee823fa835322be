import { describe, expect, it } from "vitest";
import { parseEdits } from "../../../src/edit/parse.js";
import { CONFLICT_MARKERS, conflictMarkerLines, threeWayMerge } from "../../../src/edit/three-way-merge.js";

describe("threeWayMerge", () => {
  it("applies the part's change on a base that changed other lines", () => {
    expect(threeWayMerge("a\nb\nc\n", "A\nb\nc\n", "a\nb\nC\n")).toEqual({ ok: true, text: "A\nb\nC\n" });
  });

  it("marks overlapping changes with both sides and the lines they started from", () => {
    const result = threeWayMerge("x = 1\n", "x = 2\n", "x = 3\n");
    expect(result).toEqual({ ok: false, marked: [CONFLICT_MARKERS.newBase, "x = 2", CONFLICT_MARKERS.oldBase, "x = 1", CONFLICT_MARKERS.divider, "x = 3", CONFLICT_MARKERS.part, ""].join("\n") });
  });

  it("takes the same change made on both sides once", () => {
    expect(threeWayMerge("a\n", "b\n", "b\n")).toEqual({ ok: true, text: "b\n" });
  });

  it("marks regions that a SEARCH/REPLACE block can quote whole", () => {
    const result = threeWayMerge("x = 1\n", "x = 2\n", "x = 3\n");
    const marked = result.ok ? "" : result.marked.trimEnd();
    const block = ["```", "### a.py", "<<<<<<< SEARCH", marked, "=======", "x = 5", ">>>>>>> REPLACE", "```"].join("\n");
    expect(parseEdits(block)).toEqual({ edits: [{ path: "a.py", search: `${marked}\n`, replace: "x = 5\n" }], errors: [] });
  });
});

describe("conflictMarkerLines", () => {
  it("finds git's markers and ours at the start of a line, and nothing else", () => {
    const text = ["<<<<<<< HEAD", "a", "||||||| base", "=======", "b", ">>>>>>> topic", "x <<<<<<< y", CONFLICT_MARKERS.newBase, CONFLICT_MARKERS.divider, "<<<<<<"].join("\n");
    expect(conflictMarkerLines(text)).toEqual([1, 3, 4, 6, 8, 9]);
  });

  it("leaves a heading underline alone in a file without markers", () => {
    expect(conflictMarkerLines("Title\n=======\n\ntext\n")).toEqual([]);
  });
});
