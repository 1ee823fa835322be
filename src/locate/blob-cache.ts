/**
 * What indexing learns from one blob (its terms, its scan tags and, once asked for, its tags), kept across
 * indexings in one process so a follow-up job on the same repository skips tokenising and tree-sitter for
 * the blobs it has seen. Keys
 * start with the git blob oid, which names the content; a least-recently-used entry goes first once the
 * entries' estimated size passes the budget.
 */
import type { ScanLanguage, ScanTags } from "./scan-tags.js";
import type { FileTags } from "./types.js";

/**
 * A text's terms: the text as ids into a list of terms. The list is the blob's own (its distinct terms in
 * order of first appearance) or one shared by the blobs of an index (`shared`), which spares copying it.
 */
export interface BlobTerms {
  readonly terms: readonly string[];
  readonly ids: Int32Array;
  /** lineStarts[l] is the index in `ids` of line l's first term; one more entry closes the last line. */
  readonly lineStarts: Int32Array;
  /** Whether `terms` is shared with other blobs (its size is then not this blob's alone). */
  readonly shared?: boolean;
}

/** Tags as a tagger gave them, or null when no tagger handled the file. */
export type BlobTags = FileTags | null;

/** 64 MiB: the terms and tags of a repository of a few thousand files, with room for a second one. */
export const DEFAULT_BLOB_CACHE_BYTES = 64 * 1024 * 1024;

type Value = BlobTerms | BlobTags | ScanTags;

interface Entry {
  value: Value;
  bytes: number;
}

const stringBytes = (s: string): number => 40 + 2 * s.length;

function termsBytes(t: BlobTerms): number {
  let bytes = 64 + t.ids.byteLength + t.lineStarts.byteLength;
  // A shared list is counted as a share: about one term in four of a text is new to it.
  if (t.shared === true) return bytes + 12 * t.ids.length;
  for (const term of t.terms) bytes += stringBytes(term);
  return bytes;
}

function scanBytes(t: ScanTags): number {
  let bytes = 96;
  for (const list of [t.defs, t.refs, t.imports]) for (const s of list) bytes += stringBytes(s);
  return bytes;
}

function tagsBytes(t: BlobTags): number {
  if (t === null) return 32;
  let bytes = 96;
  for (const d of t.defs) bytes += 64 + stringBytes(d.name) + stringBytes(d.signature);
  for (const r of t.refs) bytes += stringBytes(r);
  for (const i of t.imports) bytes += stringBytes(i);
  return bytes;
}

export class BlobCache {
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;

  constructor(readonly maxBytes: number = DEFAULT_BLOB_CACHE_BYTES) {}

  /** The estimated size of what is kept, in bytes. */
  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  terms(oid: string): BlobTerms | undefined {
    return this.#get(`t ${oid}`) as BlobTerms | undefined;
  }

  setTerms(oid: string, terms: BlobTerms): void {
    this.#set(`t ${oid}`, terms, termsBytes(terms));
  }

  /** Scan tags depend on the rules the file was scanned with (Python's or the others'). */
  scan(oid: string, language: ScanLanguage): ScanTags | undefined {
    return this.#get(`s ${oid} ${language}`) as ScanTags | undefined;
  }

  setScan(oid: string, language: ScanLanguage, tags: ScanTags): void {
    this.#set(`s ${oid} ${language}`, tags, scanBytes(tags));
  }

  /** Tags depend on the tagger and on the path (its extension picks the language), so both are in the key. */
  tags(oid: string, tagger: string, path: string): BlobTags | undefined {
    return this.#get(`g ${oid} ${tagger} ${path}`) as BlobTags | undefined;
  }

  setTags(oid: string, tagger: string, path: string, tags: BlobTags): void {
    this.#set(`g ${oid} ${tagger} ${path}`, tags, tagsBytes(tags));
  }

  #get(key: string): Value | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  #set(key: string, value: Value, bytes: number): void {
    const old = this.#entries.get(key);
    if (old !== undefined) {
      this.#entries.delete(key);
      this.#bytes -= old.bytes;
    }
    if (bytes > this.maxBytes) return;
    this.#entries.set(key, { value, bytes });
    this.#bytes += bytes;
    for (const [k, e] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(k);
      this.#bytes -= e.bytes;
    }
  }
}
