/**
 * `npm run bench:locate-time [-- --repo PATH --rounds N]`: the time from an in-memory clone
 * to a ranking of every file (locate's first stage, before any model call), and where it goes,
 * against native git reading the same files, in the same run.
 *
 * The repository (default: a synthetic astropy-sized Python tree of 1,800 files; `--repo` takes
 * any git repository, e.g. a mirror of astropy) is served by `git http-backend` on 127.0.0.1 and
 * cloned in memory once. Each round then, in this process:
 *   read   every blob of the commit through the Workspace port (loadSourceFiles)
 *   load   the tree-sitter grammars the files need (once per process: the first round pays it)
 *   index  one pass over each file's bytes: terms, passages and scan tags, then the BM25 postings (buildIndex)
 *   rank   rankFiles for an issue text, with what it builds on first use: the file graph, and the
 *          definitions of files another language's parser reads
 * then, after the ranking, the repo map the model is shown (renderRepoMap, which parses the files it lists),
 * and native git reads the same blobs (`git cat-file --batch` over `git ls-tree -r`).
 * Then, as a follow-up job in the same process would, the same stage runs with a per-blob cache
 * (BlobCache): once to fill it, again on the same commit (warm), and on a commit that changes one
 * source file (warm, one file changed).
 * Figures are medians over rounds. The last line is what scripts read:
 *   locate: ms=<clone to ranking> goal_ratio=<ms/1000> native_read_ms=<> read_ratio=<read/native read>
 *           warm_ms=<the same, warm cache> warm_ratio=<warm_ms/ms> warm_changed_ms=<after a one-file commit>
 *           map_ms=<the repo map after the ranking>
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { cloneInMemory } from "../src/git/memory-clone.js";
import { BlobCache } from "../src/locate/blob-cache.js";
import { buildIndex } from "../src/locate/build-index.js";
import { loadSourceFiles } from "../src/locate/load-files.js";
import { rankFiles } from "../src/locate/rank.js";
import { renderRepoMap } from "../src/locate/repo-map.js";
import { createTreeSitterTagger, grammarsFor } from "../src/locate/tree-sitter-tagger.js";
import type { Tagger } from "../src/locate/types.js";
import { startGitServer } from "../test/helpers/git-server.js";

const TOKEN = "bench-token";
/** The repo map's budget in the locate step (src/agent/locate-step.ts). */
const MAP_TOKENS = 4_000;
const ISSUE =
  "Quantity.to_value raises UnitConversionError for dimensionless scaled units\n\nCalling `(5 * u.percent).to_value(u.one)` in units/quantity.py fails:\n\nTraceback (most recent call last):\n  File \"astropy/units/quantity.py\", line 982, in to_value\n    scale = self.unit._to(unit)\nUnitConversionError: '%' and '' are not convertible";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** A Python package of `files` modules in nested folders, importing each other, with tests and docs. */
function syntheticRepo(dir: string, files: number): void {
  execFileSync("git", ["init", "-q", "-b", "main", dir]);
  for (let i = 0; i < files; i++) {
    const pkg = `pkg/sub${i % 23}/mod${Math.floor(i / 23) % 7}`;
    const path = i % 9 === 0 ? `docs/page${i}.rst` : i % 5 === 0 ? `${pkg}/tests/test_m${i}.py` : `${pkg}/m${i}.py`;
    const body =
      i % 9 === 0
        ? `Page ${i}\n${"=".repeat(8)}\n\nHow quantity ${i} converts units, with examples.\n`
        : [
            `"""Module ${i}: unit conversion helpers."""`,
            `from pkg.sub${(i + 1) % 23} import mod${(i + 2) % 7}`,
            "",
            ...Array.from({ length: 12 }, (_, f) => `def convert_${i}_${f}(value, unit=None):\n    """Convert value ${f}."""\n    scale = value * ${f + 1}\n    return scale if unit is None else unit._to(scale)\n`),
            `class Quantity${i}:\n    def to_value(self, unit):\n        return convert_${i}_0(self, unit)\n`,
          ].join("\n");
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), body);
  }
  execFileSync("git", ["-C", dir, "add", "-A"]);
  execFileSync("git", ["-C", dir, "-c", "user.name=b", "-c", "user.email=b@b", "commit", "-qm", "tree"]);
}

