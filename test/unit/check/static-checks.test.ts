import { describe, expect, it } from "vitest";
import { standardChecks, type RepoFacts } from "../../../src/agent/edit-checks.js";
import type { FileEdit } from "../../../src/check/check-files.js";

const REPO = ["pkg/__init__.py", "pkg/util.py", "pkg/sub/__init__.py", "pkg/sub/deep.py", "pkg/ns/mod.py", "src/a.ts", "src/lib/b.ts", "src/lib/index.ts", "web/c.js", "web/style.css"];

function facts(defined: string[] = [], asked: { n: number } = { n: 0 }): RepoFacts {
  return { files: REPO.map((path) => ({ path })), definedNames: async () => ((asked.n += 1), new Set(defined)) };
}

const check = (edits: FileEdit[], repo = facts()) => standardChecks(repo, { imports: true, calls: new Set(["python", "javascript"]) }).check(edits);
const added = (path: string, lines: string) => check([{ path, before: "", after: lines }]);
const rules = async (p: Promise<Array<{ rule: string; severity: string; line: number; detail?: string }>>) => (await p).map((f) => `${f.severity} ${f.rule}@${f.line + 1}: ${f.detail ?? ""}`);

describe("relative imports the edit adds", () => {
  it("must name a Python module or package of the workspace", async () => {
    const ok = "from .util import helper\nfrom . import util, sub\nfrom .sub import deep\nfrom .sub.deep import x\nfrom .ns import mod\nfrom ..pkg import util as u\n";
    expect(await rules(added("pkg/main.py", ok))).toEqual([]);
    expect(await rules(added("pkg/main.py", "from .utils import helper\nfrom ...far import x\n"))).toEqual([
      "error missing-import@1: `.utils` names no file in the repository",
      "error missing-import@2: `...far` names no file in the repository",
    ]);
  });

  it("must name a file for JavaScript and TypeScript, with the extensions and index files they resolve", async () => {
    const ok = 'import { b } from "./lib/b.js";\nimport lib from "./lib";\nexport * from "./lib/b";\nconst c = require("../web/c");\nimport "../web/style.css";\n';
    expect(await rules(added("src/main.ts", ok))).toEqual([]);
    expect(await rules(added("src/main.ts", 'import { z } from "./lib/zz.js";\nconst y = await import("../nowhere");\n'))).toEqual([
      "error missing-import@1: `./lib/zz.js` names no file in the repository",
      "error missing-import@2: `../nowhere` names no file in the repository",
    ]);
  });

  it("counts a file the same change creates, and not an import the file already had", async () => {
    const edits: FileEdit[] = [
      { path: "src/main.ts", before: null, after: 'import { n } from "./fresh";\n' },
      { path: "src/fresh.ts", before: null, after: "export const n = 1;\n" },
    ];
    expect(await check(edits)).toEqual([]);
    const moved = 'import { z } from "./gone";\nexport const q = 1;\n';
    expect(await check([{ path: "src/a.ts", before: moved, after: `${moved}export const r = 2;\n` }])).toEqual([]);
  });
});

describe("names the edit newly calls", () => {
  it("warns about a call of a name nothing defines, and only reads the repository's names then", async () => {
    const asked = { n: 0 };
    const after = "import os\n\n\ndef run(path, callback):\n    callback(os.sep)\n    print(len(path))\n    return frobnicate(path)\n";
    expect(await rules(check([{ path: "pkg/run.py", before: null, after }], facts(["helper"], asked)))).toEqual([
      "warning unknown-call@7: `frobnicate` is not defined or imported in pkg/run.py, nor defined anywhere in the repository",
    ]);
    expect(asked.n).toBe(1);
    // Defined in the repository, or by another file of the same change: no warning.
    expect(await check([{ path: "pkg/run.py", before: null, after }], facts(["frobnicate"]))).toEqual([]);
    const helper = { path: "pkg/helpers.py", before: null, after: "def frobnicate(p):\n    return p\n" };
    expect(await check([{ path: "pkg/run.py", before: null, after }, helper])).toEqual([]);
  });

  it("says nothing when every call is explained in the file, so the repository is not read", async () => {
    const asked = { n: 0 };
    const after = "from x import y\n\n\ndef f(a):\n    g = make()\n    return y(a) + g() + int(a)\n\n\ndef make():\n    return f\n";
    expect(await check([{ path: "pkg/f.py", before: null, after }], facts([], asked))).toEqual([]);
    expect(asked.n).toBe(0);
    expect(await check([{ path: "pkg/f.py", before: null, after: "from m import *\nunknown_thing()\n" }])).toEqual([]);
  });

  it("knows JavaScript's globals and leaves test files alone", async () => {
    expect(await rules(added("web/d.js", "setTimeout(() => parseInt('1'), 0);\nconst m = new Map();\ninvented();\n"))).toEqual([
      "warning unknown-call@3: `invented` is not defined or imported in web/d.js, nor defined anywhere in the repository",
    ]);
    expect(await added("web/d.test.js", "describe('x', () => invented());\n")).toEqual([]);
  });
});
