/**
 * Packs written byte by byte (gitformat-pack), for packs no honest `git pack-objects` makes:
 * headers that lie, zip bombs, delta chains of any depth.
 */
import { createHash } from "node:crypto";
import { deflateSync } from "node:zlib";

export const BLOB = 3;
const OFS_DELTA = 6;
const REF_DELTA = 7;

/** The type-and-size header of a pack entry. */
function entryHeader(type: number, size: number): Buffer {
  const bytes: number[] = [];
  let c = (type << 4) | (size & 15);
  let rest = Math.floor(size / 16);
  while (rest > 0) {
    bytes.push(c | 0x80);
    c = rest & 0x7f;
    rest = Math.floor(rest / 128);
  }
  bytes.push(c);
  return Buffer.from(bytes);
}

/** An offset delta's distance back to its base, in git's "offset encoding". */
function ofsDistance(distance: number): Buffer {
  const bytes = [distance & 0x7f];
  let rest = Math.floor(distance / 128);
  while (rest > 0) {
    rest -= 1;
    bytes.unshift(0x80 | (rest & 0x7f));
    rest = Math.floor(rest / 128);
  }
  return Buffer.from(bytes);
}

function varint(n: number): number[] {
  const bytes: number[] = [];
  let rest = n;
  do {
    const low = rest & 0x7f;
    rest = Math.floor(rest / 128);
    bytes.push(rest > 0 ? low | 0x80 : low);
  } while (rest > 0);
  return bytes;
}

export type DeltaOp = { copy: [offset: number, length: number] } | { insert: Buffer };

/** A delta payload: base size, result size, then copy and insert instructions. */
export function delta(baseSize: number, resultSize: number, ops: DeltaOp[]): Buffer {
  const out: number[] = [...varint(baseSize), ...varint(resultSize)];
  for (const op of ops) {
    if ("insert" in op) {
      out.push(op.insert.length, ...op.insert);
      continue;
    }
    const [offset, length] = op.copy;
    let flags = 0x80;
    const args: number[] = [];
    for (let bit = 0; bit < 4; bit++) {
      const b = Math.floor(offset / 2 ** (8 * bit)) & 0xff;
      if (b !== 0) {
        flags |= 1 << bit;
        args.push(b);
      }
    }
    for (let bit = 0; bit < 3; bit++) {
      const b = Math.floor(length / 2 ** (8 * bit)) & 0xff;
      if (b !== 0) {
        flags |= 16 << bit;
        args.push(b);
      }
    }
    out.push(flags, ...args);
  }
  return Buffer.from(out);
}

export type Entry =
  | { type: number; data: Buffer; claimedSize?: number }
  | { ofsDelta: number; delta: Buffer }
  | { refDelta: string; delta: Buffer };

/**
 * A pack of `entries`; `ofsDelta` names its base by index into `entries`. `count` overrides
 * the object count in the header; `claimedSize` the size in an entry's header.
 */
export function buildPack(entries: Entry[], count = entries.length): Buffer {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(12);
  header.write("PACK", 0, "latin1");
  header.writeUInt32BE(2, 4);
  header.writeUInt32BE(count, 8);
  parts.push(header);
  const offsets: number[] = [];
  let offset = 12;
  for (const entry of entries) {
    offsets.push(offset);
    let bytes: Buffer;
    if ("type" in entry) {
      bytes = Buffer.concat([entryHeader(entry.type, entry.claimedSize ?? entry.data.length), deflateSync(entry.data)]);
    } else if ("ofsDelta" in entry) {
      const base = offsets[entry.ofsDelta];
      if (base === undefined) throw new Error("an offset delta's base must come before it");
      bytes = Buffer.concat([entryHeader(OFS_DELTA, entry.delta.length), ofsDistance(offset - base), deflateSync(entry.delta)]);
    } else {
      bytes = Buffer.concat([entryHeader(REF_DELTA, entry.delta.length), Buffer.from(entry.refDelta, "hex"), deflateSync(entry.delta)]);
    }
    parts.push(bytes);
    offset += bytes.length;
  }
  const body = Buffer.concat(parts);
  return Buffer.concat([body, createHash("sha1").update(body).digest()]);
}

export function blobOid(data: Buffer): string {
  return createHash("sha1").update(`blob ${data.length}\0`).update(data).digest("hex");
}
