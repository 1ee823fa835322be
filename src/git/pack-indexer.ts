/**
 * Indexes a pack as `git index-pack` does (gitformat-pack): checks its checksum, inflates
 * every object once with node:zlib, hashes it with node:crypto, resolves deltas from their
 * bases, and writes the version 2 `.idx`.
 *
 * Memory: the pack, a few typed arrays per object, and the inflated delta payloads until
 * their bases are resolved. Whole objects are hashed and dropped; a base is inflated again
 * only while its delta chain is resolved, one chain at a time.
 */
import { createHash } from "node:crypto";
import { crc32, inflateSync } from "node:zlib";
import { applyDelta } from "./delta.js";
import { writePackIndex } from "./pack-idx.js";

export class PackError extends Error {
  override readonly name = "PackError";
}

export interface IndexedPack {
  idx: Buffer;
  /** The pack's SHA-1 checksum (hex): its file name is `pack-<checksum>.pack`. */
  checksum: string;
  objects: number;
}

const TYPE_NAMES = ["", "commit", "tree", "blob", "tag"] as const;
const OFS_DELTA = 6;
const REF_DELTA = 7;
/** Give the event loop a turn this often (objects), so a big pack does not stall the process. */
const YIELD_EVERY = 512;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Inflates the zlib stream at the start of `input` into exactly `size` bytes; also returns
 * how many input bytes the stream took. `info: true` makes Node return the engine with
 * `bytesWritten` (its typings omit that overload); an output chunk of size + 1 bytes makes
 * the result one exact allocation.
 */
function inflateAt(input: Buffer, size: number): { data: Buffer; used: number } {
  const { buffer, engine } = inflateSync(input, { info: true, chunkSize: Math.max(64, size + 1) }) as unknown as {
    buffer: Buffer;
    engine: { bytesWritten: number };
  };
  if (buffer.length !== size) throw new PackError(`an object inflated to ${buffer.length} bytes, its header says ${size}`);
  return { data: buffer, used: engine.bytesWritten };
}

function hashInto(oids: Buffer, i: number, type: number, data: Buffer): void {
  createHash("sha1").update(`${TYPE_NAMES[type] ?? ""} ${data.length}\0`).update(data).digest().copy(oids, i * 20);
}

