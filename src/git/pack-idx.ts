import { createHash } from "node:crypto";

const LARGE_OFFSET = 0x7fffffff;

/**
 * A pack index, version 2 (gitformat-pack, "Version 2 pack-*.idx files"), byte for byte
 * as `git index-pack` writes it: fanout, sorted oids, CRC-32s, 31-bit offsets with a table of
 * 64-bit ones beyond 2 GiB, the pack's checksum, then the index's own.
 *
 * `oids` holds object i's oid at bytes 20i..20i+20; `offsets` and `crcs` are indexed the same way.
 */
export function writePackIndex(oids: Buffer, offsets: Float64Array, crcs: Uint32Array, packChecksum: Buffer): Buffer {
  const count = offsets.length;
  // Sort by oid: by the first four bytes as a number, then (rarely) by all twenty.
  const order = new Uint32Array(count);
  const prefix = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    order[i] = i;
    prefix[i] = oids.readUInt32BE(i * 20);
  }
  order.sort((a, b) => (prefix[a] ?? 0) - (prefix[b] ?? 0) || oids.compare(oids, b * 20, b * 20 + 20, a * 20, a * 20 + 20));

  let large = 0;
  for (let i = 0; i < count; i++) if ((offsets[i] ?? 0) > LARGE_OFFSET) large++;
  const size = 8 + 256 * 4 + count * (20 + 4 + 4) + large * 8 + 40;
  const idx = Buffer.alloc(size);
  idx.writeUInt32BE(0xff744f63, 0);
  idx.writeUInt32BE(2, 4);

  const fanout = 8;
  const names = fanout + 256 * 4;
  const crcTable = names + count * 20;
  const offsetTable = crcTable + count * 4;
  const largeTable = offsetTable + count * 4;
  let nextLarge = 0;
  for (let k = 0; k < count; k++) {
    const i = order[k] ?? 0;
    oids.copy(idx, names + k * 20, i * 20, i * 20 + 20);
    idx.writeUInt32BE(crcs[i] ?? 0, crcTable + k * 4);
    const offset = offsets[i] ?? 0;
    if (offset > LARGE_OFFSET) {
      idx.writeUInt32BE((0x80000000 | nextLarge) >>> 0, offsetTable + k * 4);
      idx.writeBigUInt64BE(BigInt(offset), largeTable + nextLarge * 8);
      nextLarge++;
    } else {
      idx.writeUInt32BE(offset, offsetTable + k * 4);
    }
  }
  // fanout[b] = how many oids start with a byte <= b.
  let k = 0;
  for (let b = 0; b < 256; b++) {
    while (k < count && (idx[names + k * 20] ?? 0) <= b) k++;
    idx.writeUInt32BE(k, fanout + b * 4);
  }
  const trailer = largeTable + large * 8;
  packChecksum.copy(idx, trailer);
  createHash("sha1").update(idx.subarray(0, trailer + 20)).digest().copy(idx, trailer + 20);
  return idx;
}
