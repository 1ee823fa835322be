/**
 * The first pass of indexing a pack, run on its bytes as they arrive, as `git index-pack`
 * does: each object's offset, CRC-32 and oid. An offset delta is resolved at once: its base
 * is earlier in the pack, so it is rebuilt from the bytes already here (inflated again, or
 * found among the last few objects). Ref deltas wait for the second pass (delta-resolver.ts).
 * Delta payloads are kept until the end, as the bases of later deltas.
 */
import { createHash, type Hash } from "node:crypto";
import { crc32 } from "node:zlib";
import { applyDelta } from "./delta.js";
import { hashObject, inflateAt, OFS_DELTA, PackError, readHeader, REF_DELTA } from "./pack-format.js";

/** What the first pass learns, one entry per object in pack order. */
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
  /** 1 once the object's oid is known. */
  resolved: Uint8Array;
  /** For an offset delta, the index of its base; otherwise -1. */
  baseOf: Int32Array;
  /** Object i's oid at bytes 20i..20i+20, once resolved. */
  oids: Buffer;
  /** Inflated delta payloads, until the second pass. */
  deltas: Array<Buffer | undefined>;
  /** Ref deltas by the oid (hex) of their base. */
  waitingFor: Map<string, number[]>;
  /** The pack's trailing SHA-1, verified against its contents. */
  checksum: Buffer;
}

/** The last few objects inflated or rebuilt, for the deltas that follow their base. */
class RecentObjects {
  static readonly MAX_COUNT = 16;
  static readonly MAX_BYTES = 4 << 20;
  readonly #objects = new Map<number, Buffer>();
  #bytes = 0;

  get(i: number): Buffer | undefined {
    return this.#objects.get(i);
  }

  add(i: number, data: Buffer): void {
    if (data.length > RecentObjects.MAX_BYTES / 4) return;
    this.#objects.set(i, data);
    this.#bytes += data.length;
    for (const [oldest, old] of this.#objects) {
      if (this.#objects.size <= RecentObjects.MAX_COUNT && this.#bytes <= RecentObjects.MAX_BYTES) break;
      this.#objects.delete(oldest);
      this.#bytes -= old.length;
    }
  }
}

/**
 * Call `scan` with all the pack's bytes so far each time more arrive (a view from offset 0),
 * then `finish` with all of them.
 */
export class PackScanner {
  /** Where the next object starts. */
  #start = 12;
  /** Parse again once this many unparsed bytes are waiting (doubles after a cut object). */
  #need = 12;
  #next = 0;
  #hashed = 0;
  readonly #hash: Hash = createHash("sha1");
  readonly #recent = new RecentObjects();
  #table: ScannedPack | undefined;

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
    this.#parse(pack, true);
    const table = this.#table;
    if (table === undefined) throw new PackError("the data is not a git pack");
    if (pack.length - this.#start !== 20) throw new PackError("the pack has bytes after its last object");
    const checksum = pack.subarray(pack.length - 20);
    if (this.#hashed !== pack.length - 20 || !this.#hash.digest().equals(checksum)) throw new PackError("the pack's checksum does not match its contents");
    table.checksum = Buffer.from(checksum);
    return table;
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
      this.#table = emptyTable(buf.readUInt32BE(8));
    }
    const t = this.#table;
    const end = buf.length;
    while (this.#next < t.count) {
      const i = this.#next;
      const pos = this.#start;
      const header = readHeader(buf, pos, end);
      const inflated = header === null ? null : inflateAt(buf.subarray(header.dataAt, end), header.size);
      if (header === null || inflated === null) {
        if (final) throw new PackError(`the pack ends inside object ${i} of ${t.count}`);
        this.#need = header === null ? end - pos + 1 : 2 * (end - pos);
        return;
      }
      const { type, size, dataAt } = header;
      const next = dataAt + inflated.used;
      t.offsets[i] = pos;
      t.dataAt[i] = dataAt;
      t.sizes[i] = size;
      t.crcs[i] = crc32(buf.subarray(pos, next));
      if (type === OFS_DELTA) {
        t.isDelta[i] = 1;
        t.deltas[i] = inflated.data;
        const base = indexOfOffset(t.offsets, i, pos - header.distance);
        t.baseOf[i] = base;
        const baseData = this.#contentOf(buf, base, 0);
        if (baseData !== undefined) {
          const data = applyDelta(inflated.data, baseData);
          t.types[i] = t.types[base] ?? 0;
          hashObject(t.oids, i, t.types[i] ?? 0, data);
          t.resolved[i] = 1;
          this.#recent.add(i, data);
        }
      } else if (type === REF_DELTA) {
        t.isDelta[i] = 1;
        t.deltas[i] = inflated.data;
        waitFor(t.waitingFor, buf.toString("hex", dataAt - 20, dataAt), i);
      } else {
        t.types[i] = type;
        hashObject(t.oids, i, type, inflated.data);
        t.resolved[i] = 1;
        this.#recent.add(i, inflated.data);
      }
      this.#start = next;
      this.#next = i + 1;
    }
    this.#need = this.#next < t.count ? 1 : Number.POSITIVE_INFINITY;
  }

  /** Object i's content, rebuilt from the pack; undefined when it depends on an unresolved ref delta. */
  #contentOf(buf: Buffer, i: number, depth: number): Buffer | undefined {
    const t = this.#table;
    const known = this.#recent.get(i);
    if (known !== undefined || t === undefined || t.resolved[i] !== 1 || depth > MAX_CHAIN) return known;
    let data: Buffer | undefined;
    if (t.isDelta[i] === 0) {
      data = inflateAt(buf.subarray(t.dataAt[i] ?? 0), t.sizes[i] ?? 0)?.data;
    } else {
      const delta = t.deltas[i];
      const base = delta === undefined ? undefined : this.#contentOf(buf, t.baseOf[i] ?? -1, depth + 1);
      data = delta === undefined || base === undefined ? undefined : applyDelta(delta, base);
    }
    if (data !== undefined) this.#recent.add(i, data);
    return data;
  }
}

/** Longer chains of deltas wait for the second pass (git writes at most 50 by default). */
const MAX_CHAIN = 64;

function emptyTable(count: number): ScannedPack {
  return {
    count,
    offsets: new Float64Array(count),
    dataAt: new Float64Array(count),
    sizes: new Float64Array(count),
    crcs: new Uint32Array(count),
    types: new Uint8Array(count),
    isDelta: new Uint8Array(count),
    resolved: new Uint8Array(count),
    baseOf: new Int32Array(count).fill(-1),
    oids: Buffer.alloc(count * 20),
    deltas: new Array<Buffer | undefined>(count),
    waitingFor: new Map(),
    checksum: Buffer.alloc(20),
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