/** The index of the object starting at `offset`, among the first `before` (offsets ascend). */
function indexOfOffset(offsets: Float64Array, before: number, offset: number): number {
  let lo = 0;
  let hi = before - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = offsets[mid] ?? 0;
    if (at === offset) return mid;
    if (at < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  throw new PackError(`a delta refers to offset ${offset}, where no object starts`);
}

export async function indexPack(pack: Buffer): Promise<IndexedPack> {
  if (pack.length < 32 || pack.toString("latin1", 0, 4) !== "PACK") throw new PackError("the data is not a git pack");
  const version = pack.readUInt32BE(4);
  if (version !== 2 && version !== 3) throw new PackError(`unsupported pack version ${version}`);
  const count = pack.readUInt32BE(8);
  const end = pack.length - 20;
  const checksum = pack.subarray(end);
  if (!createHash("sha1").update(pack.subarray(0, end)).digest().equals(checksum)) throw new PackError("the pack's checksum does not match its contents");

  const offsets = new Float64Array(count);
  const dataAt = new Float64Array(count);
  const sizes = new Float64Array(count);
  const crcs = new Uint32Array(count);
  const types = new Uint8Array(count);
  const oids = Buffer.alloc(count * 20);
  const baseOf = new Int32Array(count).fill(-1);
  const isDelta = new Uint8Array(count);
  const deltas: Array<Buffer | undefined> = new Array<Buffer | undefined>(count);
  const waitingFor = new Map<string, number[]>(); // ref-delta base oid → deltas

  // Pass 1: walk the objects in order; hash whole ones, keep delta payloads.
  let pos = 12;
  for (let i = 0; i < count; i++) {
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await nextTurn();
    if (pos >= end) throw new PackError(`the pack ends after ${i} of ${count} objects`);
    offsets[i] = pos;
    let c = pack[pos] ?? 0;
    let p = pos + 1;
    const type = (c >> 4) & 7;
    let size = c & 15;
    for (let scale = 16; c & 0x80; scale *= 128) {
      c = pack[p++] ?? 0;
      size += (c & 0x7f) * scale;
    }
    let base = -1;
    let baseOid: string | undefined;
    if (type === OFS_DELTA) {
      c = pack[p++] ?? 0;
      let distance = c & 0x7f;
      while (c & 0x80) {
        c = pack[p++] ?? 0;
        distance = (distance + 1) * 128 + (c & 0x7f);
      }
      base = indexOfOffset(offsets, i, pos - distance);
    } else if (type === REF_DELTA) {
      baseOid = pack.toString("hex", p, p + 20);
      p += 20;
    } else if (type < 1 || type > 4) {
      throw new PackError(`object ${i} has unknown type ${type}`);
    }
    const { data, used } = inflateAt(pack.subarray(p, end), size);
    const next = p + used;
    dataAt[i] = p;
    sizes[i] = size;
    crcs[i] = crc32(pack.subarray(pos, next));
    if (base >= 0 || baseOid !== undefined) {
      deltas[i] = data;
      isDelta[i] = 1;
      baseOf[i] = base;
      if (baseOid !== undefined) {
        const waiting = waitingFor.get(baseOid);
        if (waiting === undefined) waitingFor.set(baseOid, [i]);
        else waiting.push(i);
      }
    } else {
      types[i] = type;
      hashInto(oids, i, type, data);
    }
    pos = next;
  }
  if (pos !== end) throw new PackError("the pack has bytes after its last object");

  // Children of each object by offset, as compressed rows: childList[childStart[b]..childStart[b + 1]).
  const childStart = new Uint32Array(count + 1);
  for (let i = 0; i < count; i++) {
    const b = baseOf[i] ?? -1;
    if (b >= 0) childStart[b + 1] = (childStart[b + 1] ?? 0) + 1;
  }
  for (let b = 0; b < count; b++) childStart[b + 1] = (childStart[b + 1] ?? 0) + (childStart[b] ?? 0);
  const childList = new Uint32Array(childStart[count] ?? 0);
  const filled = childStart.slice(0, count);
  for (let i = 0; i < count; i++) {
    const b = baseOf[i] ?? -1;
    if (b >= 0) childList[(filled[b] = (filled[b] ?? 0) + 1) - 1] = i;
  }

  // Pass 2: resolve each delta tree depth first from its whole base.
  let resolved = count - isDelta.reduce((n, d) => n + d, 0);
  const refChildren = (i: number): number[] | undefined => {
    if (waitingFor.size === 0) return undefined;
    const key = oids.toString("hex", i * 20, i * 20 + 20);
    const waiting = waitingFor.get(key);
    if (waiting !== undefined) waitingFor.delete(key);
    return waiting;
  };
  const build = (j: number, baseData: Buffer, type: number): void => {
    const delta = deltas[j];
    if (delta === undefined) throw new PackError(`object ${j} is the delta of two bases`);
    deltas[j] = undefined;
    const data = applyDelta(delta, baseData);
    types[j] = type;
    hashInto(oids, j, type, data);
    resolved++;
    resolveChildren(j, data);
  };
  const resolveChildren = (i: number, data: Buffer): void => {
    const type = types[i] ?? 0;
    for (let k = childStart[i] ?? 0; k < (childStart[i + 1] ?? 0); k++) build(childList[k] ?? 0, data, type);
    for (const j of refChildren(i) ?? []) build(j, data, type);
  };
  const hasChildren = (i: number): boolean =>
    (childStart[i + 1] ?? 0) > (childStart[i] ?? 0) || (waitingFor.size > 0 && waitingFor.has(oids.toString("hex", i * 20, i * 20 + 20)));
  for (let i = 0; i < count; i++) {
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await nextTurn();
    if (isDelta[i] === 1 || !hasChildren(i)) continue;
    resolveChildren(i, inflateAt(pack.subarray(dataAt[i] ?? 0, end), sizes[i] ?? 0).data);
  }
  if (resolved !== count) throw new PackError(`${count - resolved} deltas have no base in the pack`);

  return { idx: writePackIndex(oids, offsets, crcs, checksum), checksum: checksum.toString("hex"), objects: count };
}
