import { describe, expect, it } from "vitest";
import { standardChecks } from "../../../src/agent/edit-checks.js";
import { isPlaceholderComment } from "../../../src/check/cheap-checks.js";
import { normaliseEdit } from "../../../src/check/normalise.js";
import type { Finding } from "../../../src/check/types.js";

const check = (path: string, before: string | null, after: string): Promise<Finding[]> => standardChecks().check([{ path, before, after }]);
const rules = async (path: string, before: string | null, after: string) => (await check(path, before, after)).map((f) => `${f.rule}@${f.line + 1}`);

describe("conflict markers", () => {
  it("refuses markers the edit wrote, in any file, and only those", async () => {
    expect(await rules("notes.txt", "a\nb\n", "a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> main\n")).toEqual(["conflict-marker@2", "conflict-marker@4", "conflict-marker@6"]);
    expect(await rules("notes.txt", "a\n", "a\n>>>>>>> REPLACE\n")).toEqual(["conflict-marker@2"]);
    // A heading underline is not a marker, and markers the file already had are not the edit's.
    expect(await rules("doc.txt", "Title\n", "Title\n=======\n")).toEqual([]);
    expect(await rules("notes.txt", "<<<<<<< HEAD\nx\n", "<<<<<<< HEAD\ny\n")).toEqual([]);
  });

  it("leaves an example inside a Markdown code fence alone", async () => {
    const doc = "# Format\n\n```\n<<<<<<< SEARCH\nold\n=======\nnew\n>>>>>>> REPLACE\n```\n";
    expect(await rules("docs/format.md", "# Format\n", doc)).toEqual([]);
  });
});

describe("placeholders", () => {
  it("knows a comment that stands for code left out", () => {
    for (const line of ["# ... rest of the file unchanged ...", "    // ... existing code ...", "# rest of the function remains the same", "/* ... */", "    # ...", "<!-- omitted for brevity -->"]) {
      expect(isPlaceholderComment(line), line).toBe(true);
    }
    for (const line of [
      "# keep the existing behaviour for old callers",
      "x = 1  # ...",
      "# TODO: handle the rest",
      "// see https://example.com/...",
      "# leave the cache unchanged",
      " * Where each line of a file went in an edit: unchanged lines map from the old text to the new",
    ]) {
      expect(isPlaceholderComment(line), line).toBe(false);
    }
  });

  it("refuses a bare `...` put where code was, not a new Python stub", async () => {
    const before = "def f(x):\n    a = x + 1\n    b = a * 2\n    return b\n";
    expect(await rules("m.py", before, "def f(x):\n    ...\n    return b\n")).toEqual(["placeholder@2"]);
    expect(await rules("m.py", before, `${before}\n\nclass P(Protocol):\n    def g(self) -> int: ...\n\n    def h(self) -> int:\n        ...\n`)).toEqual([]);
    expect(await rules("m.py", before, before.replace("    return b\n", "    # ... rest of the function unchanged\n    return b\n"))).toEqual(["placeholder@4"]);
  });
});

describe("tabs and spaces", () => {
  it("refuses a tab in a Python file indented with spaces, and the reverse", async () => {
    const spaces = "def f():\n    return 1\n";
    expect(await rules("m.py", spaces, "def f():\n    x = 1\n\treturn x\n")).toContain("mixed-indent@3");
    expect(await rules("m.py", "def f():\n\treturn 1\n", "def f():\n\tx = 1\n    return x\n")).toContain("mixed-indent@3");
    // Not in a language where indentation is not syntax, nor in a file that already mixed them.
    expect(await rules("m.js", "function f() {\n  return 1;\n}\n", "function f() {\n\treturn 1;\n}\n")).toEqual([]);
    expect(await rules("m.py", "def f():\n    x = 1\n\ty = 2\n", "def f():\n    x = 1\n\ty = 3\n")).not.toContain("mixed-indent@3");
  });
});

describe("normalising what the edit wrote", () => {
  it("keeps CRLF line endings and the final newline of the old file", () => {
    expect(normaliseEdit("a.py", "x = 1\r\ny = 2\r\n", "x = 1\r\nz = 3\ny = 2")).toEqual({ text: "x = 1\r\nz = 3\r\ny = 2\r\n", applied: ["line-endings", "final-newline"] });
    expect(normaliseEdit("a.py", "x = 1", "x = 2")).toEqual({ text: "x = 2", applied: [] });
  });

  it("strips trailing whitespace the edit added to a file that had none, except in Markdown", () => {
    expect(normaliseEdit("a.py", "x = 1\n", "x = 1  \ny = 2\t\n")).toEqual({ text: "x = 1\ny = 2\n", applied: ["trailing-whitespace"] });
    expect(normaliseEdit("a.py", "x = 1 \n", "x = 1 \ny = 2 \n").applied).toEqual([]);
    expect(normaliseEdit("README.md", "a\n", "a  \nb\n").applied).toEqual([]);
    expect(normaliseEdit("new.py", null, "x = 1  \n").applied).toEqual([]);
  });
});
