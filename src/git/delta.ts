/** Git's delta format (gitformat-pack, "Deltified representation"): rebuilds an object from its base. */

function sizeAt(delta: Buffer, start: number): [size: number, next: number] {
  let size = 0;
  let shift = 1;
  let pos = start;
  let c: number;
  do {
    c = delta[pos++] ?? 0;
    size += (c & 0x7f) * shift;
    shift *= 128;
  } while (c & 0x80 && pos < delta.length);
  return [size, pos];
}

export class DeltaError extends Error {
  override readonly name = "DeltaError";
}

/** The size of the object a delta rebuilds, as the delta says (what `applyDelta` allocates). */
export function deltaResultSize(delta: Buffer): number {
  return sizeAt(delta, sizeAt(delta, 0)[1])[0];
}

export function applyDelta(delta: Buffer, base: Buffer): Buffer {
  const [baseSize, afterBase] = sizeAt(delta, 0);
  if (baseSize !== base.length) throw new DeltaError(`delta expects a base of ${baseSize} bytes, got ${base.length}`);
  const [size, start] = sizeAt(delta, afterBase);
  const out = Buffer.allocUnsafe(size);
  let pos = start;
  let written = 0;
  while (pos < delta.length) {
    const op = delta[pos++] ?? 0;
    if (op & 0x80) {
      // Copy from the base: up to 4 offset bytes and 3 size bytes, present per flag bit.
      let offset = 0;
      let length = 0;
      for (let bit = 0; bit < 4; bit++) if (op & (1 << bit)) offset += (delta[pos++] ?? 0) * 2 ** (8 * bit);
      for (let bit = 0; bit < 3; bit++) if (op & (16 << bit)) length += (delta[pos++] ?? 0) * 2 ** (8 * bit);
      if (length === 0) length = 0x10000;
      if (offset + length > base.length || written + length > size) throw new DeltaError("delta copies past the end of the base or result");
      base.copy(out, written, offset, offset + length);
      written += length;
    } else if (op !== 0) {
      // Insert the next `op` bytes of the delta.
      if (pos + op > delta.length || written + op > size) throw new DeltaError("delta inserts past its end");
      delta.copy(out, written, pos, pos + op);
      pos += op;
      written += op;
    } else {
      throw new DeltaError("delta has a reserved opcode 0");
    }
  }
  if (written !== size) throw new DeltaError(`delta produced ${written} bytes, expected ${size}`);
  return out;
}
