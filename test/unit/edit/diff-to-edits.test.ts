import { describe, expect, it } from "vitest";
import { applyEdits } from "../../../src/edit/apply.js";
import { diffToEdits } from "../../../src/edit/diff-to-edits.js";
import { editsForChange } from "../../../src/edit/edits-for-change.js";
import { parseEdits } from "../../../src/edit/parse.js";
import { renderEdits } from "../../../src/edit/render-edits.js";
import type { ApplyResult, Edit, FileState } from "../../../src/edit/types.js";
import { readTreeFile, runGit, tempRepo, writeFiles } from "./native-git.js";
import { randomLines, seededRandom, toFile } from "./seeded-random.js";

const open = { isProtected: () => false };

function states(files: ReadonlyMap<string, string>): Map<string, FileState> {
  return new Map([...files].map(([path, content]) => [path, { kind: "text", content }]));
}

function applyAll(edits: readonly Edit[], files: ReadonlyMap<string, string>): ApplyResult {
  return applyEdits(edits, states(files), open);
}

/** Commits `before`, writes `after`, and returns `git diff --cached -M` with the files git ends with. */
function realDiff(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string | null>): { patch: string; result: Map<string, string | null> } {
  const repo = tempRepo(before);
  try {
    writeFiles(repo.dir, after);
    runGit(repo.dir, ["add", "-A"]);
    const patch = runGit(repo.dir, ["diff", "--cached", "-M", "--no-color", "--no-ext-diff"]);
    return { patch, result: new Map([...after.keys()].map((path) => [path, readTreeFile(repo.dir, path)])) };
  } finally {
    repo.cleanup();
  }
}

const MODULE = [
  "import os",
  "",
  "",
  "def first(items):",
  "    for item in items:",
  "        if item is None:",
  "            return None",
  "    return items",
  "",
  "",
  "def second(items):",
  "    for item in items:",
  "        if item is None:",
  "            return None",
  "    return items",
  "",
  "",
  "def third():",
  "    return os.getcwd()",
  "",
].join("\n");

const BEFORE = new Map([
  ["pkg/module.py", MODULE],
  ["pkg/old_name.py", "VALUE = 1\n\n\ndef value():\n    return VALUE\n"],
  ["pkg/obsolete.py", "raise ImportError\n"],
  ["README", "Line one\nLine two"],
  ["notes.txt", "a\nb\nc\n"],
  ["win.bat", "@echo off\r\nset X=1\r\necho %X%\r\n"],
]);

const AFTER = new Map<string, string | null>([
  // The change sits in the second of two identical loops: the SEARCH must grow to be unique.
  ["pkg/module.py", MODULE.replace("def second(items):\n    for item in items:\n        if item is None:\n            return None", "def second(items):\n    for item in items:\n        if item is None:\n            continue")],
  ["pkg/old_name.py", null],
  ["pkg/new_name.py", "VALUE = 1\n\n\ndef value():\n    return VALUE + 1\n"],
  ["pkg/obsolete.py", null],
  ["pkg/added.py", "def added():\n    pass\n"],
  ["README", "Line one\nLine two\n"],
  ["notes.txt", "a\nb\nc"],
  ["win.bat", "@echo off\r\nset X=2\r\necho %X%\r\n"],
]);

describe("diffToEdits on real git diffs", () => {
  it("re-applies through applyEdits to the bytes git produced (rename, new, deleted, final newlines, CRLF)", () => {
    const { patch, result } = realDiff(BEFORE, AFTER);
    expect(patch).toContain("rename from pkg/old_name.py");
    expect(patch).toContain("\\ No newline at end of file");
    const converted = diffToEdits(patch, BEFORE);
    if (!converted.ok) throw new Error(converted.error);
    const applied = applyAll(converted.edits, BEFORE);
    expect(applied.outcomes.map((o) => o.status)).not.toContain("failed");
    const strategies = applied.outcomes.map((o) => (o.status === "applied" ? o.strategy : "failed"));
    expect(strategies.filter((s) => s !== "exact").sort()).toEqual(["delete-file", "delete-file", "new-file", "new-file"]);
    expect(new Map([...applied.changes].sort())).toEqual(new Map([...result].sort()));
    const viaText = applyAll(parseEdits(renderEdits(converted.edits)).edits, BEFORE);
    expect(new Map([...viaText.changes].sort())).toEqual(new Map([...result].sort()));
  });

  it("grows the SEARCH of a change in repeated code until it is unique", () => {
    const { patch } = realDiff(BEFORE, new Map([["pkg/module.py", AFTER.get("pkg/module.py") ?? null]]));
    const converted = diffToEdits(patch, BEFORE);
    if (!converted.ok) throw new Error(converted.error);
    expect(converted.edits).toEqual([
      {
        path: "pkg/module.py",
        search: "def second(items):\n    for item in items:\n        if item is None:\n            return None\n",
        replace: "def second(items):\n    for item in items:\n        if item is None:\n            continue\n",
      },
    ]);
  });

  it("converts a SWE-bench style patch, and its rendering parses and applies to the same bytes", () => {
    const base = new Map([
      [
        "requests/sessions.py",
        "class Session:\n    def request(self, method, url):\n        method = builtin_str(method)\n        return self.send(method, url)\n\n    def get(self, url):\n        return self.request('GET', url)\n",
      ],
    ]);
    const patch = [
      "diff --git a/requests/sessions.py b/requests/sessions.py",
      "--- a/requests/sessions.py",
      "+++ b/requests/sessions.py",
      "@@ -1,6 +1,6 @@",
      " class Session:",
      "     def request(self, method, url):",
      "-        method = builtin_str(method)",
      "+        method = to_native_string(method)",
      "         return self.send(method, url)",
      " ",
      "     def get(self, url):",
      "",
    ].join("\n");
    const converted = diffToEdits(patch, base);
    if (!converted.ok) throw new Error(converted.error);
    expect(converted.edits).toEqual([{ path: "requests/sessions.py", search: "        method = builtin_str(method)\n", replace: "        method = to_native_string(method)\n" }]);
    const expected = (base.get("requests/sessions.py") ?? "").replace("builtin_str(method)", "to_native_string(method)");
    expect(applyAll(converted.edits, base).changes.get("requests/sessions.py")).toBe(expected);
    const parsed = parseEdits(renderEdits(converted.edits, { language: "python" }));
    expect(applyAll(parsed.edits, base).changes.get("requests/sessions.py")).toBe(expected);
  });

  it("keeps at least one context line for a pure insertion or deletion", () => {
    const base = new Map([["a.py", "x = 1\ny = 2\nz = 3\n"]]);
    const inserted = editsForChange(base, new Map([["a.py", "x = 1\nw = 0\ny = 2\nz = 3\n"]]));
    const deleted = editsForChange(base, new Map([["a.py", "x = 1\nz = 3\n"]]));
    expect(inserted).toEqual([{ path: "a.py", search: "y = 2\n", replace: "w = 0\ny = 2\n" }]);
    expect(deleted).toEqual([{ path: "a.py", search: "y = 2\nz = 3\n", replace: "z = 3\n" }]);
  });

  it("merges changes that meet while growing context", () => {
    const base = new Map([["a.py", "x\nx\nx\nx\n"]]);
    const edits = editsForChange(base, new Map([["a.py", "y\nx\ny\nx\n"]]));
    expect(applyAll(edits, base).changes.get("a.py")).toBe("y\nx\ny\nx\n");
    expect(edits.length).toBeLessThanOrEqual(2);
  });
});

