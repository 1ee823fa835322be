import { describe, expect, it } from "vitest";
import { applyEdits } from "../../../src/edit/apply.js";
import type { ApplyOptions, ApplyResult, Edit, EditFailure, FileState } from "../../../src/edit/types.js";

const open: ApplyOptions = { isProtected: () => false };

function text(files: Record<string, string>): Map<string, FileState> {
  return new Map(Object.entries(files).map(([path, content]) => [path, { kind: "text", content }]));
}

function applyOne(content: string, search: string, replace: string): ApplyResult {
  return applyEdits([{ path: "f.py", search, replace }], text({ "f.py": content }), open);
}

function failureOf(result: ApplyResult): EditFailure | undefined {
  const outcome = result.outcomes[0];
  return outcome?.status === "failed" ? outcome.failure : undefined;
}

function strategyOf(result: ApplyResult): string | undefined {
  const outcome = result.outcomes[0];
  return outcome?.status === "applied" ? outcome.strategy : undefined;
}

describe("applyEdits: matching", () => {
  it("1. exact: replaces whole lines only, once", () => {
    const result = applyOne("a = 1\nab = 1\nb = 2\n", "a = 1\n", "a = 10\n");
    expect(strategyOf(result)).toBe("exact");
    expect(result.changes.get("f.py")).toBe("a = 10\nab = 1\nb = 2\n");
  });

  it("1. exact: does not match inside a longer line", () => {
    expect(failureOf(applyOne("x = f()\n", "x = f\n", "x = g\n"))?.kind).toBe("no-match");
  });

  it("2. whitespace: matches with different indentation and re-indents REPLACE", () => {
    const file = "class A:\n    def f(self):\n        return 1\n\n    def g(self):\n        return 2\n";
    const result = applyOne(file, "def g(self):\n    return 2\n", "def g(self):\n    if self:\n        return 3\n    return 2\n");
    expect(strategyOf(result)).toBe("whitespace");
    expect(result.changes.get("f.py")).toBe(
      "class A:\n    def f(self):\n        return 1\n\n    def g(self):\n        if self:\n            return 3\n        return 2\n",
    );
  });

  it("2. whitespace: an over-indented SEARCH matches too", () => {
    const result = applyOne("def f():\n    pass\n", "        def f():\n            pass\n", "        def f():\n            return 1\n");
    expect(strategyOf(result)).toBe("whitespace");
    expect(result.changes.get("f.py")).toBe("def f():\n    return 1\n");
  });

  it("2. whitespace: lines must share one indent offset", () => {
    expect(failureOf(applyOne("if a:\n    b()\n", "if a:\nb()\n", "if a:\nc()\n"))?.kind).toBe("no-match");
  });

  it("3. leading blank: drops a spurious blank first line of SEARCH (and of REPLACE)", () => {
    const result = applyOne("x = 1\ny = 2\n", "\nx = 1\ny = 2\n", "\nx = 1\ny = 3\n");
    expect(strategyOf(result)).toBe("leading-blank");
    expect(result.changes.get("f.py")).toBe("x = 1\ny = 3\n");
  });

  it("3. leading blank: also combined with re-indenting", () => {
    const result = applyOne("def f():\n    x = 1\n    y = 2\n", "\nx = 1\ny = 2\n", "x = 1\ny = 3\n");
    expect(strategyOf(result)).toBe("leading-blank");
    expect(result.changes.get("f.py")).toBe("def f():\n    x = 1\n    y = 3\n");
  });

  it("4. elision: replaces the pieces around `...` lines", () => {
    const file = "def f():\n    a = 1\n    b = 2\n    c = 3\n    return a\n";
    const result = applyOne(file, "def f():\n...\n    return a\n", "def f(x):\n...\n    return x\n");
    expect(strategyOf(result)).toBe("elision");
    expect(result.changes.get("f.py")).toBe("def f(x):\n    a = 1\n    b = 2\n    c = 3\n    return x\n");
  });

  it("4. elision: refuses mismatched `...` counts", () => {
    expect(failureOf(applyOne("a\nb\nc\n", "a\n...\nc\n", "A\nc\n"))?.kind).toBe("no-match");
  });

  it("4. elision: an ambiguous piece is refused", () => {
    expect(failureOf(applyOne("a\nx\nb\nx\n", "a\n...\nx\n", "A\n...\nY\n"))).toEqual({ kind: "ambiguous", lines: [2, 4] });
  });

  it("refuses an ambiguous SEARCH with its line numbers and changes nothing", () => {
    const result = applyOne("x = 1\ny\nx = 1\n", "x = 1\n", "x = 2\n");
    expect(failureOf(result)).toEqual({ kind: "ambiguous", lines: [1, 3] });
    expect(result.changes.size).toBe(0);
  });

  it("refuses a SEARCH that is ambiguous only when ignoring indentation", () => {
    expect(failureOf(applyOne("  x = 1\n    x = 1\n", "x = 1\n", "x = 2\n"))).toEqual({ kind: "ambiguous", lines: [1, 2] });
  });

  it("keeps a missing final newline when the SEARCH ends there", () => {
    expect(applyOne("a\nb", "b\n", "c\nd\n").changes.get("f.py")).toBe("a\nc\nd");
  });

  it("matches LF blocks in a CRLF file and writes CRLF lines", () => {
    expect(applyOne("a\r\nb\r\nc\r\n", "b\nc\n", "B\nC\nD\n").changes.get("f.py")).toBe("a\r\nB\r\nC\r\nD\r\n");
  });

  it("prefers a byte-exact match over a line-ending-tolerant one", () => {
    expect(applyOne("b\r\nb\n", "b\n", "c\n").changes.get("f.py")).toBe("b\r\nc\n");
  });

  it("deletes lines cleanly with an empty REPLACE", () => {
    expect(applyOne("a\nb\nc\n", "b\n", "").changes.get("f.py")).toBe("a\nc\n");
  });

  it("applies edits in order, each on the previous result, and skips failed ones", () => {
    const edits: Edit[] = [
      { path: "f.py", search: "a\n", replace: "b\n" },
      { path: "f.py", search: "zzz\n", replace: "y\n" },
      { path: "f.py", search: "b\n", replace: "c\n" },
    ];
    const result = applyEdits(edits, text({ "f.py": "a\n" }), open);
    expect(result.outcomes.map((o) => o.status)).toEqual(["applied", "failed", "applied"]);
    expect(result.changes.get("f.py")).toBe("c\n");
  });

  it("leaves out files that end as they began", () => {
    const edits: Edit[] = [
      { path: "f.py", search: "a\n", replace: "b\n" },
      { path: "f.py", search: "b\n", replace: "a\n" },
    ];
    expect(applyEdits(edits, text({ "f.py": "a\n" }), open).changes.size).toBe(0);
  });
});

