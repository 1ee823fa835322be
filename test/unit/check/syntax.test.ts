import { describe, expect, it } from "vitest";
import { standardChecks } from "../../../src/agent/edit-checks.js";
import { checkFiles } from "../../../src/check/check-files.js";
import { createTreeSitterParser } from "../../../src/check/tree-sitter-parser.js";
import type { Finding } from "../../../src/check/types.js";

const check = (path: string, before: string | null, after: string): Promise<Finding[]> => standardChecks().check([{ path, before, after }]);
const brief = (findings: Finding[]) => findings.map((f) => ({ rule: f.rule, line: f.line + 1, column: f.column + 1, message: f.message, detail: f.detail }));

const OPS = "def add(a, b):\n    return a + b\n\n\ndef divide(a, b):\n    return a / b\n";

describe("the syntax check", () => {
  it("names the line and column of a bracket the edit left open (Python)", async () => {
    const after = OPS.replace("    return a / b\n", "    if b == 0:\n        raise ValueError(\"cannot divide by zero\"\n    return a / b\n");
    const findings = await check("calc/ops.py", OPS, after);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0]).toMatchObject({ rule: "syntax", severity: "error", path: "calc/ops.py", message: "a syntax error" });
    expect(findings[0]?.line).toBeGreaterThanOrEqual(5);
    expect(findings[0]?.line).toBeLessThanOrEqual(7);
  });

  it("does not blame an edit near code the grammar already could not place, however its recovery moves", async () => {
    const broken = "const a = 1;\nconst b = @@ 2;\nconst c = 3;\n";
    expect(await check("m.js", broken, broken.replace("const a = 1;", "const a = 10;\nconst z = 0;"))).toEqual([]);
  });

  it("does not blame an edit for breakage the file already had elsewhere", async () => {
    const broken = `${OPS}\n\ndef later(:\n    pass\n`;
    const edited = broken.replace("return a + b", "return b + a");
    expect(await check("calc/ops.py", broken, edited)).toEqual([]);
    // The same file broken again, by the edit, in another place is blamed.
    const worse = edited.replace("def divide(a, b):", "def divide(a, b:");
    expect(brief(await check("calc/ops.py", broken, worse))[0]).toMatchObject({ rule: "syntax", line: 5 });
  });

  it("says what Python says of a body the edit de-indented or a def line it doubled", async () => {
    const dedented = OPS.replace("def divide(a, b):\n    return a / b\n", "def divide(a, b):\nreturn a / b\n");
    expect(brief(await check("calc/ops.py", OPS, dedented))).toEqual([
      { rule: "syntax", line: 5, column: 1, message: "an indentation error", detail: "expected an indented block after the statement on line 5" },
    ]);
    const doubled = OPS.replace("def divide(a, b):\n", "def divide(a, b):\ndef divide(a, b):\n");
    expect(brief(await check("calc/ops.py", OPS, doubled))[0]).toMatchObject({ rule: "syntax", message: "an indentation error" });
    const offIndent = OPS.replace("    return a + b\n", "    x = 1\n      return a + b\n");
    expect(brief(await check("calc/ops.py", OPS, offIndent))).toEqual([{ rule: "syntax", line: 3, column: 7, message: "an indentation error", detail: "unexpected indent" }]);
  });

  it("applies Python's compile-time rules the grammar lets through", async () => {
    const before = "from .compat import cookielib\n\n\ndef f(a, b=1, *args, c, d=2, **kw):\n    return a\n";
    expect(brief(await check("m.py", before, before.replace("import cookielib\n", "import cookielib,\n")))).toEqual([
      { rule: "syntax", line: 1, column: 30, message: "a syntax error", detail: "a trailing comma is not allowed without surrounding parentheses" },
    ]);
    expect(brief(await check("m.py", before, before.replace("def f(a, b=1,", "def f(a, b=1, e,")))).toEqual([
      { rule: "syntax", line: 4, column: 15, message: "a syntax error", detail: "a parameter without a default follows a parameter with a default" },
    ]);
    const valid = "from x import (a,\n               b,)\n\n\ndef g(self, *args: int, b, c=1):\n    return lambda p=1, *q: p\n";
    expect(await check("m.py", before, valid)).toEqual([]);
  });

  it("accepts valid Python of every shape: one-line bodies, comments, decorators, a BOM", async () => {
    const valid = "\uFEFFimport os\n\n\n@decorator\nclass A:\n    # a comment\n    def f(self): return 1\n\n    def g(self):\n        x = 1; y = 2\n        if x:\n            pass\n        else:\n            # note\n            y = 3\n        return (x,\n                y)\n";
    expect(await check("a.py", null, valid)).toEqual([]);
    expect(await check("a.py", "x = 1\n", valid)).toEqual([]);
  });

  it("finds a missing `)` in JavaScript and TypeScript, and nothing in valid code", async () => {
    const js = "function f(a) {\n  return g(a;\n}\n";
    expect(brief(await check("src/f.js", "function f(a) {\n  return g(a);\n}\n", js))).toEqual([{ rule: "syntax", line: 2, column: 13, message: "a syntax error", detail: "`)` is missing" }]);
    expect(await check("src/f.ts", null, "export const f = (a: number): number => a * 2;\n")).toEqual([]);
    expect(await check("README", null, "anything (at all\n")).toEqual([]);
    // Grammars that misread real files are not used: a shell script gets the cheap checks only.
    expect(await check("run.sh", "echo hi\n", "cat <<EOF\n(x\nEOF\n")).toEqual([]);
    // `<!--` in a regular expression is text, not the start of an HTML-like comment.
    expect(await check("src/m.ts", "export const a = 1;\n", "export const a = 1;\nconst OPEN = /<!--/g;\nexport const b = 2;\n")).toEqual([]);
  });
});

