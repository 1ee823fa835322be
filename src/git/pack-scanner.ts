/**
 * The first pass of indexing a pack, run on its bytes as they arrive, as `git index-pack`
 * does: each object's offset, CRC-32 and, for a whole object, its oid. Delta payloads are
 * kept for the second pass (delta-resolver.ts).
 *
 * Resolving offset deltas here too (their bases are already in the buffer) was measured:
 * it moved ~0.1 s off the end of the clone but raised peak memory by 15–20 MB, because the
 * rebuilt objects are garbage made while the whole objects' garbage is still uncollected.
 */
import { createHash, type Hash } from "node:crypto";
import { crc32 } from "node:zlib";
import type { ObjectInflater } from "./object-inflater.js";
import { hashObject, OFS_DELTA, PackError, readHeader, REF_DELTA } from "./pack-format.js";
import { MIN_OBJECT_BYTES, type InflateBudget } from "./pack-limits.js";

/**
 * What the first pass learns, one entry per object in pack order. While the pack arrives the
 * tables are grown as objects do, never sized from the count the header claims; `finish`
 * trims them to `count`.
 */
export interface ScannedPack {
  count: number;
  offsets: Float64Array;
  /** Where each object's zlib stream starts, and its inflated size. */
  dataAt: Float64Array;
  sizes: Float64Array;
  crcs: Uint32Array;
  /** 1–4 (commit, tree, blob, tag); for a delta, its base's type once resolved. */
  types: Uint8Array;
  isDelta: Uint8Array;
  /** For an offset delta, the index of its base; otherwise -1. */
  baseOf: Int32Array;
  /** Object i's oid at bytes 20i..20i+20 (deltas: once resolved). */
  oids: Buffer;
  /** Inflated delta payloads, until resolved. */
  deltas: Array<Buffer | undefined>;
  /** How many objects the tables have room for. */
  capacity: number;
  /** Ref deltas by the oid (hex) of their base. */
  waitingFor: Map<string, number[]>;
  /** The pack's trailing SHA-1, verified against its contents. */
  checksum: Buffer;
}

/**
 * Call `scan` with all the pack's bytes so far each time more arrive (a view from offset 0),
 * then `finish` with all of them.
 */
export class PackScanner {
  readonly #budget: InflateBudget;
  readonly #inflater: ObjectInflater;
  /** Where the next object starts. */
  #start = 12;
  /** Parse again once this many unparsed bytes are waiting. */
  #need = 12;
  /** The object whose zlib stream the bytes so far cut off (its inflating resumes), or -1. */
  #cut = -1;
  #next = 0;
  #hashed = 0;
  readonly #hash: Hash = createHash("sha1");
  #table: ScannedPack | undefined;

  constructor(budget: InflateBudget, inflater: ObjectInflater) {
    this.#budget = budget;
    this.#inflater = inflater;
  }

