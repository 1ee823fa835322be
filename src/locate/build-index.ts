/** Builds the in-memory index of a repository: retrieval terms, definitions, path lookup and file graph. */
import type { BlobCache, BlobTerms } from "./blob-cache.js";
import { Bm25Builder, type Bm25Index } from "./bm25.js";
import { WordTable } from "./byte-tokenize.js";
import { CODE_EXT, fileRole, isVendored } from "./file-role.js";
import { buildFileGraph } from "./file-graph.js";
import { ImportResolver } from "./import-resolver.js";
import { IndexTags } from "./index-tags.js";
import type { FileGraph } from "./pagerank.js";
import { PathLookup } from "./path-lookup.js";
import { regexTagger, regexTags } from "./regex-tagger.js";
import type { ScanLanguage, ScanTags } from "./scan-tags.js";
import type { TokenisedText } from "./tokenize.js";
import type { FileRole, SourceFile, Tagger } from "./types.js";

export interface LocateIndex {
  readonly files: readonly SourceFile[];
  readonly lookup: PathLookup;
  readonly roles: readonly FileRole[];
  readonly bm25: Bm25Index;
  /** BM25 over windows of lines, so one relevant function in a long file is not diluted. */
  readonly chunkBm25: Bm25Index;
  /** The file of each chunk. */
  readonly chunkFile: Int32Array;
  /** Definitions, references and imports of each file, tagged when first asked for. */
  readonly tags: IndexTags;
  /** The file graph, built from the scan tags when first asked for. */
  readonly graph: FileGraph;
}

export interface BuildIndexOptions {
  /** Tags source files (tree-sitter in production); tests and unsupported languages fall back to regexes. */
  tagger?: Tagger;
  /**
   * Terms, scan tags and tags of files with an oid are taken from (and added to) this cache, so unchanged
   * blobs are not tokenised or tagged again; the index is the same with or without it.
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

/**
 * Indexes the files (paths must be unique): one pass over each file's bytes gives its terms and its scan
 * tags; the parser reads a file only when its definitions are asked for. Pure and synchronous once a tagger
 * is loaded.
 */
export function buildIndex(files: readonly SourceFile[], options: BuildIndexOptions = {}): LocateIndex {
  const paths = files.map((f) => f.path);
  const lookup = timed(options, "paths", () => new PathLookup(paths));
  const roles = paths.map(fileRole);
  const tagger = options.tagger ?? regexTagger;
  const text = timed(options, "bm25", () => indexText(files, roles, tagger === regexTagger, options.cache, options));
  const tags = new IndexTags({ files, roles, tagger, cache: options.cache, scans: text.scans, bm25: text.bm25 });
  let graph: FileGraph | undefined;
  return {
    files,
    lookup,
    roles,
    bm25: text.bm25,
    chunkBm25: text.chunkBm25,
    chunkFile: text.chunkFile,
    tags,
    get graph(): FileGraph {
      graph ??= timed(options, "graph", () => buildFileGraph({ paths, ...tags.graphTags(), resolver: new ImportResolver(lookup) }));
      return graph;
    },
  };
}

interface IndexedText {
  bm25: Bm25Index;
  chunkBm25: Bm25Index;
  chunkFile: Int32Array;
  scans: (ScanTags | undefined)[];
}

/** The UTF-8 bytes of a file's text. */
const encoder = new TextEncoder();
const bytesOf = (f: SourceFile): Uint8Array => f.bytes ?? encoder.encode(f.text);

/**
 * How a code file is scanned: Python as the tagger that reads the file reads it (the regex tagger reads tests
 * and vendored folders, and every file when it is the index's tagger), keyword rules for the rest; other
 * files are not scanned.
 */
function scanLanguage(path: string, role: FileRole, regexOnly: boolean): ScanLanguage | undefined {
  if (!CODE_EXT.test(path)) return undefined;
  if (!/\.pyi?$/i.test(path)) return "other";
  return regexOnly || role === "test" || isVendored(path) ? "python-regex" : "python";
}

/** Each file is tokenised once; its ids feed the whole-file index (with the path's words) and the passage index. */
function indexText(
  files: readonly SourceFile[],
  roles: readonly FileRole[],
  regexOnly: boolean,
  blobs: BlobCache | undefined,
  clock: Pick<BuildIndexOptions, "now" | "timings">,
): IndexedText {
  const now = clock.now;
  let termsMs = 0;
  const table = new WordTable();
  const local = new LocalTerms();
  const fileIndex = new Bm25Builder();
  const chunkIndex = new Bm25Builder();
  const chunkFile: number[] = [];
  const scans: (ScanTags | undefined)[] = [];
  const step = Math.max(1, Math.floor(CHUNK_LINES / 2));
  files.forEach((f, i) => {
    const t0 = now?.() ?? 0;
    const pathIds = table.tokenise(encoder.encode(f.path.replace(/[/.\-]/g, " "))).ids.slice();
    const language = scanLanguage(f.path, roles[i] as FileRole, regexOnly);
    const key = language === undefined ? undefined : f.oid;
    const cachedTerms = f.oid === undefined ? undefined : blobs?.terms(f.oid);
    const cachedScan = key === undefined || language === undefined ? undefined : blobs?.scan(key, language);
    let tokens: TokenisedText;
    if (cachedTerms !== undefined && (language === undefined || cachedScan !== undefined)) {
      tokens = local.toGlobal(cachedTerms, table);
      scans.push(cachedScan);
    } else {
      const scanned = table.tokenise(bytesOf(f), language === undefined ? undefined : { language, text: () => f.text });
      tokens = scanned;
      scans.push(scanned.scan);
      if (blobs !== undefined && f.oid !== undefined) {
        if (cachedTerms === undefined) blobs.setTerms(f.oid, local.fromGlobal(scanned, table));
        if (language !== undefined && scanned.scan !== undefined) blobs.setScan(f.oid, language, scanned.scan);
      }
    }
    if (now !== undefined) termsMs += now() - t0;
    const { ids, lineStarts } = tokens;
    fileIndex.add(ids, 0, ids.length, pathIds);
    const lines = lineStarts.length - 1;
    for (let start = 0; start === 0 || start + step < lines; start += step) {
      chunkIndex.add(ids, lineStarts[start] as number, lineStarts[Math.min(lines, start + CHUNK_LINES)] as number);
      chunkFile.push(i);
    }
  });
  if (clock.timings !== undefined) clock.timings["bm25.terms"] = (clock.timings["bm25.terms"] ?? 0) + termsMs;
  return { bm25: fileIndex.finish(table.vocabulary), chunkBm25: chunkIndex.finish(table.vocabulary), chunkFile: Int32Array.from(chunkFile), scans };
}

/**
 * A blob's tokens as the cache keeps them (ids into a list of terms: the index's own, shared by its blobs)
 * and as an index reads them (ids of its vocabulary). Cached terms are mapped onto the vocabulary in order
 * of first appearance in the text, which gives new terms the ids tokenising the text would give them.
 */
class LocalTerms {
  /** #seen[k] === #epoch: the blob's term k already has vocabulary id #idOf[k]. */
  #seen = new Int32Array(1 << 16);
  #idOf = new Int32Array(1 << 16);
  #epoch = 0;

