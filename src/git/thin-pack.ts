/**
 * Completes a thin pack as `git index-pack --fix-thin` does: the delta bases it lacks (read
 * from the repository, delta-resolver.ts) are appended as whole objects, the header counts
 * them and the trailer is the new checksum. A pack kept in objects/pack must hold every base
 * its deltas name: git refuses one that does not, and the repository stays readable by it.
 */
import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";
import type { ExternalBase } from "./delta-resolver.js";
import { packEntry } from "./pack-writer.js";

/** What the pack index is written from (pack-idx.ts), object i at row i. */
export interface PackTable {
  count: number;
  offsets: Float64Array;
  crcs: Uint32Array;
  oids: Buffer;
  checksum: Buffer;
}

export function completeThinPack(pack: Buffer, table: PackTable, bases: readonly ExternalBase[]): { pack: Buffer; table: PackTable } {
  const entries = bases.map((base) => packEntry(base.type, base.data));
  const body = pack.length - 20;
  const size = body + entries.reduce((n, e) => n + e.length, 0) + 20;
  // Sized exactly, as the indexer's pack is, so the fs hands isomorphic-git its ArrayBuffer (map-fs.ts).
  const out = Buffer.allocUnsafeSlow(size);
  pack.copy(out, 0, 0, body);
  const count = table.count + bases.length;
  out.writeUInt32BE(count, 8);
  const offsets = new Float64Array(count);
  const crcs = new Uint32Array(count);
  const oids = Buffer.alloc(count * 20);
  offsets.set(table.offsets);
  crcs.set(table.crcs);
  table.oids.copy(oids);
  let at = body;
  entries.forEach((entry, k) => {
    const row = table.count + k;
    offsets[row] = at;
    crcs[row] = crc32(entry);
    oids.write(bases[k]?.oid ?? "", row * 20, "hex");
    at += entry.copy(out, at);
  });
  const checksum = createHash("sha1").update(out.subarray(0, at)).digest();
  checksum.copy(out, at);
  return { pack: out, table: { count, offsets, crcs, oids, checksum } };
}