describe("diffToEdits failures are values", () => {
  const base = new Map([["a.py", "one\ntwo\n"]]);
  const hunk = (path: string, old: string, neu: string): string => `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n@@ -1 +1 @@\n-${old}\n+${neu}\n`;

  it("a hunk that does not apply", () => {
    expect(diffToEdits(hunk("a.py", "three", "3"), base)).toMatchObject({ ok: false, path: "a.py", error: expect.stringContaining("does not apply") });
  });

  it("a file that is not there", () => {
    expect(diffToEdits(hunk("b.py", "x", "y"), base)).toEqual({ ok: false, path: "b.py", error: "b.py does not exist" });
  });

  it("a binary patch", () => {
    const patch = "diff --git a/logo.png b/logo.png\nindex 1111111..2222222 100644\nBinary files a/logo.png and b/logo.png differ\n";
    expect(diffToEdits(patch, new Map([["logo.png", "x"]]))).toMatchObject({ ok: false, error: expect.stringContaining("binary") });
  });

  it("a new file that already exists", () => {
    const patch = "diff --git a/a.py b/a.py\nnew file mode 100644\n--- /dev/null\n+++ b/a.py\n@@ -0,0 +1 @@\n+x\n";
    expect(diffToEdits(patch, base)).toEqual({ ok: false, path: "a.py", error: "a.py already exists" });
  });

  it("a malformed diff", () => {
    expect(diffToEdits("--- a/a.py\n+++ b/a.py\n@@ -1,2 +1,2 @@\n-one\n", base)).toMatchObject({ ok: false, path: null });
  });
});

/** Counts where `search` (its last line possibly a line prefix) starts a line of `content`. */
function prefixOccurrences(content: string, search: string): number {
  const needle = `\n${search.endsWith("\n") ? search.slice(0, -1) : search}`;
  const haystack = `\n${content}`;
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) count++;
  return count;
}

describe("property: editsForChange replays any change exactly", () => {
  it("holds for 400 random files with repeats, CRLF and missing final newlines", () => {
    const random = seededRandom(4242);
    for (let round = 0; round < 400; round++) {
      const eol = random.chance(0.25) ? "\r\n" : "\n";
      const lines = randomLines(random, random.int(25));
      const edited = lines.flatMap((line) => (random.chance(0.2) ? randomLines(random, random.int(3)) : [line]));
      if (random.chance(0.1)) edited.push(...randomLines(random, 2));
      const before = new Map([["f.py", toFile(lines, eol, random.chance(0.8))]]);
      const after = new Map<string, string | null>([["f.py", random.chance(0.05) ? null : toFile(edited, eol, random.chance(0.8))]]);
      const edits = editsForChange(before, after);
      let current = before.get("f.py") ?? "";
      for (const edit of edits) {
        if (edit.search !== "" && current !== "") expect(prefixOccurrences(current, edit.search)).toBe(1);
        const step = applyAll([edit], new Map([["f.py", current]]));
        expect(step.outcomes[0]).toMatchObject({ status: "applied" });
        current = step.changes.has("f.py") ? (step.changes.get("f.py") ?? "") : current;
      }
      const result = applyAll(edits, before);
      const expected = after.get("f.py") === before.get("f.py") ? new Map() : after;
      expect(result.changes).toEqual(expected);
      expect(result.outcomes.every((o) => o.status === "applied" && o.strategy !== "whitespace" && o.strategy !== "elision" && o.strategy !== "leading-blank")).toBe(true);
    }
  });
});
