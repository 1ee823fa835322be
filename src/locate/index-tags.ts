/**
 * What an index knows of its files' definitions, references and imports, without parsing what ranking does
 * not need. Ranking asks which files define a name (the symbol and trace signals) and the graph asks what
 * every file defines, calls and imports: for Python, and for every file the regex tagger reads, the scan
 * tags answer both (the regex tagger's rules, collected while tokenising). A file read by another language's
 * parser (JavaScript, TypeScript, Go, Rust, Java sources) is parsed when a name it contains is asked about,
 * or when the graph is built. Full tags (kinds, signatures, nesting, for the repo map's skeletons) are parsed
 * per file when first asked for.
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

/** What the graph reads of each file. */
export interface GraphTags {
  imports: (readonly string[])[];
  refs: (readonly string[])[];
  definers: Map<string, number[]>;
}

export class IndexTags {
  readonly #input: IndexTagsInput;
  /** Tags by file: undefined until asked for, null when no tagger handles the file. */
  readonly #tags: (FileTags | null | undefined)[];
  readonly #definers = new Map<string, readonly number[]>();
  /** Files read by the scan's rules, by the names their scan tags define. */
  readonly #scanDefiners = new Map<string, number[]>();
  /** Code files read by another language's parser. */
  readonly #parsed: number[] = [];
  readonly #byScan: boolean[];
  #tagged = 0;

  constructor(input: IndexTagsInput) {
    this.#input = input;
    this.#tags = new Array<FileTags | null | undefined>(input.files.length);
    this.#byScan = input.files.map(() => false);
    input.files.forEach((file, i) => {
      if (!CODE_EXT.test(file.path)) {
        this.#tags[i] = null;
        return;
      }
      const scan = input.scans[i];
      if (scan === undefined || !this.#readByScanRules(i)) {
        this.#parsed.push(i);
        return;
      }
      this.#byScan[i] = true;
      for (const name of new Set(scan.defs)) {
        const list = this.#scanDefiners.get(name);
        if (list === undefined) this.#scanDefiners.set(name, [i]);
        else list.push(i);
      }
    });
  }

  /** How many files have been parsed so far. */
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

  /** A file's definitions as its tagger finds them, with kinds and signatures (parses the file). */
  defs(file: number): readonly Definition[] {
    return this.of(file)?.defs ?? [];
  }

  /** Whether the file defines the name, as `definers` sees it. */
  defines(file: number, name: string): boolean {
    return this.definers(name).includes(file);
  }

  /** The files defining a name, in file order: by their scan tags, or parsed where another parser reads them. */
  definers(name: string): readonly number[] {
    let files = this.#definers.get(name);
    if (files === undefined) {
      const scanned = this.#scanDefiners.get(name) ?? [];
      const parsed = this.#containing(name, this.#parsed).filter((f) => this.defs(f).some((d) => d.name === name));
      files = parsed.length === 0 ? scanned : [...scanned, ...parsed].sort((a, b) => a - b);
      this.#definers.set(name, files);
    }
    return files;
  }

  /** Every name the files define, as their taggers find them (parses every code file). */
  definedNames(): Set<string> {
    const names = new Set<string>();
    for (let i = 0; i < this.#tags.length; i++) for (const d of this.defs(i)) names.add(d.name);
    return names;
  }

  /** The graph's reading of every file: scan tags, or tags where another parser reads the file (parsed now). */
  graphTags(): GraphTags {
    const out: GraphTags = { imports: [], refs: [], definers: new Map() };
    this.#input.files.forEach((_, i) => {
      const scan = this.#byScan[i] === true ? this.#input.scans[i] : undefined;
      const tags = scan === undefined ? this.of(i) : null;
      out.imports.push(scan?.imports ?? tags?.imports ?? []);
      out.refs.push(scan?.refs ?? tags?.refs ?? []);
      for (const name of new Set(scan?.defs ?? tags?.defs.map((d) => d.name) ?? [])) {
        const list = out.definers.get(name);
        if (list === undefined) out.definers.set(name, [i]);
        else list.push(i);
      }
    });
    return out;
  }

  /** Whether the scan's rules read the file as its tagger would: Python, or what the regex tagger reads. */
  #readByScanRules(file: number): boolean {
    const path = this.#input.files[file]?.path ?? "";
    if (/\.pyi?$/i.test(path)) return true;
    const tagger = this.taggerOf(file);
    return tagger === regexTagger || tagger.handles?.(path) === false;
  }

  /** Those of the files whose text contains the name (as a word, when it is one: its terms must be there). */
  #containing(name: string, files: readonly number[]): number[] {
    if (files.length === 0) return [];
    let pool = files;
    // A file holding the word holds all its terms (the whole-file index has the path's words too: a superset).
    const terms = WORD.test(name) ? wordTerms(name) : [];
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