const rounds = Number(arg("--rounds") ?? 3);
const work = mkdtempSync(join(tmpdir(), "stacksmith-locate-"));
const source = arg("--repo") ?? join(work, "synthetic");
if (arg("--repo") === undefined) syntheticRepo(source, 1800);
const server = await startGitServer({ token: TOKEN });
try {
  const served = server.repoPath("bench", "repo");
  mkdirSync(join(served, ".."), { recursive: true });
  execFileSync("git", ["clone", "-q", "--bare", "--depth", "1", "--no-tags", `file://${source}`, served]);
  const branch = execFileSync("git", ["-C", served, "symbolic-ref", "--short", "HEAD"], { encoding: "utf8" }).trim();
  const ws = await cloneInMemory({ url: server.repoUrl("bench", "repo"), branch, token: async () => TOKEN, pushScope: null });
  const commit = ws.head;

  /** Clone to ranking through the cache, as indexWorkspace runs it. */
  const cachedStage = async (at: string, cache: BlobCache): Promise<number> => {
    const start = performance.now();
    const loaded = await loadSourceFiles(ws, at);
    const tagger = await createTreeSitterTagger({ languages: grammarsFor(loaded.files.map((f) => f.path)) });
    rankFiles(buildIndex(loaded.files, { tagger, cache }), ISSUE);
    return performance.now() - start;
  };
  const entries = await ws.listFiles(commit);
  const edited = entries.find((e) => /\.py$/.test(e.path) && !/(^|\/)(tests?|\.[^/]+)\//.test(e.path)) ?? entries.find((e) => e.mode === "100644");
  if (edited === undefined) throw new Error("the repository has no file to change");
  const editedText = new TextDecoder().decode((await ws.readFile(commit, edited.path)) ?? new Uint8Array());
  const changedCommit = await ws.commit({
    parent: commit,
    changes: [{ path: edited.path, content: `${editedText}\n# touched by the benchmark\ndef benchmark_touch():\n    return 1\n` }],
    message: "one-file change",
    author: { name: "bench", email: "bench@example.com" },
  });
  const cached = { fill: [] as number[], warm: [] as number[], changed: [] as number[], bytes: 0 };

  const phases = { build: {} as Record<string, number[]>, read: [] as number[], load: [] as number[], index: [] as number[], rank: [] as number[], parse: [] as number[], map: [] as number[], total: [] as number[], native: [] as number[] };
  let files = 0;
  let parsedForRank = 0;
  let parsedForMap = 0;
  for (let round = 0; round < rounds; round++) {
    const t0 = performance.now();
    const loaded = await loadSourceFiles(ws, commit);
    const t1 = performance.now();
    const tagger = await createTreeSitterTagger({ languages: grammarsFor(loaded.files.map((f) => f.path)) });
    let parseMs = 0;
    const timedTagger: Tagger = {
      name: tagger.name,
      handles: tagger.handles,
      tag: (path, text) => {
        const start = performance.now();
        const out = tagger.tag(path, text);
        parseMs += performance.now() - start;
        return out;
      },
    };
    const t2 = performance.now();
    const timings: Record<string, number> = {};
    const index = buildIndex(loaded.files, { tagger: timedTagger, now: () => performance.now(), timings });
    const t3 = performance.now();
    const ranked = rankFiles(index, ISSUE);
    const t4 = performance.now();
    parsedForRank = index.tags.tagged;
    phases.parse.push(parseMs);
    renderRepoMap(index, ranked, MAP_TOKENS);
    phases.map.push(performance.now() - t4);
    parsedForMap = index.tags.tagged - parsedForRank;
    for (const [name, value] of Object.entries(timings)) (phases.build[name] ??= []).push(value);
    files = loaded.files.length;
    phases.read.push(t1 - t0);
    phases.load.push(t2 - t1);
    phases.index.push(t3 - t2);
    phases.rank.push(t4 - t3);
    phases.total.push(t4 - t0);

    const n0 = performance.now();
    const list = execFileSync("git", ["-C", served, "ls-tree", "-r", "--format=%(objectname)", commit], { encoding: "utf8", maxBuffer: 1 << 28 });
    const cat = spawnSync("git", ["-C", served, "cat-file", "--batch"], { input: list, maxBuffer: 1 << 30 });
    if (cat.status !== 0) throw new Error(`git cat-file failed: ${cat.stderr.toString()}`);
    phases.native.push(performance.now() - n0);

    const cache = new BlobCache();
    cached.fill.push(await cachedStage(commit, cache));
    cached.warm.push(await cachedStage(commit, cache));
    cached.changed.push(await cachedStage(changedCommit, cache));
    cached.bytes = cache.bytes;
  }
  const ms = median(phases.total);
  const native = median(phases.native);
  const med = (name: keyof typeof phases): string => median(phases[name] as number[]).toFixed(0).padStart(6);
  const build = (name: string): string => median(phases.build[name] ?? [0]).toFixed(0);
  console.log(`files indexed: ${files} (of ${(await ws.listFiles(commit)).length} in the tree), ${rounds} rounds, medians:`);
  console.log(`  read   ${med("read")} ms`);
  console.log(`  load   ${med("load")} ms   (grammars; the first round only)`);
  console.log(`  index  ${med("index")} ms   (terms and scan tags ${build("bm25.terms")} ms, postings ${(median(phases.build.bm25 ?? [0]) - median(phases.build["bm25.terms"] ?? [0])).toFixed(0)} ms, paths ${build("paths")} ms)`);
  console.log(`  rank   ${med("rank")} ms   (graph ${build("graph")} ms, parsing ${parsedForRank} files ${median(phases.parse).toFixed(0)} ms)`);
  console.log(`  total  ${ms.toFixed(0).padStart(6)} ms   (native git reading the same blobs: ${native.toFixed(0)} ms)`);
  console.log(`  then the repo map: ${med("map")} ms (parsing the ${parsedForMap} files it shows)`);
  const warm = median(cached.warm);
  const changed = median(cached.changed);
  console.log(`  with the per-blob cache: filling ${median(cached.fill).toFixed(0)} ms, warm ${warm.toFixed(0)} ms, warm after a one-file commit (${edited.path}) ${changed.toFixed(0)} ms; cache ${(cached.bytes / 1048576).toFixed(1)} MiB of ${(new BlobCache().maxBytes / 1048576).toFixed(0)}`);
  console.log(
    `locate: ms=${ms.toFixed(0)} goal_ratio=${(ms / 1000).toFixed(2)} native_read_ms=${native.toFixed(0)} read_ratio=${(median(phases.read) / native).toFixed(2)} warm_ms=${warm.toFixed(0)} warm_ratio=${(warm / ms).toFixed(2)} warm_changed_ms=${changed.toFixed(0)} map_ms=${median(phases.map).toFixed(0)}`,
  );
} finally {
  await server.close();
  rmSync(work, { recursive: true, force: true });
}
