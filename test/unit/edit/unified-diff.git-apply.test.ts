import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diffToEdits } from "../../../src/edit/diff-to-edits.js";
import { renderUnifiedDiff } from "../../../src/edit/unified-diff.js";
import { readTreeFile, runGit, tempRepo } from "./native-git.js";
import { randomLines, seededRandom, toFile } from "./seeded-random.js";

type Change = Map<string, string | null>;

/** Checks the rendered diff with `git apply --check`, applies it, and returns the resulting files. */
function gitApply(before: ReadonlyMap<string, string>, after: Change): { patch: string; result: Change } {
  const repo = tempRepo(before);
  try {
    const patch = renderUnifiedDiff(before, after);
    writeFileSync(join(repo.dir, "change.diff"), patch);
    runGit(repo.dir, ["apply", "--check", "change.diff"]);
    runGit(repo.dir, ["apply", "change.diff"]);
    return { patch, result: new Map([...after.keys()].map((path) => [path, readTreeFile(repo.dir, path)])) };
  } finally {
    repo.cleanup();
  }
}

const FIXTURES: [string, Record<string, string>, Record<string, string | null>][] = [
  ["a modified file", { "src/a.py": "def f():\n    return 1\n\n\ndef g():\n    return 2\n" }, { "src/a.py": "def f():\n    return 10\n\n\ndef g():\n    return 2\n" }],
  ["a new file", {}, { "pkg/new.py": "x = 1\ny = 2\n" }],
  ["a new empty file", {}, { "pkg/__init__.py": "" }],
  ["a deleted file", { "old.py": "a\nb\n", "keep.py": "k\n" }, { "old.py": null }],
  ["a deleted empty file", { "empty.txt": "" }, { "empty.txt": null }],
  ["a file losing its final newline", { "a.txt": "one\ntwo\n" }, { "a.txt": "one\ntwo" }],
  ["a file gaining a final newline", { "a.txt": "one\ntwo" }, { "a.txt": "one\ntwo\n" }],
  ["a change before a missing final newline", { "a.txt": "one\ntwo\nthree" }, { "a.txt": "ONE\ntwo\nthree" }],
  ["a new file without a final newline", {}, { "b.txt": "no newline" }],
  ["a deleted file without a final newline", { "b.txt": "no newline" }, { "b.txt": null }],
  ["a CRLF file", { "w.bat": "@echo off\r\necho 1\r\n" }, { "w.bat": "@echo off\r\necho 2\r\n" }],
  ["a path with spaces", { "docs/My Notes.md": "# Notes\n" }, { "docs/My Notes.md": "# Notes\n\nMore.\n" }],
];

describe("renderUnifiedDiff", () => {
  it.each(FIXTURES)("renders %s so that git apply --check accepts it and git apply gives the new bytes", (_name, before, after) => {
    const change: Change = new Map(Object.entries(after));
    const { result } = gitApply(new Map(Object.entries(before)), change);
    expect(result).toEqual(change);
  });

  it("uses git headers for new and deleted files", () => {
    const patch = renderUnifiedDiff(new Map([["gone.py", "a\n"]]), new Map([["gone.py", null], ["new.py", "b"]]));
    expect(patch).toBe(
      [
        "diff --git a/gone.py b/gone.py",
        "deleted file mode 100644",
        "--- a/gone.py",
        "+++ /dev/null",
        "@@ -1,1 +0,0 @@",
        "-a",
        "diff --git a/new.py b/new.py",
        "new file mode 100644",
        "--- /dev/null",
        "+++ b/new.py",
        "@@ -0,0 +1,1 @@",
        "+b",
        "\\ No newline at end of file",
        "",
      ].join("\n"),
    );
  });

  it("renders nothing for unchanged files", () => {
    expect(renderUnifiedDiff(new Map([["a", "x\n"]]), new Map([["a", "x\n"]]))).toBe("");
  });

  it("passes git apply --check for 60 random changes in one tree, and converts back to the same files", () => {
    const random = seededRandom(99);
    const before = new Map<string, string>();
    const after: Change = new Map();
    for (let i = 0; i < 60; i++) {
      const path = `dir${i % 4}/file${i}.py`;
      const eol = random.chance(0.2) ? "\r\n" : "\n";
      const lines = randomLines(random, random.int(30));
      const edited = lines.flatMap((line) => (random.chance(0.15) ? randomLines(random, random.int(3)) : [line]));
      const kind = random.int(10);
      if (kind !== 0) before.set(path, toFile(lines, eol, random.chance(0.8)));
      after.set(path, kind === 1 ? null : toFile(edited, eol, random.chance(0.8)));
    }
    const { patch, result } = gitApply(before, after);
    expect(result).toEqual(after);

    const converted = diffToEdits(patch, before);
    expect(converted.ok).toBe(true);
    if (converted.ok) {
      const changed = new Map([...after].filter(([path, content]) => (before.get(path) ?? null) !== content));
      expect(converted.after).toEqual(changed);
    }
  });
});
