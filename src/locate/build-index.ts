/** Builds the in-memory index of a repository: retrieval terms, definitions, path lookup and file graph. */
import type { BlobCache } from "./blob-cache.js";
import { Bm25Builder, type Bm25Index } from "./bm25.js";
import { CODE_EXT, fileRole, isVendored } from "./file-role.js";
import { buildFileGraph } from "./file-graph.js";
import { ImportResolver } from "./import-resolver.js";
import type { FileGraph } from "./pagerank.js";
import { PathLookup } from "./path-lookup.js";
import { regexTagger } from "./regex-tagger.js";
import { tokeniseTerms, tokeniseToIds, type TermCache, type TokenisedText } from "./tokenize.js";
import type { Definition, FileRole, FileTags, SourceFile, Tagger } from "./types.js";


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
  /**
   * Terms and tags of files with an oid are taken from (and added to) this cache, so unchanged blobs are
   * not tokenised or tagged again; the index is the same with or without it.
   */
  cache?: BlobCache;
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
  const { bm25, chunkBm25, chunkFile } = timed(options, "bm25", () => indexText(files, options.cache));
  const tags = timed(options, "tags", () => tagFiles(files, roles, options.tagger ?? regexTagger, options.cache));
  const graph = timed(options, "graph", () => buildFileGraph({ paths, ...tags, resolver: new ImportResolver(lookup) }));
  return { files, lookup, roles, bm25, chunkBm25, chunkFile, defs: tags.defs, definers: tags.definers, graph };
}

/** Each file is tokenised once; its ids feed the whole-file index (with the path's words) and the passage index. */
function indexText(files: readonly SourceFile[], blobs: BlobCache | undefined): { bm25: Bm25Index; chunkBm25: Bm25Index; chunkFile: Int32Array } {
  const vocabulary = new Map<string, number>();
  const cache = new Map<string, readonly number[]>();
  const words: TermCache = new Map();
  const fileIndex = new Bm25Builder();
  const chunkIndex = new Bm25Builder();
  const chunkFile: number[] = [];
  const step = Math.max(1, Math.floor(CHUNK_LINES / 2));
  files.forEach((f, i) => {
    const pathIds = tokeniseToIds(f.path.replace(/[/.\-]/g, " "), vocabulary, cache).ids;
    const { ids, lineStarts } =
      blobs === undefined || f.oid === undefined ? tokeniseToIds(f.text, vocabulary, cache) : blobTokens(f.text, f.oid, blobs, vocabulary, words);
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

/**
 * A blob's tokens from the cache (tokenised on a miss), mapped onto the vocabulary. Its terms are in order
 * of first appearance, so new terms get the ids tokenising the text into the vocabulary would give them.
 */
function blobTokens(text: string, oid: string, blobs: BlobCache, vocabulary: Map<string, number>, words: TermCache): TokenisedText {
  let blob = blobs.terms(oid);
  if (blob === undefined) {
    blob = tokeniseTerms(text, words);
    blobs.setTerms(oid, blob);
  }
  const toGlobal = new Int32Array(blob.terms.length);
  blob.terms.forEach((term, k) => {
    let id = vocabulary.get(term);
    if (id === undefined) {
      id = vocabulary.size;
      vocabulary.set(term, id);
    }
    toGlobal[k] = id;
  });
  const ids = new Int32Array(blob.ids.length);
  for (let k = 0; k < ids.length; k++) ids[k] = toGlobal[blob.ids[k] as number] as number;
  return { ids, lineStarts: blob.lineStarts };
}

interface FileTagsByIndex {
  defs: Definition[][];
  refs: string[][];
  imports: string[][];
  definers: Map<string, number[]>;
}

/**
 * Tags source files; tests and vendored folders are tagged by regexes (cheaper, and their definitions rarely
 * matter for a fix).
 */
function tagFiles(files: readonly SourceFile[], roles: readonly FileRole[], tagger: Tagger, blobs?: BlobCache): FileTagsByIndex {
  const out: FileTagsByIndex = { defs: [], refs: [], imports: [], definers: new Map() };
  files.forEach((file, i) => {
    const tags = !CODE_EXT.test(file.path) ? null : tagFile(file, roles[i] === "test" || isVendored(file.path) ? regexTagger : tagger, blobs);
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

function tagFile(file: SourceFile, tagger: Tagger, blobs: BlobCache | undefined): FileTags | null {
  const cached = file.oid === undefined ? undefined : blobs?.tags(file.oid, tagger.name, file.path);
  if (cached !== undefined) return cached;
  const tags = tagger.tag(file.path, file.text) ?? regexTagger.tag(file.path, file.text);
  if (file.oid !== undefined) blobs?.setTags(file.oid, tagger.name, file.path, tags);
  return tags;
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
