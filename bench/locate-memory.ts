/**
 * Memory of the locate index on a synthetic 10,000-file repository (Python modules, tests and docs, ~6 KB each).
 * Run with `npm run bench:locate-memory` (node --expose-gc). Prints heap and RSS before and after indexing.
 */
import { buildIndex } from "../src/locate/build-index.js";
import { rankFiles } from "../src/locate/rank.js";
import { createTreeSitterTagger } from "../src/locate/tree-sitter-tagger.js";
import type { SourceFile } from "../src/locate/types.js";

const FILES = Number(process.argv[2] ?? "10000");

/** A small deterministic PRNG (mulberry32), so every run builds the same repository. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = random(42);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
const syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vi", "zo", "pe", "da", "shi", "gor", "bel", "tran", "quin", "sto", "rex", "ul"];
const words = Array.from({ length: 6000 }, () => Array.from({ length: 2 + Math.floor(rand() * 3) }, () => pick(syllables)).join(""));
// Code reuses its names: identifiers come from fixed pools, drawn with a skew (a few are very common).
const skewed = <T>(list: readonly T[]): T => list[Math.floor(list.length * rand() * rand())] as T;
const identPool = Array.from({ length: 40_000 }, () => `${pick(words)}_${pick(words)}`);
const classPool = Array.from({ length: 10_000 }, () => pick(words).replace(/^./, (c) => c.toUpperCase()) + pick(words).replace(/^./, (c) => c.toUpperCase()));
const ident = (): string => skewed(identPool);
const camel = (): string => skewed(classPool);

function pythonModule(i: number, packages: readonly string[]): string {
  const lines: string[] = [`"""${pick(words)} ${pick(words)} ${pick(words)} module."""`];
  for (let k = 0; k < 4; k++) lines.push(`from ${pick(packages)}.mod${Math.floor(rand() * FILES)} import ${camel()}`);
  lines.push("");
  const classes = 2 + Math.floor(rand() * 3);
  for (let c = 0; c < classes; c++) {
    lines.push(`class ${camel()}${i}(${camel()}):`, `    """${pick(words)} ${pick(words)}."""`);
    for (let m = 0; m < 3 + Math.floor(rand() * 4); m++) {
      lines.push(`    def ${ident()}(self, ${ident()}, ${ident()}=None):`);
      for (let b = 0; b < 3 + Math.floor(rand() * 6); b++) lines.push(`        ${ident()} = self.${ident()}(${ident()}, "${pick(words)} ${pick(words)}")`);
      lines.push(`        return ${ident()}`, "");
    }
  }
  return lines.join("\n");
}

function makeRepository(n: number): SourceFile[] {
  const packages = Array.from({ length: 40 }, (_, k) => `pkg${k}`);
  const files: SourceFile[] = [];
  for (let i = 0; i < n; i++) {
    const kind = rand();
    const pkg = pick(packages);
    if (kind < 0.7) files.push({ path: `src/${pkg}/mod${i}.py`, text: pythonModule(i, packages) });
    else if (kind < 0.93) files.push({ path: `tests/${pkg}/test_mod${i}.py`, text: pythonModule(i, packages) });
    else files.push({ path: `docs/${pkg}/page${i}.md`, text: Array.from({ length: 120 }, () => `${pick(words)} ${pick(words)} ${pick(words)} ${pick(words)} ${pick(words)}.`).join("\n") });
  }
  return files;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with node --expose-gc");
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);

const tagger = process.argv.includes("--regex") ? undefined : await createTreeSitterTagger({ languages: ["python"] });
gc();
const start = process.memoryUsage();
const files = makeRepository(FILES);
const textBytes = files.reduce((sum, f) => sum + f.text.length, 0);
gc();
const withTexts = process.memoryUsage();
const t0 = performance.now();
const index = buildIndex(files, tagger === undefined ? {} : { tagger });
const indexMs = performance.now() - t0;
// Array buffers are released by the garbage collector in the background: collect until the figure settles.
for (let i = 0; i < 3; i++) {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 50));
}
const after = process.memoryUsage();
const t1 = performance.now();
const ranked = rankFiles(index, `${camel()} fails\nCalling \`${ident()}\` in src/pkg3/mod12.py raises`);
const rankMs = performance.now() - t1;
process.stdout.write(
  [
    `files=${files.length} text=${mb(textBytes)}MB (${(textBytes / files.length / 1024).toFixed(1)} KB per file)`,
    `texts alone: heap +${mb(withTexts.heapUsed - start.heapUsed)}MB`,
    `index (without the texts it keeps): heap +${mb(after.heapUsed - withTexts.heapUsed)}MB, array buffers +${mb(after.arrayBuffers - withTexts.arrayBuffers)}MB`,
    `index including texts: heap+buffers +${mb(after.heapUsed + after.arrayBuffers - start.heapUsed - start.arrayBuffers)}MB, RSS +${mb(after.rss - start.rss)}MB (RSS now ${mb(after.rss)}MB)`,
    `typed arrays of the index: ${mb(
      [index.bm25, index.chunkBm25].reduce((sum, b) => sum + b.postingStart.byteLength + b.postingDocs.byteLength + b.postingFreqs.byteLength + b.docLengths.byteLength, 0) +
        index.chunkFile.byteLength +
        index.graph.targets.byteLength +
        index.graph.weights.byteLength,
    )}MB (postings: files ${index.bm25.postingDocs.length}, passages ${index.chunkBm25.postingDocs.length}; vocabulary ${index.bm25.termIds.size} terms)`,
    `build ${indexMs.toFixed(0)} ms, rank ${rankMs.toFixed(0)} ms, top ${ranked[0]?.path ?? "-"}`,
    "",
  ].join("\n"),
);
