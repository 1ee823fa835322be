import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BlobCache } from "../../../src/locate/blob-cache.js";
import { buildIndex, type LocateIndex } from "../../../src/locate/build-index.js";
import { rankFiles } from "../../../src/locate/rank.js";
import { createTreeSitterTagger, type TreeSitterTagger } from "../../../src/locate/tree-sitter-tagger.js";
import type { SourceFile, Tagger } from "../../../src/locate/types.js";

const blobOid = (text: string): string => {
  const bytes = Buffer.from(text, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
};
const file = (path: string, text: string): SourceFile => ({ path, text, oid: blobOid(text) });

/** Real source (this folder's TypeScript) beside Python modules, a test and a document sharing words with it. */
function repository(): SourceFile[] {
  const dir = join(import.meta.dirname, "../../../src/locate");
  const ts = readdirSync(dir).filter((n) => n.endsWith(".ts")).sort().map((n) => file(`src/locate/${n}`, readFileSync(join(dir, n), "utf8")));
  return [
    ...ts,
    file("pkg/units/quantity.py", 'from .core import Unit\n\nclass Quantity:\n    def to_value(self, unit=None):\n        """Convert to a plain value."""\n        return self.unit._to(unit) * self.value\n'),
    file("pkg/units/core.py", "class Unit:\n    def _to(self, other):\n        raise UnitConversionError('not convertible')\n\nclass UnitConversionError(ValueError):\n    pass\n"),
    file("pkg/units/tests/test_quantity.py", "from pkg.units.quantity import Quantity\n\ndef test_to_value():\n    assert Quantity().to_value() == 1\n"),
    file("docs/units.rst", "Units\n=====\n\nHow a quantity converts its value between units; BM25 ranks files for an issue.\n"),
  ];
}

const QUERIES = [
  "Quantity.to_value raises UnitConversionError for dimensionless units in pkg/units/quantity.py",
  "the BM25 index of passages ranks a tokenised file wrongly when the vocabulary grows",
  "tree-sitter tags miss a definition; the repo map shows no signature",
];

/** Everything an index holds that ranking and the repo map read, as plain data. */
function shape(index: LocateIndex): unknown {
  const bm25 = (b: LocateIndex["bm25"]) => ({ ...b, termIds: [...b.termIds] });
  const defs = index.files.map((_, i) => index.tags.defs(i));
  const names = [...index.tags.definedNames()].sort();
  return { bm25: bm25(index.bm25), chunk: bm25(index.chunkBm25), chunkFile: index.chunkFile, defs, definers: names.map((n) => [n, index.tags.definers(n)]), graph: index.graph };
}

function counting(tagger: Tagger): { tagger: Tagger; calls: string[] } {
  const calls: string[] = [];
  return { calls, tagger: { name: tagger.name, tag: (path, text) => (calls.push(path), tagger.tag(path, text)) } };
}

describe("the per-blob cache", () => {
  let treeSitter: TreeSitterTagger;
  beforeAll(async () => {
    treeSitter = await createTreeSitterTagger({ languages: ["python", "typescript"] });
  });

  it("gives the same index and rankings as indexing without it, cold, warm and after one file changes", () => {
    const files = repository();
    const changedAt = files.findIndex((f) => f.path === "pkg/units/core.py");
    const changed = files.map((f, i) => (i === changedAt ? file(f.path, `${f.text}\ndef dimensionless_scale(unit):\n    return Unit()._to(unit)\n`) : f));
    const cache = new BlobCache();
    for (const tree of [files, files, changed]) {
      const plain = buildIndex(tree, { tagger: treeSitter });
      const cached = buildIndex(tree, { tagger: treeSitter, cache });
      expect(shape(cached)).toEqual(shape(plain));
      for (const q of QUERIES) expect(rankFiles(cached, q)).toEqual(rankFiles(plain, q));
    }
    expect(buildIndex(changed, { tagger: treeSitter, cache }).tags.definers("dimensionless_scale")).toEqual([changedAt]);
  });

  it("tags and tokenises only the blobs it has not seen", () => {
    const files = repository();
    const cache = new BlobCache();
    const first = counting(treeSitter);
    buildIndex(files, { tagger: first.tagger, cache }).tags.definedNames();
    expect(first.calls.length).toBeGreaterThan(10);
    const second = counting(treeSitter);
    const changed = files.map((f) => (f.path === "src/locate/bm25.ts" ? file(f.path, `${f.text}\nexport const EXTRA = 1;\n`) : f));
    const index = buildIndex(changed, { tagger: second.tagger, cache });
    index.tags.definedNames();
    expect(second.calls).toEqual(["src/locate/bm25.ts"]);
    expect(index.bm25.termIds.has("extra")).toBe(true);
  });

  it("keys tags by path as well as blob, so the same text under another extension is tagged again", () => {
    const text = "export function shared(): number {\n  return 1;\n}\n";
    const cache = new BlobCache();
    const seen = counting(treeSitter);
    buildIndex([file("a/one.ts", text)], { tagger: seen.tagger, cache }).tags.definedNames();
    buildIndex([file("a/one.ts", text), file("b/two.py", text)], { tagger: seen.tagger, cache }).tags.definedNames();
    expect(seen.calls).toEqual(["a/one.ts", "b/two.py"]);
  });

  it("stays within its byte budget, dropping the least recently used blob first", () => {
    const cache = new BlobCache(4000);
    const terms = (n: number) => ({ terms: Array.from({ length: n }, (_, k) => `term${k}`), ids: new Int32Array(n), lineStarts: new Int32Array(2) });
    cache.setTerms("a", terms(10));
    cache.setTerms("b", terms(10));
    expect(cache.terms("a")).toBeDefined();
    for (let k = 0; k < 5; k++) cache.setTerms(`c${k}`, terms(10));
    expect(cache.bytes).toBeLessThanOrEqual(4000);
    expect(cache.terms("b")).toBeUndefined();
    expect(cache.terms("a")).toBeDefined();
    expect(cache.terms("c4")).toBeDefined();
    cache.setTerms("huge", terms(1000));
    expect(cache.terms("huge")).toBeUndefined();
  });
});