describe("the tree-sitter parser", () => {
  it("reads a text parsed from the previous one's tree exactly as a fresh parse does", async () => {
    const texts = [OPS, OPS.replace("return a / b", "return (a / b"), OPS.replace("def add", "async def add").replace("b\n\n\n", "b)\n\n\n"), `x = 'é'\n${OPS}`, OPS];
    const incremental = createTreeSitterParser();
    for (const text of texts) {
      const fresh = await createTreeSitterParser().parse("m.py", text, { facts: true });
      expect(await incremental.parse("m.py", text, { facts: true })).toEqual(fresh);
    }
  });
});

describe("a parser that fails", () => {
  it("leaves the file to the cheap checks instead of ending the run", async () => {
    const failing = { parse: async () => Promise.reject(new Error("wasm out of memory")) };
    const findings = await checkFiles([{ path: "a.py", before: "x = 1\n", after: "x = (1\n<<<<<<< HEAD\n" }], { parsers: [failing] });
    expect(findings.map((f) => f.rule)).toEqual(["conflict-marker"]);
  });
});

describe("data files through their own parsers", () => {
  it("JSON: the place of the first error; JSONC files may have comments and trailing commas", async () => {
    expect(brief(await check("package.json", '{"a": 1}\n', '{"a": 1,\n "b": }\n'))).toEqual([
      { rule: "syntax", line: 2, column: 7, message: "a syntax error", detail: "unexpected `}` where a value should be" },
    ]);
    expect(await check("tsconfig.json", '{"a": 1}\n', '{\n  // why\n  "a": 1,\n}\n')).toEqual([]);
    expect(brief(await check("data.json", '{"a": 1}\n', '{\n  // why\n  "a": 1\n}\n'))[0]).toMatchObject({ line: 2, column: 3 });
  });

  it("YAML and TOML: a broken file is refused, one already broken is not blamed", async () => {
    expect(brief(await check("config.yml", "a: 1\nb: [1, 2]\n", "a: 1\nb: [1, 2\nc: 3\n"))[0]).toMatchObject({ rule: "syntax", line: 3 });
    expect(await check("config.yml", "a: [\n", "a: [\nb: 1\n")).toEqual([]);
    expect(brief(await check("pyproject.toml", 'a = 1\n', 'a = 1\nb = [1, 2\n'))[0]).toMatchObject({ rule: "syntax", line: 3 });
    expect(await check("pyproject.toml", 'a = 1\n', 'a = 1\nb = [1, 2]\n')).toEqual([]);
  });
});