describe("applyEdits: empty SEARCH and deletion", () => {
  it("creates a missing file", () => {
    const result = applyEdits([{ path: "new/mod.py", search: "", replace: "x = 1\n" }], new Map(), open);
    expect(result.outcomes[0]).toMatchObject({ status: "applied", strategy: "new-file" });
    expect(result.changes.get("new/mod.py")).toBe("x = 1\n");
  });

  it("takes a SEARCH of blank lines as empty for a missing file", () => {
    expect(applyEdits([{ path: "n.py", search: "\n", replace: "x\n" }], new Map(), open).changes.get("n.py")).toBe("x\n");
  });

  it("appends to an existing file, adding the missing final newline first", () => {
    const result = applyOne("a = 1", "", "b = 2\n");
    expect(strategyOf(result)).toBe("append");
    expect(result.changes.get("f.py")).toBe("a = 1\nb = 2\n");
  });

  it("appends with CRLF to a CRLF file", () => {
    expect(applyOne("a\r\n", "", "b\n").changes.get("f.py")).toBe("a\r\nb\r\n");
  });

  it("deletes a file whose whole content is the SEARCH and whose REPLACE is empty", () => {
    const result = applyOne("a\nb\n", "a\nb\n", "");
    expect(strategyOf(result)).toBe("delete-file");
    expect(result.changes.get("f.py")).toBeNull();
  });

  it("can recreate a deleted file in the same answer", () => {
    const edits: Edit[] = [
      { path: "f.py", search: "a\n", replace: "" },
      { path: "f.py", search: "", replace: "b\n" },
    ];
    expect(applyEdits(edits, text({ "f.py": "a\n" }), open).changes.get("f.py")).toBe("b\n");
  });

  it("creates an empty file from an empty block, and deletes an empty file with one", () => {
    expect(applyEdits([{ path: "e.py", search: "", replace: "" }], new Map(), open).changes.get("e.py")).toBe("");
    expect(applyEdits([{ path: "e.py", search: "", replace: "" }], text({ "e.py": "" }), open).changes.get("e.py")).toBeNull();
  });
});