  scan(pack: Buffer): void {
    // Hash everything but the last 20 bytes so far, which may be the trailer.
    if (pack.length - 20 > this.#hashed) {
      this.#hash.update(pack.subarray(this.#hashed, pack.length - 20));
      this.#hashed = pack.length - 20;
    }
    if (pack.length - (this.#table === undefined ? 0 : this.#start) >= this.#need) this.#parse(pack, false);
  }

  finish(pack: Buffer): ScannedPack {
    this.scan(pack);
    const claimed = this.#table?.count ?? 0;
    if (claimed > Math.max(0, pack.length - 32) / MIN_OBJECT_BYTES) {
      throw new PackError(`the pack's header claims ${claimed} objects, more than its ${pack.length} bytes can hold`);
    }
    this.#parse(pack, true);
    const table = this.#table;
    if (table === undefined) throw new PackError("the data is not a git pack");
    if (pack.length - this.#start !== 20) throw new PackError("the pack has bytes after its last object");
    const checksum = pack.subarray(pack.length - 20);
    if (this.#hashed !== pack.length - 20 || !this.#hash.digest().equals(checksum)) throw new PackError("the pack's checksum does not match its contents");
    table.checksum = Buffer.from(checksum);
    return trim(table);
  }

  #parse(buf: Buffer, final: boolean): void {
    if (this.#table === undefined) {
      if (buf.length < 12) {
        if (final) throw new PackError("the data is not a git pack");
        return;
      }
      if (buf.toString("latin1", 0, 4) !== "PACK") throw new PackError("the data is not a git pack");
      const version = buf.readUInt32BE(4);
      if (version !== 2 && version !== 3) throw new PackError(`unsupported pack version ${version}`);
      this.#table = emptyTable(buf.readUInt32BE(8), INITIAL_CAPACITY);
    }
    let t = this.#table;
    const end = buf.length;
    while (this.#next < t.count) {
      const i = this.#next;
      const pos = this.#start;
      const header = readHeader(buf, pos, end);
      // Before inflating: the header's size is what inflating allocates.
      if (header !== null) this.#budget.check(i, header.size);
      const inflated = header === null ? null : this.#inflater.inflate(buf.subarray(header.dataAt, end), header.size, this.#cut === i);
      if (header === null || inflated === null) {
        if (final) throw new PackError(`the pack ends inside object ${i} of ${t.count}`);
        this.#cut = header === null ? -1 : i;
        // A cut object resumes with whatever arrives next; one inflated again from its start waits for twice the bytes.
        this.#need = header === null || this.#inflater.resumes ? end - pos + 1 : 2 * (end - pos);
        return;
      }
      this.#cut = -1;
      const { type, size, dataAt } = header;
      const next = dataAt + inflated.used;
      this.#budget.spend(size);
      if (i === t.capacity) this.#table = t = grow(t, Math.min(t.count, 2 * t.capacity));
      t.offsets[i] = pos;
      t.dataAt[i] = dataAt;
      t.sizes[i] = size;
      t.crcs[i] = crc32(buf.subarray(pos, next));
      if (type === OFS_DELTA || type === REF_DELTA) {
        t.isDelta[i] = 1;
        t.deltas[i] = inflated.data;
        if (type === OFS_DELTA) t.baseOf[i] = indexOfOffset(t.offsets, i, pos - header.distance);
        else waitFor(t.waitingFor, buf.toString("hex", dataAt - 20, dataAt), i);
      } else {
        t.types[i] = type;
        hashObject(t.oids, i, type, inflated.data);
      }
      this.#start = next;
      this.#next = i + 1;
    }
    this.#need = this.#next < t.count ? 1 : Number.POSITIVE_INFINITY;
  }
}

/** Room for this many objects at first; the tables double as objects arrive. */
const INITIAL_CAPACITY = 1024;

function emptyTable(count: number, initial: number): ScannedPack {
  const capacity = Math.min(count, initial);
  return {
    count,
    capacity,
    offsets: new Float64Array(capacity),
    dataAt: new Float64Array(capacity),
    sizes: new Float64Array(capacity),
    crcs: new Uint32Array(capacity),
    types: new Uint8Array(capacity),
    isDelta: new Uint8Array(capacity),
    baseOf: new Int32Array(capacity).fill(-1),
    oids: Buffer.alloc(capacity * 20),
    deltas: [],
    waitingFor: new Map(),
    checksum: Buffer.alloc(20),
  };
}

/** The tables with room for `capacity` objects, holding what `t` holds. */
function grow(t: ScannedPack, capacity: number): ScannedPack {
  const bigger = emptyTable(t.count, capacity);
  bigger.offsets.set(t.offsets);
  bigger.dataAt.set(t.dataAt);
  bigger.sizes.set(t.sizes);
  bigger.crcs.set(t.crcs);
  bigger.types.set(t.types);
  bigger.isDelta.set(t.isDelta);
  bigger.baseOf.set(t.baseOf);
  t.oids.copy(bigger.oids);
  return { ...bigger, deltas: t.deltas, waitingFor: t.waitingFor };
}

/** The tables cut to the objects the pack has (views, no copies). */
function trim(t: ScannedPack): ScannedPack {
  const n = t.count;
  return {
    ...t,
    capacity: n,
    offsets: t.offsets.subarray(0, n),
    dataAt: t.dataAt.subarray(0, n),
    sizes: t.sizes.subarray(0, n),
    crcs: t.crcs.subarray(0, n),
    types: t.types.subarray(0, n),
    isDelta: t.isDelta.subarray(0, n),
    baseOf: t.baseOf.subarray(0, n),
    oids: t.oids.subarray(0, n * 20),
  };
}

function waitFor(waitingFor: Map<string, number[]>, baseOid: string, i: number): void {
  const waiting = waitingFor.get(baseOid);
  if (waiting === undefined) waitingFor.set(baseOid, [i]);
  else waiting.push(i);
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
