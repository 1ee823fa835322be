import type { CommitInfo } from "../../git/git-repository.js";
import type { TreeChange } from "../../git/tree-diff.js";
import type { FileEntry } from "../../git/workspace.js";

/** What mining and evaluation read from a repository: commits, their differences, blobs. */
export interface HistoryRepo {
  readonly head: string;
  resolveRef(ref: string): Promise<string>;
  readCommit(oid: string): Promise<CommitInfo>;
  diffCommits(from: string | null, to: string): Promise<TreeChange[]>;
  listFiles(commit: string): Promise<FileEntry[]>;
  readFile(commit: string, path: string): Promise<Uint8Array | null>;
  readBlob(oid: string): Promise<Uint8Array>;
}

/**
 * Blobs by oid, kept while they fit in `maxBytes` (least recently used out first). Mining
 * reads the same files at every commit for the locate index; the cache keeps that from
 * reading and inflating them again, without letting a long history grow the heap.
 * Hand-written: a Map already iterates in insertion order, which is all an LRU needs.
 */
export class BlobCache {
  readonly #blobs = new Map<string, Uint8Array>();
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  async get(oid: string, read: (oid: string) => Promise<Uint8Array>): Promise<Uint8Array> {
    const hit = this.#blobs.get(oid);
    if (hit !== undefined) {
      this.#blobs.delete(oid);
      this.#blobs.set(oid, hit);
      return hit;
    }
    const blob = await read(oid);
    if (blob.byteLength <= this.#maxBytes / 4) {
      this.#blobs.set(oid, blob);
      this.#bytes += blob.byteLength;
      for (const [key, value] of this.#blobs) {
        if (this.#bytes <= this.#maxBytes) break;
        this.#blobs.delete(key);
        this.#bytes -= value.byteLength;
      }
    }
    return blob;
  }
}
