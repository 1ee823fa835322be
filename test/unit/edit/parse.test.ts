import { describe, expect, it } from "vitest";
import { parseEdits } from "../../../src/edit/parse.js";

const block = (head: string, search: string, replace: string, marks = 7): string =>
  [head, `${"<".repeat(marks)} SEARCH`, search, "=".repeat(marks), replace, `${">".repeat(marks)} REPLACE`].join("\n");

describe("parseEdits", () => {
  it("reads the SWE-RL/Agentless format into edits with line-terminated text", () => {
    const text = ["Here is the fix.", "```python", block("### src/app.py", "x = 1\ny = 2", "x = 3"), "```", "Done."].join("\n");
    expect(parseEdits(text)).toEqual({ edits: [{ path: "src/app.py", search: "x = 1\ny = 2\n", replace: "x = 3\n" }], errors: [] });
  });

  it("accepts a fence without a language tag, and a missing closing fence at the end", () => {
    const text = ["```", block("### a.py", "a", "b"), "```", "```", block("### b.py", "c", "d")].join("\n");
    expect(parseEdits(text).edits.map((e) => e.path)).toEqual(["a.py", "b.py"]);
    expect(parseEdits(text).errors).toEqual([]);
  });

  it.each([5, 6, 8, 9])("accepts markers of %i characters", (marks) => {
    const { edits, errors } = parseEdits(["```python", block("### a.py", "old", "new", marks), "```"].join("\n"));
    expect(errors).toEqual([]);
    expect(edits).toEqual([{ path: "a.py", search: "old\n", replace: "new\n" }]);
  });

  it("does not take 4 or 10 marker characters for markers", () => {
    expect(parseEdits(block("### a.py", "old", "new", 4)).edits).toEqual([]);
    expect(parseEdits(block("### a.py", "old", "new", 10)).edits).toEqual([]);
  });

  it.each([
    ["### src/a.py", "src/a.py"],
    ["# src/a.py", "src/a.py"],
    ["### `src/a.py`", "src/a.py"],
    ["`src/a.py`:", "src/a.py"],
    ["src/a.py:", "src/a.py"],
    ["**src/a.py**", "src/a.py"],
    ["### ./src/a.py", "src/a.py"],
    ["### docs/My Notes.md", "docs/My Notes.md"],
  ])("reads the path line %j", (line, path) => {
    expect(parseEdits(["```python", block(line, "a", "b"), "```"].join("\n")).edits[0]?.path).toBe(path);
  });

  it("reads a path written before the fence, or on the fence line", () => {
    expect(parseEdits(["src/a.py", "```python", block("", "a", "b").slice(1), "```"].join("\n")).edits[0]?.path).toBe("src/a.py");
    expect(parseEdits(["```src/b.py", block("", "a", "b").slice(1), "```"].join("\n")).edits[0]?.path).toBe("src/b.py");
  });

  it("turns CRLF output into LF text", () => {
    const text = ["```python", block("### a.py", "a\nb", "c"), "```"].join("\r\n");
    expect(parseEdits(text).edits).toEqual([{ path: "a.py", search: "a\nb\n", replace: "c\n" }]);
  });

  it("keeps empty sections empty and blank lines as lines", () => {
    const text = ["### a.py", "<<<<<<< SEARCH", "=======", "new", ">>>>>>> REPLACE", "### b.py", "<<<<<<< SEARCH", "x", "", "=======", "", ">>>>>>> REPLACE"].join("\n");
    expect(parseEdits(text).edits).toEqual([
      { path: "a.py", search: "", replace: "new\n" },
      { path: "b.py", search: "x\n\n", replace: "\n" },
    ]);
  });

  it("reads a section ending in `\\ No newline at end of file` as text without a final newline", () => {
    const text = ["### a.txt", "<<<<<<< SEARCH", "last", "\\ No newline at end of file", "=======", "last", ">>>>>>> REPLACE"].join("\n");
    expect(parseEdits(text).edits).toEqual([{ path: "a.txt", search: "last", replace: "last\n" }]);
  });

  it("reuses the previous path for a block without one", () => {
    const text = ["```python", block("### a.py", "a", "b"), block("", "c", "d").slice(1), "```"].join("\n");
    expect(parseEdits(text).edits.map((e) => [e.path, e.search])).toEqual([
      ["a.py", "a\n"],
      ["a.py", "c\n"],
    ]);
  });

  it("prefers the divider as long as the SEARCH marker, so other ===== lines are content", () => {
    const text = ["### README.rst", "<<<<<<< SEARCH", "Title", "=====", "=======", "Name", "=====", ">>>>>>> REPLACE"].join("\n");
    expect(parseEdits(text).edits).toEqual([{ path: "README.rst", search: "Title\n=====\n", replace: "Name\n=====\n" }]);
  });

  it("keeps fences and markdown inside SEARCH and REPLACE as content", () => {
    const text = ["````markdown", block("### README.md", "```sh\nnpm test\n```", "```sh\nnpm run test\n```"), "````"].join("\n");
    expect(parseEdits(text).edits[0]?.replace).toBe("```sh\nnpm run test\n```\n");
  });

  it("reports a block not closed by REPLACE, naming the SEARCH line, and goes on", () => {
    const text = ["### a.py", "<<<<<<< SEARCH", "a", "=======", "b", "### b.py", block("", "c", "d").slice(1)].join("\n");
    const { edits, errors } = parseEdits(text);
    expect(errors).toEqual([{ line: 2, message: expect.stringContaining("not closed") }]);
    expect(edits).toEqual([{ path: "b.py", search: "c\n", replace: "d\n" }]);
  });

  it("reports a block at the end of the text without REPLACE", () => {
    expect(parseEdits("### a.py\n<<<<<<< SEARCH\na\n=======\nb\n").errors).toEqual([{ line: 2, message: expect.stringContaining("not closed") }]);
  });

  it("reports a block without a divider", () => {
    expect(parseEdits("### a.py\n<<<<<<< SEARCH\na\n>>>>>>> REPLACE\n")).toEqual({
      edits: [],
      errors: [{ line: 2, message: expect.stringContaining("no `=======`") }],
    });
  });

  it("reports a block without any path", () => {
    expect(parseEdits("Here:\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n").errors).toEqual([
      { line: 2, message: expect.stringContaining("### path") },
    ]);
  });

  it("reports a stray REPLACE marker", () => {
    expect(parseEdits("text\n>>>>>>> REPLACE\n").errors).toEqual([{ line: 2, message: expect.stringContaining("no `<<<<<<< SEARCH`") }]);
  });

  it("ignores text without blocks", () => {
    expect(parseEdits("No changes needed.\n=======\n")).toEqual({ edits: [], errors: [] });
  });
});
