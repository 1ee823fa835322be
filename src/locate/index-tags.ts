/**
 * The tags of an index's files (definitions, references, imports), each file tagged the first time something
 * asks for it: ranking needs the definitions of a few files (those a stack trace passes through, those that
 * may define a name the issue mentions) and the repo map those of the top-ranked files, so the parser reads
 * those files only. Which files may define a name is known without tagging: in Python, and in what the
 * regex tagger reads, a definition's name follows a keyword (the scan lists those words); elsewhere the file
 * contains the name as a word.
 */
import type { BlobCache } from "./blob-cache.js";
import type { Bm25Index } from "./bm25.js";
import { CODE_EXT, isVendored } from "./file-role.js";
import { regexTagger } from "./regex-tagger.js";
import type { ScanTags } from "./scan-tags.js";
import { wordTerms } from "./tokenize.js";
import type { Definition, FileRole, FileTags, SourceFile, Tagger } from "./types.js";

const WORD = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface IndexTagsInput {
  files: readonly SourceFile[];
  roles: readonly FileRole[];
  /** Tags source files; tests and vendored folders are tagged by regexes (cheaper, and their definitions rarely matter). */
  tagger: Tagger;
  cache?: BlobCache;
  /** Scan tags by file (undefined for files that are not code). */
  scans: readonly (ScanTags | undefined)[];
  /** The whole-file index, whose postings tell which files contain a word. */
  bm25: Bm25Index;
}

export class IndexTags {
  readonly #input: IndexTagsInput;
  /** Tags by file: undefined until asked for, null when no tagger handles the file. */
  readonly #tags: (FileTags | null | undefined)[];
  readonly #definers = new Map<string, readonly number[]>();
  /** Files read by Python's rules or the regex tagger, by the words their scan lists as possible names. */
  readonly #scanCandidates = new Map<string, number[]>();
  /** Code files read by another parser: any of them may define a name it contains. */
  readonly #parsed: number[] = [];
  readonly #code: number[] = [];
  #tagged = 0;

  constructor(input: IndexTagsInput) {
    this.#input = input;
    this.#tags = new Array<FileTags | null | undefined>(input.files.length);
    input.files.forEach((file, i) => {
      if (!CODE_EXT.test(file.path)) {
        this.#tags[i] = null;
        return;
      }
      this.#code.push(i);
      const candidates = input.scans[i]?.defCandidates;
      if (candidates === undefined || !this.#readByScanRules(i)) {
        this.#parsed.push(i);
        return;
      }
      for (const name of candidates) {
        const list = this.#scanCandidates.get(name);
        if (list === undefined) this.#scanCandidates.set(name, [i]);
        else list.push(i);
      }
    });
  }

  /** How many files have been tagged so far. */
  get tagged(): number {
    return this.#tagged;
  }

  /** The tagger a file is read with: regexes for tests and vendored folders. */
  taggerOf(file: number): Tagger {
    const path = this.#input.files[file]?.path ?? "";
    return this.#input.roles[file] === "test" || isVendored(path) ? regexTagger : this.#input.tagger;
  }

  /** A file's tags (null for files that are not code), tagging it on first use. */
  of(file: number): FileTags | null {
    const known = this.#tags[file];
    if (known !== undefined) return known;
    const source = this.#input.files[file] as SourceFile;
    const tagger = this.taggerOf(file);
    const { cache } = this.#input;
    let tags = source.oid === undefined ? undefined : cache?.tags(source.oid, tagger.name, source.path);
    if (tags === undefined) {
      tags = tagger.tag(source.path, source.text) ?? regexTagger.tag(source.path, source.text);
      this.#tagged++;
      if (source.oid !== undefined) cache?.setTags(source.oid, tagger.name, source.path, tags);
    }
    this.#tags[file] = tags;
    return tags;
  }

  defs(file: number): readonly Definition[] {
    return this.of(file)?.defs ?? [];
  }

  defines(file: number, name: string): boolean {
    return this.defs(file).some((d) => d.name === name);
  }

  /** The files defining a name, in file order. */
  definers(name: string): readonly number[] {
    let files = this.#definers.get(name);
    if (files === undefined) {
      files = this.#candidates(name).filter((f) => this.defines(f, name));
      this.#definers.set(name, files);
    }
    return files;
  }

  /** Every name the files define (tags every code file). */
  definedNames(): Set<string> {
    const names = new Set<string>();
    for (let i = 0; i < this.#tags.length; i++) for (const d of this.defs(i)) names.add(d.name);
    return names;
  }

  /** Whether the file's definitions are among its scan's candidates: Python, or read by the regex tagger. */
  #readByScanRules(file: number): boolean {
    const path = this.#input.files[file]?.path ?? "";
    if (/\.pyi?$/i.test(path)) return true;
    const tagger = this.taggerOf(file);
    return tagger === regexTagger || tagger.handles?.(path) === false;
  }

  /** Files that may define the name, in file order. */
  #candidates(name: string): number[] {
    if (!WORD.test(name)) return this.#containing(name, this.#code);
    const scanned = this.#scanCandidates.get(name) ?? [];
    const parsed = this.#containing(name, this.#parsed);
    if (parsed.length === 0) return scanned;
    return [...scanned, ...parsed].sort((a, b) => a - b);
  }

  /** Those of the files whose text contains the name (as a word, when it is one: its terms must be there). */
  #containing(name: string, files: readonly number[]): number[] {
    if (files.length === 0) return [];
    let pool = files;
    const terms = WORD.test(name) ? wordTerms(name) : [];
    // A file holding the word holds all its terms (the whole-file index has the path's words too: a superset).
    if (terms.length > 0) {
      const { bm25 } = this.#input;
      const want = new Set(files);
      for (const term of terms) {
        const id = bm25.termIds.get(term);
        if (id === undefined || id + 1 >= bm25.postingStart.length) return [];
        const has = new Set<number>();
        for (let k = bm25.postingStart[id] as number; k < (bm25.postingStart[id + 1] as number); k++) {
          const d = bm25.postingDocs[k] as number;
          if (want.has(d)) has.add(d);
        }
        for (const d of want) if (!has.has(d)) want.delete(d);
      }
      pool = files.filter((f) => want.has(f));
    }
    return pool.filter((f) => this.#input.files[f]?.text.includes(name) === true);
  }
}