  toGlobal(blob: BlobTerms, table: WordTable): TokenisedText {
    if (this.#seen.length < blob.terms.length) {
      this.#seen = new Int32Array(Math.max(blob.terms.length, this.#seen.length * 2));
      this.#idOf = new Int32Array(this.#seen.length);
      this.#epoch = 0;
    }
    const epoch = ++this.#epoch;
    const seen = this.#seen;
    const idOf = this.#idOf;
    const ids = new Int32Array(blob.ids.length);
    for (let k = 0; k < ids.length; k++) {
      const local = blob.ids[k] as number;
      if (seen[local] !== epoch) {
        seen[local] = epoch;
        idOf[local] = table.idOf(blob.terms[local] as string);
      }
      ids[k] = idOf[local] as number;
    }
    return { ids, lineStarts: blob.lineStarts };
  }

  /** What the cache keeps of a blob the table tokenised: its ids into the table's own term list. */
  fromGlobal(tokens: TokenisedText, table: WordTable): BlobTerms {
    return { terms: table.terms, ids: tokens.ids.slice(), lineStarts: tokens.lineStarts.slice(), shared: true };
  }
}

/** Every name the files define, tagged as the index tags them (for checks that need only the names). */
export function definedNames(files: readonly SourceFile[], tagger: Tagger = regexTagger): Set<string> {
  const names = new Set<string>();
  files.forEach((file) => {
    if (!CODE_EXT.test(file.path)) return;
    const fileTagger = fileRole(file.path) === "test" || isVendored(file.path) ? regexTagger : tagger;
    for (const d of (fileTagger.tag(file.path, file.text) ?? regexTags(file.path, file.text)).defs) names.add(d.name);
  });
  return names;
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
