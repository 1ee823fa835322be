/**
 * Writes a pack (gitformat-pack, version 2) of whole objects: what a push sends. Each
 * object is zlib-deflated once; no deltas, so the pack needs no object it does not hold.
 */
import { createHash } from "node:crypto";
import { deflateSync } from "node:zlib";
import { OBJECT_TYPES } from "./pack-format.js";

export interface PackObject {
  type: "commit" | "tree" | "blob" | "tag";
  /** The object's content, without git's `<type> <size>\0` header. */
  content: Uint8Array;
}

/** An object's entry header in a pack: its type number and inflated size. */
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

/** One whole object as a pack entry: its header, then its content deflated. */
export function packEntry(type: number, content: Uint8Array): Buffer {
  return Buffer.concat([entryHeader(type, content.byteLength), deflateSync(content, { level: 1 })]);
}

export function writePack(objects: readonly PackObject[]): Buffer {
  const header = Buffer.alloc(12);
  header.write("PACK", 0, "latin1");
  header.writeUInt32BE(2, 4);
  header.writeUInt32BE(objects.length, 8);
  const parts: Buffer[] = [header];
  for (const object of objects) parts.push(packEntry(OBJECT_TYPES.indexOf(object.type), object.content));
  const body = Buffer.concat(parts);
  return Buffer.concat([body, createHash("sha1").update(body).digest()]);
}
