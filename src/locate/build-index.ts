/** Builds the in-memory index of a repository: retrieval terms, definitions, path lookup and file graph. */
import { Bm25Builder, type Bm25Index } from "./bm25.js";
import { CODE_EXT, fileRole } from "./file-role.js";
import { buildFileGraph } from "./file-graph.js";
import { ImportResolver } from "./import-resolver.js";
import type { FileGraph } from "./pagerank.js";
import { PathLookup } from "./path-lookup.js";
import { regexTagger } from "./regex-tagger.js";
import { tokeniseToIds } from "./tokenize.js";
import type { Definition, FileRole, SourceFile, Tagger } from "./types.js";


export interface LocateIndex {
  readonly files: readonly SourceFile[];
  readonly lookup: PathLookup;
  readonly roles: readonly FileRole[];
  readonly bm25: Bm25Index;
  /** BM25 over windows of lines, so one relevant function in a long file is not diluted. */
  readonly chunkBm25: Bm25Index;
  /** The file of each chunk. */
  readonly chunkFile: Int32Array;
  readonly defs: readonly (readonly Definition[])[];
  /** Name → files that define it. */
  readonly definers: ReadonlyMap<string, readonly number[]>;
  readonly graph: FileGraph;
}

export interface BuildIndexOptions {
  /** Tags source files (tree-sitter in production); tests and unsupported languages fall back to regexes. */
  tagger?: Tagger;
  /** A clock in milliseconds; when given, the time of each phase is added to `timings`. */
  now?: () => number;
  timings?: Record<string, number>;
}

/** Runs a phase, adding its duration to `timings[name]` when a clock is given. */
export function timed<T>(options: { now?: () => number; timings?: Record<string, number> }, name: string, run: () => T): T {
  const { now, timings } = options;
  if (now === undefined || timings === undefined) return run();
  const start = now();
  const result = run();
  timings[name] = (timings[name] ?? 0) + now() - start;
  return result;
}

/** Indexes the files (paths must be unique). Pure and synchronous once a tagger is loaded. */
export function buildIndex(files: readonly SourceFile[], options: BuildIndexOptions = {}): LocateIndex {
  const tagger = options.tagger ?? regexTagger;
  const paths = files.map((f) => f.path);
  const lookup = timed(options, "paths", () => new PathLookup(paths));
  const roles = paths.map(fileRole);
  // Each file is tokenised once; its ids feed the whole-file index and the passage index.
  const vocabulary = new Map<string, number>();
  const cache = new Map<string, readonly number[]>();
  const fileIndex = new Bm25Builder();
  const chunkIndex = new Bm25Builder();
  const chunkFileList: number[] = [];
  timed(options, "bm25", () => {
    const step = Math.max(1, Math.floor(CHUNK_LINES / 2));
    files.forEach((f, i) => {
      const pathIds = tokeniseToIds(f.path.replace(/[/.\-]/g, " "), vocabulary, cache).ids;
      const { ids, lineStarts } = tokeniseToIds(f.text, vocabulary, cache);
      const whole = new Int32Array(pathIds.length + ids.length);
      whole.set(pathIds);
      whole.set(ids, pathIds.length);
      fileIndex.add(whole);
      const lines = lineStarts.length - 1;
      for (let start = 0; start === 0 || start + step < lines; start += step) {
        chunkIndex.add(ids, lineStarts[start] as number, lineStarts[Math.min(lines, start + CHUNK_LINES)] as number);
        chunkFileList.push(i);
      }
    });
  });
  const bm25 = fileIndex.finish(vocabulary);
  const chunkBm25 = chunkIndex.finish(vocabulary);
  const chunkFile = Int32Array.from(chunkFileList);
  const defs: Definition[][] = [];
  const refs: string[][] = [];
  const imports: string[][] = [];
  const definers = new Map<string, number[]>();
  timed(options, "tags", () => files.forEach((file, i) => {
    if (!CODE_EXT.test(file.path)) {
      defs.push([]);
      refs.push([]);
      imports.push([]);
      return;
    }
    // Tests are tagged by regexes: cheaper, and their definitions rarely matter for a fix.
    const tags = (roles[i] === "test" ? null : tagger.tag(file.path, file.text)) ?? regexTagger.tag(file.path, file.text);
    defs.push(tags?.defs ?? []);
    refs.push(tags?.refs ?? []);
    imports.push(tags?.imports ?? []);
    const seen = new Set<string>();
    for (const d of tags?.defs ?? []) {
      if (seen.has(d.name)) continue;
      seen.add(d.name);
      const list = definers.get(d.name);
      if (list === undefined) definers.set(d.name, [i]);
      else list.push(i);
    }
  }));
  const graph = timed(options, "graph", () => buildFileGraph({ paths, imports, refs, definers, resolver: new ImportResolver(lookup) }));
  return { files, lookup, roles, bm25, chunkBm25, chunkFile, defs, definers, graph };
}

export const CHUNK_LINES = 40;

/** Consecutive windows of `size` lines, each overlapping the previous by half. */
export function* lineWindows(text: string, size: number): Generator<string> {
  const lines = text.split("\n");
  const step = Math.max(1, Math.floor(size / 2));
  for (let start = 0; start === 0 || start + step < lines.length; start += step) {
    yield lines.slice(start, start + size).join("\n");
  }
}
