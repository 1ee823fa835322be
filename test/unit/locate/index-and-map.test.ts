import { describe, expect, it } from "vitest";
import type { FileEntry } from "../../../src/git/workspace.js";
import { buildIndex, lineWindows } from "../../../src/locate/build-index.js";
import { fileRole, isVendored } from "../../../src/locate/file-role.js";
import { loadSourceFiles, type FileReader } from "../../../src/locate/load-files.js";
import { firstGoldRank, summarise } from "../../../src/locate/locate-metrics.js";
import { rankFiles } from "../../../src/locate/rank.js";
import { regexTagger } from "../../../src/locate/regex-tagger.js";
import type { Tagger } from "../../../src/locate/types.js";
import { estimateTokens, renderCompressedTree, renderRepoMap } from "../../../src/locate/repo-map.js";
import { indexOf } from "./helpers.js";

describe("fileRole", () => {
  it("tells tests, docs and support files from source", () => {
    expect(["tests/test_a.py", "testing/x.py", "pkg/a_test.go", "web/a.spec.ts", "src/test/java/FooTest.java", "conftest.py"].map(fileRole)).toEqual(Array(6).fill("test"));
    expect(["README.md", "docs/conf.py", "changelog/123.bugfix.rst"].map(fileRole)).toEqual(["doc", "doc", "doc"]);
    expect(["setup.cfg", "scripts/release.py", ".github/workflows/ci.yml", "examples/demo.py"].map(fileRole)).toEqual(Array(4).fill("support"));
    expect(["src/pkg/core.py", "lib/contest.js", "cmd/main.go"].map(fileRole)).toEqual(["source", "source", "source"]);
  });
});

describe("loadSourceFiles", () => {
  const encoder = new TextEncoder();
  const blobs: Record<string, Uint8Array> = {
    "a.py": encoder.encode("print('hi')\n"),
    "logo.png": new Uint8Array([137, 80, 78, 71]),
    "data.dat": new Uint8Array([1, 0, 2]),
    "big.txt": encoder.encode("x".repeat(2000)),
    "package-lock.json": encoder.encode("{}"),
    "link": encoder.encode("a.py"),
  };
  const entries: FileEntry[] = [
    { path: "a.py", oid: "1", mode: "100644" },
    { path: "big.txt", oid: "2", mode: "100644" },
    { path: "data.dat", oid: "3", mode: "100755" },
    { path: "link", oid: "4", mode: "120000" },
    { path: "logo.png", oid: "5", mode: "100644" },
    { path: "package-lock.json", oid: "6", mode: "100644" },
    { path: "vendor", oid: "7", mode: "160000" },
  ];
  const reads: string[] = [];
  const reader: FileReader = {
    listFiles: async () => entries,
    readFile: async (_commit, path) => {
      reads.push(path);
      return blobs[path] ?? null;
    },
  };

  it("reads text files and skips binaries, huge, generated files, symlinks and submodules", async () => {
    const { files, skipped } = await loadSourceFiles(reader, "c0ffee", { maxFileBytes: 1000 });
    expect(files).toEqual([{ path: "a.py", text: "print('hi')\n", oid: "1" }]);
    expect(Object.fromEntries(skipped.map((s) => [s.path, s.reason]))).toEqual({
      "big.txt": "too-large",
      "data.dat": "binary-content",
      link: "not-a-file",
      "logo.png": "binary-extension",
      "package-lock.json": "generated",
      vendor: "not-a-file",
    });
    expect(reads).not.toContain("logo.png");
  });
});

describe("lineWindows", () => {
  it("covers the text with half-overlapping windows", () => {
    const text = Array.from({ length: 10 }, (_, i) => `l${i}`).join("\n");
    expect([...lineWindows(text, 4)].map((w) => w.split("\n")[0])).toEqual(["l0", "l2", "l4", "l6"]);
    expect([...lineWindows("one line", 40)]).toEqual(["one line"]);
  });
});

describe("repo map", () => {
  const files: Record<string, string> = {
    "acme/core.py": "class Engine:\n    def start(self):\n        pass\n\ndef run():\n    Engine().start()\n",
    "acme/util.py": "def helper():\n    pass\n",
    "docs/index.md": "# Acme\n",
    "docs/usage.md": "Start the engine.\n",
  };
  for (let i = 0; i < 200; i++) files[`acme/plugins/plugin_${i}.py`] = `def hook_${i}():\n    pass\n`;
  for (let i = 0; i < 20; i++) files[`tests/test_${i}.py`] = `def test_${i}():\n    pass\n`;
  const index = indexOf(files);
  const ranked = rankFiles(index, "Engine.start never runs");

  it("keeps within the token budget and shows the top file's definitions with line numbers", () => {
    const map = renderRepoMap(index, ranked, 400);
    expect(estimateTokens(map)).toBeLessThanOrEqual(400);
    expect(map).toContain("acme/core.py\n  1: class Engine:\n    2: def start(self):\n  5: def run():");
    expect(map).toContain("  plugins/ (200 files)");
    expect(map).toContain("tests/ (20 files)");
  });

  it("lists source directories in full when the budget allows, but not large directories of tests", () => {
    const tree = renderCompressedTree(Object.keys(files), ranked, 100_000).split("\n");
    expect(tree).toContain("    plugin_199.py");
    expect(tree).toContain("tests/ (20 files)");
    expect(tree).toContain("  usage.md");
    expect(tree.slice(0, 3)).toEqual(["acme/", "  plugins/", "    plugin_0.py"]);
  });
});

describe("metrics", () => {
  it("computes Acc@k and MRR from the first gold rank", () => {
    expect(firstGoldRank(["a", "b", "c"], ["c", "b"])).toBe(2);
    expect(firstGoldRank(["a"], ["z"])).toBeUndefined();
    const m = summarise([1, 2, 6, undefined]);
    expect(m.acc).toEqual({ 1: 0.25, 3: 0.5, 5: 0.5, 10: 0.75 });
    expect(m.mrr).toBeCloseTo((1 + 0.5 + 1 / 6) / 4);
  });
});

describe("vendored folders", () => {
  it("are tagged by the regex tagger, not the language tagger, and still define their names", () => {
    const asked: string[] = [];
    const tagger: Tagger = { name: "spy", tag: (path, text) => (asked.push(path), regexTagger.tag(path, text)) };
    const text = "def parse_table(rows):\n    return rows\n";
    const index = buildIndex(
      ["pkg/io/table.py", "pkg/extern/ply/yacc.py", "cextern/lib/x.py", "third_party/a.py", "src/vendor/b.py", "pkg/extern_tools.py"].map((path) => ({ path, text })),
      { tagger },
    );
    expect(index.tags.definers("parse_table")).toEqual([0, 1, 2, 3, 4, 5]);
    expect(index.tags.definedNames()).toEqual(new Set(["parse_table"]));
    expect(asked).toEqual(["pkg/io/table.py", "pkg/extern_tools.py"]);
    expect(["cextern/wcslib/C/wcs.c", "astropy/extern/configobj/validate.py", "Vendor/x.go"].map(isVendored)).toEqual([true, true, true]);
    expect(["src/external/a.py", "vendors.py", "extern"].map(isVendored)).toEqual([false, false, false]);
  });
});
