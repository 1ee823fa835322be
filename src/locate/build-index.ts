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
  const paths = files.map((f) => f.path);
  const lookup = timed(options, "paths", () => new PathLookup(paths));
  const roles = paths.map(fileRole);
  const { bm25, chunkBm25, chunkFile } = timed(options, "bm25", () => indexText(files));
  const tags = timed(options, "tags", () => tagFiles(files, roles, options.tagger ?? regexTagger));
  const graph = timed(options, "graph", () => buildFileGraph({ paths, ...tags, resolver: new ImportResolver(lookup) }));
  return { files, lookup, roles, bm25, chunkBm25, chunkFile, defs: tags.defs, definers: tags.definers, graph };
}

/** Each file is tokenised once; its ids feed the whole-file index (with the path's words) and the passage index. */
function indexText(files: readonly SourceFile[]): { bm25: Bm25Index; chunkBm25: Bm25Index; chunkFile: Int32Array } {
  const vocabulary = new Map<string, number>();
  const cache = new Map<string, readonly number[]>();
  const fileIndex = new Bm25Builder();
  const chunkIndex = new Bm25Builder();
  const chunkFile: number[] = [];
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
      chunkFile.push(i);
    }
  });
  return { bm25: fileIndex.finish(vocabulary), chunkBm25: chunkIndex.finish(vocabulary), chunkFile: Int32Array.from(chunkFile) };
}

interface FileTagsByIndex {
  defs: Definition[][];
  refs: string[][];
  imports: string[][];
  definers: Map<string, number[]>;
}

/** Tags source files; tests are tagged by regexes (cheaper, and their definitions rarely matter for a fix). */
function tagFiles(files: readonly SourceFile[], roles: readonly FileRole[], tagger: Tagger): FileTagsByIndex {
  const out: FileTagsByIndex = { defs: [], refs: [], imports: [], definers: new Map() };
  files.forEach((file, i) => {
    const tags = !CODE_EXT.test(file.path) ? null : ((roles[i] === "test" ? null : tagger.tag(file.path, file.text)) ?? regexTagger.tag(file.path, file.text));
    out.defs.push(tags?.defs ?? []);
    out.refs.push(tags?.refs ?? []);
    out.imports.push(tags?.imports ?? []);
    for (const name of new Set((tags?.defs ?? []).map((d) => d.name))) {
      const list = out.definers.get(name);
      if (list === undefined) out.definers.set(name, [i]);
      else list.push(i);
    }
  });
  return out;
}

/** Every name the files define, tagged as the index tags them (for checks that need only the names). */
export function definedNames(files: readonly SourceFile[], tagger: Tagger = regexTagger): Set<string> {
  return new Set(tagFiles(files, files.map((f) => fileRole(f.path)), tagger).definers.keys());
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
