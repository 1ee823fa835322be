/**
 * Indexes a pack as `git index-pack` does, while it downloads: `push` the pack's bytes as
 * they arrive, `finish` when they end. Returns the pack with its version 2 `.idx`, byte for
 * byte what git writes.
 *
 * The pack is received straight into its final buffer, a resizable ArrayBuffer (ES2024)
 * that grows in place: no copies, and memory only for the bytes received. Objects are
 * parsed in that buffer as they complete, most deltas too (pack-scanner.ts); the rest are
 * resolved at the end (delta-resolver.ts). node:zlib inflates and node:crypto hashes.
 */
import { resolveDeltas } from "./delta-resolver.js";
import { writePackIndex } from "./pack-idx.js";
import { PackTooLargeError } from "./pack-format.js";
import { PackScanner } from "./pack-scanner.js";

export { PackError, PackTooLargeError } from "./pack-format.js";

export interface IndexedPack {
  /** The pack; it fills its ArrayBuffer exactly (`pack.buffer.byteLength === pack.length`). */
  pack: Buffer;
  idx: Buffer;
  /** The pack's SHA-1 checksum (hex): it is stored as `pack-<checksum>.pack`. */
  checksum: string;
  objects: number;
}

/** isomorphic-git reads pack offsets as 32-bit numbers: it cannot read a bigger pack. */
export const MAX_PACK_BYTES = 2 ** 31 - 1;
const GROW_STEP = 1 << 20;

interface ResizableArrayBuffer extends ArrayBuffer {
  resize(byteLength: number): void;
}
// ES2024; the project's lib setting (ES2023) does not type the constructor's options.
const ResizableArrayBuffer = ArrayBuffer as unknown as new (length: number, options: { maxByteLength: number }) => ResizableArrayBuffer;

export class PackIndexer {
  readonly #scanner = new PackScanner();
  readonly #buffer = new ResizableArrayBuffer(0, { maxByteLength: MAX_PACK_BYTES });
  #length = 0;

  push(data: Buffer): void {
    if (this.#length + data.length > MAX_PACK_BYTES) throw new PackTooLargeError(`the pack is bigger than ${MAX_PACK_BYTES} bytes`);
    if (this.#length + data.length > this.#buffer.byteLength) {
      this.#buffer.resize(Math.min(MAX_PACK_BYTES, Math.max(this.#length + data.length, this.#buffer.byteLength + GROW_STEP)));
    }
    data.copy(Buffer.from(this.#buffer, this.#length, data.length));
    this.#length += data.length;
    this.#scanner.scan(Buffer.from(this.#buffer, 0, this.#length));
  }

  async finish(): Promise<IndexedPack> {
    this.#buffer.resize(this.#length);
    const pack = Buffer.from(this.#buffer);
    const table = this.#scanner.finish(pack);
    await resolveDeltas(pack, table);
    const idx = writePackIndex(table.oids, table.offsets, table.crcs, table.checksum);
    return { pack, idx, checksum: table.checksum.toString("hex"), objects: table.count };
  }
}

/** Indexes a pack that is already in memory (copying it, in 1 MiB pieces). */
export async function indexPack(pack: Buffer): Promise<IndexedPack> {
  const indexer = new PackIndexer();
  for (let i = 0; i < pack.length; i += GROW_STEP) indexer.push(pack.subarray(i, i + GROW_STEP));
  return indexer.finish();
}
