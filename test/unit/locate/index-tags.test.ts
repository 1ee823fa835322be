import { beforeAll, describe, expect, it } from "vitest";
import { buildIndex } from "../../../src/locate/build-index.js";
import { loadSourceFiles, type FileReader } from "../../../src/locate/load-files.js";
import { rankFiles } from "../../../src/locate/rank.js";
import { renderRepoMap } from "../../../src/locate/repo-map.js";
import { createTreeSitterTagger, type TreeSitterTagger } from "../../../src/locate/tree-sitter-tagger.js";
import type { SourceFile, Tagger } from "../../../src/locate/types.js";

function spy(tagger: Tagger): { tagger: Tagger; parsed: string[] } {
  const parsed: string[] = [];
  return { parsed, tagger: { name: tagger.name, handles: tagger.handles, tag: (path, text) => (parsed.push(path), tagger.tag(path, text)) } };
}

/** A Python package: modules that define and call each other, a test, a document and a vendored module. */
function pythonRepository(): SourceFile[] {
  const files: Record<string, string> = {
    "pkg/units/quantity.py": "from .core import Unit\n\nclass Quantity:\n    def to_value(self, unit=None):\n        return self.unit._to(unit)\n",
    "pkg/units/core.py": "class Unit:\n    def _to(self, other):\n        raise UnitConversionError('not convertible')\n\nclass UnitConversionError(ValueError):\n    pass\n",
    "pkg/units/tests/test_quantity.py": "from pkg.units.quantity import Quantity\n\ndef test_to_value():\n    assert Quantity().to_value() == 1\n",
    "pkg/extern/ply.py": "def to_value(x):\n    return x\n",
    "docs/units.rst": "Units\n=====\n\nHow a quantity converts its value.\n",
  };
  for (let k = 0; k < 30; k++) files[`pkg/misc/m${k}.py`] = `def helper_${k}(x):\n    return x + ${k}\n`;
  return Object.entries(files).map(([path, text]) => ({ path, text }));
}

const ISSUE =
  "Quantity.to_value raises UnitConversionError\n\nTraceback (most recent call last):\n  File \"pkg/units/quantity.py\", line 5, in to_value\n    return self.unit._to(unit)\nUnitConversionError: not convertible";

describe("tags on demand", () => {
  let treeSitter: TreeSitterTagger;
  beforeAll(async () => {
    treeSitter = await createTreeSitterTagger({ languages: ["python", "typescript"] });
  });

  it("ranks a Python repository without parsing a file, and parses for the repo map only the files it shows", () => {
    const { tagger, parsed } = spy(treeSitter);
    const index = buildIndex(pythonRepository(), { tagger });
    const ranked = rankFiles(index, ISSUE);
    expect(parsed).toEqual([]);
    expect(ranked.slice(0, 2).map((r) => r.path).sort()).toEqual(["pkg/units/core.py", "pkg/units/quantity.py"]);
    expect(ranked.find((r) => r.path === "pkg/units/core.py")?.signals.symbol).toBeGreaterThan(0);
    expect(index.tags.definers("to_value")).toEqual([0, 3]);
    expect(index.tags.definers("Quantity")).toEqual([0]);

    const map = renderRepoMap(index, ranked, 4000, { maxFiles: 3 });
    expect(map).toContain("pkg/units/quantity.py\n  3: class Quantity:\n    4: def to_value(self, unit=None):");
    // The three files shown, less the test and the vendored module, which regexes read.
    const shown = ranked.slice(0, 3).map((r) => r.path).filter((p) => !p.includes("/tests/") && !p.includes("/extern/"));
    expect([...parsed].sort()).toEqual(shown.sort());
    expect(index.tags.tagged).toBe(3);
  });

  it("parses a file another parser reads when a name it contains is asked about, and every code file for all names", () => {
    const files: SourceFile[] = [
      { path: "web/shape.ts", text: "export class Shape {\n  area(): number {\n    return 0;\n  }\n}\n" },
      { path: "web/circle.ts", text: "import { Shape } from './shape';\nexport class Circle extends Shape {\n  area(): number {\n    return 3;\n  }\n}\n" },
      { path: "web/util.ts", text: "export function clamp(x: number): number {\n  return x;\n}\n" },
      { path: "lib/area.py", text: "def area(shape):\n    return shape.area()\n" },
    ];
    const { tagger, parsed } = spy(treeSitter);
    const index = buildIndex(files, { tagger });
    // Methods have no keyword before them: the scan cannot tell, the parser can.
    expect(index.tags.definers("area")).toEqual([0, 1, 3]);
    expect(parsed).toEqual(["web/shape.ts", "web/circle.ts"]);
    expect(index.tags.definers("missing_name")).toEqual([]);
    expect(parsed).toHaveLength(2);
    expect(index.tags.definedNames()).toEqual(new Set(["Shape", "area", "Circle", "clamp"]));
    expect(parsed).toEqual(["web/shape.ts", "web/circle.ts", "web/util.ts", "lib/area.py"]);
  });
});

describe("files read from a commit", () => {
  it("keep their bytes for the tokeniser and decode their text when first read", async () => {
    const bytes = new TextEncoder().encode("def café():\n    return 'é'\n");
    const reader: FileReader = { listFiles: async () => [{ path: "a.py", oid: "1", mode: "100644" }], readFile: async () => bytes };
    const [file] = (await loadSourceFiles(reader, "c0ffee")).files;
    expect(file?.bytes).toBe(bytes);
    expect(Object.keys(file ?? {})).toEqual(["path", "text", "oid"]);
    expect(file?.text).toBe("def café():\n    return 'é'\n");
    expect(file?.bytes).toBeUndefined();
    expect(buildIndex(file === undefined ? [] : [file]).bm25.termIds.has("caf")).toBe(true);
  });
});