describe("applyEdits: failures", () => {
  it("no match: shows the closest lines with context", () => {
    const file = "import os\n\ndef load(path):\n    with open(path) as f:\n        return f.read()\n\nprint(1)\n";
    const failure = failureOf(applyOne(file, "def load(path):\n    with open(path, 'r') as f:\n        return f.read()\n", "x\n"));
    expect(failure).toMatchObject({ kind: "no-match", closest: { startLine: 3, endLine: 5, textStartLine: 1 } });
    expect(failure?.kind === "no-match" && failure.similar).toBe(file);
  });

  it("no match: nothing close gives no hint", () => {
    expect(failureOf(applyOne("alpha\nbeta\n", "completely different\n", "x\n"))).toEqual({
      kind: "no-match",
      similar: null,
      closest: null,
      replaceAlreadyPresent: false,
    });
  });

  it("no match: notices REPLACE already in the file", () => {
    expect(failureOf(applyOne("x = 2\n", "x = 1\n", "x = 2\n"))).toMatchObject({ kind: "no-match", replaceAlreadyPresent: true });
  });

  it.each([
    ["/etc/passwd", "absolute"],
    ["C:/x.py", "absolute"],
    ["../x.py", "parent"],
    ["src/../../x.py", "parent"],
    [".git/config", "git-dir"],
    ["sub/.GIT/hooks/pre-commit", "git-dir"],
    ["src//x.py", "invalid"],
    ["./x.py", "invalid"],
    ["src\\x.py", "invalid"],
    ["", "invalid"],
  ])("refuses the path %j (%s)", (path, reason) => {
    const result = applyEdits([{ path, search: "", replace: "x\n" }], new Map(), open);
    expect(failureOf(result)).toEqual({ kind: "outside-repo", reason });
    expect(result.changes.size).toBe(0);
  });

  it("refuses a protected path", () => {
    const options: ApplyOptions = { isProtected: (path) => path.startsWith(".github/workflows/") };
    const result = applyEdits([{ path: ".github/workflows/ci.yml", search: "a\n", replace: "b\n" }], text({ ".github/workflows/ci.yml": "a\n" }), options);
    expect(failureOf(result)).toEqual({ kind: "protected" });
  });

  it.each([{ kind: "binary" }, { kind: "symlink" }, { kind: "submodule" }] as const)("refuses a $kind", (state) => {
    expect(failureOf(applyEdits([{ path: "x", search: "a\n", replace: "b\n" }], new Map([["x", state]]), open))).toEqual({
      kind: "unsupported-file",
      file: state.kind,
    });
  });

  it("refuses a file too large to edit, with its size", () => {
    const files = new Map<string, FileState>([["big.json", { kind: "too-large", bytes: 5_000_000 }]]);
    expect(failureOf(applyEdits([{ path: "big.json", search: "a\n", replace: "b\n" }], files, open))).toEqual({
      kind: "unsupported-file",
      file: "too-large",
      bytes: 5_000_000,
    });
  });

  it("refuses identical SEARCH and REPLACE", () => {
    expect(failureOf(applyOne("a\n", "a\n", "a\n"))).toEqual({ kind: "identical" });
    expect(failureOf(applyOne("a\n", "", ""))).toEqual({ kind: "identical" });
  });

  it("refuses a non-empty SEARCH on a missing file, also after it was deleted", () => {
    expect(failureOf(applyEdits([{ path: "nope.py", search: "a\n", replace: "b\n" }], new Map(), open))).toEqual({ kind: "missing-file" });
    const edits: Edit[] = [
      { path: "f.py", search: "a\n", replace: "" },
      { path: "f.py", search: "a\n", replace: "b\n" },
    ];
    const result = applyEdits(edits, text({ "f.py": "a\n" }), open);
    expect(result.outcomes[1]).toMatchObject({ status: "failed", failure: { kind: "missing-file" } });
    expect(result.changes.get("f.py")).toBeNull();
  });
});
