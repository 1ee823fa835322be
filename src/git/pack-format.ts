/** Reading objects out of a pack (gitformat-pack): headers, zlib streams, object ids. */
import { createHash } from "node:crypto";
import { constants, inflateSync } from "node:zlib";

export class PackError extends Error {
  override readonly name: string = "PackError";
}

export class PackTooLargeError extends PackError {
  override readonly name = "PackTooLargeError";
}

export const OBJECT_TYPES = ["", "commit", "tree", "blob", "tag"] as const;
export const OFS_DELTA = 6;
export const REF_DELTA = 7;

export interface ObjectHeader {
  type: number;
  /** The inflated size (for a delta, of the delta itself). */
  size: number;
  /** How far back an offset delta's base starts. */
  distance: number;
  /** Where the zlib stream starts. */
  dataAt: number;
}

/** The object header at `pos`: type and size, then a delta's base; null when `end` cuts it. */
export function readHeader(buf: Buffer, pos: number, end: number): ObjectHeader | null {
  let p = pos;
  if (p >= end) return null;
  let c = buf[p++] ?? 0;
  const type = (c >> 4) & 7;
  if (type === 0 || type === 5) throw new PackError(`the object at offset ${pos} has unknown type ${type}`);
  let size = c & 15;
  for (let scale = 16; c & 0x80; scale *= 128) {
    if (p >= end) return null;
    c = buf[p++] ?? 0;
    size += (c & 0x7f) * scale;
  }
  let distance = 0;
  if (type === OFS_DELTA) {
    if (p >= end) return null;
    c = buf[p++] ?? 0;
    distance = c & 0x7f;
    while (c & 0x80) {
      if (p >= end) return null;
      c = buf[p++] ?? 0;
      distance = (distance + 1) * 128 + (c & 0x7f);
    }
  } else if (type === REF_DELTA) {
    p += 20;
    if (p > end) return null;
  }
  return { type, size, distance, dataAt: p };
}

/**
 * Inflates the zlib stream at the start of `input` into its `size` bytes and says how many
 * input bytes it took; null when `input` ends before the stream does (wait for more).
 *
 * Z_SYNC_FLUSH makes a cut stream return what it has instead of throwing (no exception per
 * network read). A stream that ends exactly at the end of `input` may lack its checksum, so it
 * counts as cut: the pack's 20-byte trailer always follows the last object. `info: true` also
 * returns the engine, whose bytesWritten is the input consumed (Node's typings omit this
 * overload); an output chunk of size + 1 bytes makes one exact allocation.
 */
export function inflateAt(input: Buffer, size: number): { data: Buffer; used: number } | null {
  let result: { buffer: Buffer; engine: { bytesWritten: number } };
  try {
    result = inflateSync(input, { info: true, chunkSize: Math.max(64, size + 1), finishFlush: constants.Z_SYNC_FLUSH }) as unknown as typeof result;
  } catch (err) {
    throw new PackError(`an object does not inflate: ${(err as Error).message}`);
  }
  const { buffer, engine } = result;
  if (buffer.length > size) throw new PackError(`an object inflates to more than the ${size} bytes its header says`);
  if (engine.bytesWritten >= input.length) return null;
  if (buffer.length < size) throw new PackError(`an object inflated to ${buffer.length} bytes, its header says ${size}`);
  return { data: buffer, used: engine.bytesWritten };
}

/** Writes the oid of object `i` (`<type> <size>\0<data>`, SHA-1) into `oids` at 20i. */
export function hashObject(oids: Buffer, i: number, type: number, data: Buffer): void {
  createHash("sha1").update(`${OBJECT_TYPES[type] ?? ""} ${data.length}\0`).update(data).digest().copy(oids, i * 20);
}
