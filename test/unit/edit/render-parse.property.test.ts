import { describe, expect, it } from "vitest";
import { applyEdits } from "../../../src/edit/apply.js";
import { parseEdits } from "../../../src/edit/parse.js";
import { renderEdits } from "../../../src/edit/render-edits.js";
import type { ApplyResult, Edit, FileState } from "../../../src/edit/types.js";
import { randomLines, seededRandom, toFile, type Random } from "./seeded-random.js";

const PATHS = ["a.py", "pkg/b.py", "new.py"];

/** Edits of every kind: exact slices, re-indented, blank-led, elided, absent, empty, deleting, identical. */
function randomEdit(random: Random, files: ReadonlyMap<string, string[]>, eol: "\n" | "\r\n"): Edit {
  const text = (lines: readonly string[]): string => lines.map((line) => `${line}${eol}`).join("");
  // With CRLF text, only existing files that are never deleted: a new file has no line
  // endings for LF text to adapt to.
  const crlf = eol === "\r\n";
  const path = random.pick(crlf ? PATHS.slice(0, 2) : PATHS);
  const lines = files.get(path) ?? [];
  const replace = randomLines(random, random.int(4) + (crlf ? 1 : 0));
  const start = random.int(Math.max(1, lines.length));
  const slice = lines.slice(start, start + 1 + random.int(4));
  switch (random.int(9)) {
    case 0:
    case 1:
      return { path, search: text(slice), replace: text(replace) };
    case 2:
      return { path, search: text(slice.map((line) => (line === "" ? line : `  ${line}`))), replace: text(replace) };
    case 3:
      return { path, search: text(["", ...slice]), replace: text(["", ...replace]) };
    case 4: {
      const end = lines.slice(start + 2, start + 4);
      return { path, search: text([...slice.slice(0, 1), "...", ...end]), replace: text([...replace.slice(0, 1), "...", ...end]) };
    }
    case 5:
      return { path, search: text(randomLines(random, 2)), replace: text(replace) };
    case 6:
      return { path, search: "", replace: text(replace) };
    case 7:
      return crlf ? { path, search: text(slice), replace: text(["pass"]) } : { path, search: text(lines), replace: "" };
    default:
      return { path, search: text(slice), replace: text(slice) };
  }
}

function summary(result: ApplyResult): unknown {
  return {
    outcomes: result.outcomes.map((o) => (o.status === "applied" ? o.strategy : o.failure.kind)),
    changes: [...result.changes],
  };
}

function randomCase(random: Random, eol: "\n" | "\r\n"): { files: Map<string, FileState>; edits: Edit[] } {
  const lines = new Map(PATHS.slice(0, 2).map((path) => [path, randomLines(random, 1 + random.int(12))]));
  // A CRLF file always ends with a newline here: at a last line without one, byte-exact and
  // line-ending-tolerant matching legitimately differ (the text format cannot say "no newline").
  const finalNewline = (): boolean => eol === "\r\n" || random.chance(0.8);
  const files = new Map<string, FileState>([...lines].map(([path, l]) => [path, { kind: "text", content: toFile(l, eol, finalNewline()) }]));
  // Some LF texts lose their final newline, as edits for a file's unterminated last line do.
  const chop = (t: string): string => (eol === "\n" && random.chance(0.1) ? t.replace(/\n$/, "") : t);
  const edits = Array.from({ length: 1 + random.int(4) }, () => randomEdit(random, lines, eol)).map((e) => ({ ...e, search: chop(e.search), replace: chop(e.replace) }));
  return { files, edits };
}

const open = { isProtected: () => false };

describe("property: applying the parsed rendering equals applying the edits", () => {
  it("holds for 500 random model-style answers (LF text), and parsing gives the edits back", () => {
    const random = seededRandom(20240611);
    let fallbacks = 0;
    for (let round = 0; round < 500; round++) {
      const { files, edits } = randomCase(random, "\n");
      const parsed = parseEdits(renderEdits(edits, { language: "python" }));
      expect(parsed.errors).toEqual([]);
      expect(parsed.edits).toEqual(edits);
      const direct = applyEdits(edits, files, open);
      expect(summary(applyEdits(parsed.edits, files, open))).toEqual(summary(direct));
      fallbacks += direct.outcomes.filter((o) => o.status === "applied" && o.strategy !== "exact").length;
    }
    expect(fallbacks).toBeGreaterThan(50);
  });

  it("holds for 500 random edits written with CRLF against CRLF files (the text turns them into LF)", () => {
    const random = seededRandom(7);
    let applied = 0;
    for (let round = 0; round < 500; round++) {
      const { files, edits } = randomCase(random, "\r\n");
      const parsed = parseEdits(renderEdits(edits));
      expect(parsed.edits.map((e) => e.search)).toEqual(edits.map((e) => e.search.replace(/\r\n/g, "\n")));
      const direct = applyEdits(edits, files, open);
      expect(summary(applyEdits(parsed.edits, files, open))).toEqual(summary(direct));
      applied += direct.outcomes.filter((o) => o.status === "applied").length;
    }
    expect(applied).toBeGreaterThan(300);
  });
});
