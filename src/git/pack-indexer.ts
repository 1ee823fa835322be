/**
 * Indexes a pack as `git index-pack` does, while it downloads: `push` the pack's bytes as
 * they arrive, `finish` when they end. Returns the pack with its version 2 `.idx`, byte for
 * byte what git writes.
 *
 * The pack is received straight into its final buffer, a resizable ArrayBuffer (ES2024)
 * that grows in place: no copies, and memory only for the bytes received. Objects are
 * parsed in that buffer as they complete, most deltas too (pack-scanner.ts); the rest are
 * resolved at the end (delta-resolver.ts). node:zlib inflates, through one context reused
 * for every object (object-inflater.ts), and node:crypto hashes.
 */
import { resolveDeltas, type ExternalBases } from "./delta-resolver.js";
import { writePackIndex } from "./pack-idx.js";
import { PackTooLargeError } from "./pack-format.js";
import { DEFAULT_PACK_LIMITS, InflateBudget, MAX_PACK_BYTES, type PackLimits } from "./pack-limits.js";
import { ObjectInflater } from "./object-inflater.js";
import { PackScanner } from "./pack-scanner.js";
import { completeThinPack } from "./thin-pack.js";

export { PackError, PackTooLargeError } from "./pack-format.js";
export { DEFAULT_PACK_LIMITS, MAX_PACK_BYTES, packLimitsForRepoMb, type PackLimits } from "./pack-limits.js";
export type { BaseObject, ExternalBases } from "./delta-resolver.js";

export interface IndexedPack {
  /** The pack; it fills its ArrayBuffer exactly (`pack.buffer.byteLength === pack.length`). */
  pack: Buffer;
  idx: Buffer;
  /** The pack's SHA-1 checksum (hex): it is stored as `pack-<checksum>.pack`. */
  checksum: string;
  objects: number;
}

const GROW_STEP = 1 << 20;

interface ResizableArrayBuffer extends ArrayBuffer {
  resize(byteLength: number): void;
}
// ES2024; the project's lib setting (ES2023) does not type the constructor's options.
const ResizableArrayBuffer = ArrayBuffer as unknown as new (length: number, options: { maxByteLength: number }) => ResizableArrayBuffer;

/** Limits not given are the defaults (pack-limits.ts); the pack's size never goes past MAX_PACK_BYTES. */
export class PackIndexer {
  readonly #budget: InflateBudget;
  readonly #inflater = new ObjectInflater();
  readonly #scanner: PackScanner;
  readonly #maxBytes: number;
  readonly #buffer: ResizableArrayBuffer;
  #length = 0;

  constructor(limits: Partial<PackLimits> = {}) {
    const all = { ...DEFAULT_PACK_LIMITS, ...limits };
    this.#maxBytes = Math.min(MAX_PACK_BYTES, all.maxPackBytes);
    this.#budget = new InflateBudget(all);
    this.#scanner = new PackScanner(this.#budget, this.#inflater);
    this.#buffer = new ResizableArrayBuffer(0, { maxByteLength: this.#maxBytes });
  }

  push(data: Buffer): void {
    const max = this.#maxBytes;
    if (this.#length + data.length > max) throw new PackTooLargeError(`the pack is bigger than ${max} bytes, the limit`);
    if (this.#length + data.length > this.#buffer.byteLength) {
      this.#buffer.resize(Math.min(max, Math.max(this.#length + data.length, this.#buffer.byteLength + GROW_STEP)));
    }
    data.copy(Buffer.from(this.#buffer, this.#length, data.length));
    this.#length += data.length;
    this.#scanner.scan(Buffer.from(this.#buffer, 0, this.#length));
  }

  /**
   * Indexes what has arrived. A pack with deltas on bases outside it (a thin pack) is refused,
   * unless `external` reads those bases: then they are appended to the pack (thin-pack.ts).
   */
  async finish(external?: ExternalBases): Promise<IndexedPack> {
    this.#buffer.resize(this.#length);
    const received = Buffer.from(this.#buffer);
    const { scanned, bases } = await this.#resolve(received, external).finally(() => this.#inflater.close());
    const { pack, table } = bases.length === 0 ? { pack: received, table: scanned } : completeThinPack(received, scanned, bases);
    const idx = writePackIndex(table.oids, table.offsets, table.crcs, table.checksum);
    return { pack, idx, checksum: table.checksum.toString("hex"), objects: table.count };
  }

  async #resolve(received: Buffer, external: ExternalBases | undefined) {
    const scanned = this.#scanner.finish(received);
    const bases = await resolveDeltas(received, scanned, { budget: this.#budget, inflater: this.#inflater, external });
    return { scanned, bases };
  }
}

/** Indexes a pack that is already in memory (copying it, in 1 MiB pieces). */
export async function indexPack(pack: Buffer, limits: Partial<PackLimits> = {}): Promise<IndexedPack> {
  const indexer = new PackIndexer(limits);
  for (let i = 0; i < pack.length; i += GROW_STEP) indexer.push(pack.subarray(i, i + GROW_STEP));
  return indexer.finish();
}
