import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ObjectInflater } from "../../../src/git/object-inflater.js";
import { PackError } from "../../../src/git/pack-format.js";

/** Text that compresses, of `size` bytes. */
function text(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = 97 + ((i * 7 + seed * 13 + (i >> 5)) % 23);
  return out;
}

/** Two zlib streams back to back, then a 20-byte trailer, as objects sit in a pack. */
function packLike(a: Buffer, b: Buffer): { bytes: Buffer; first: number } {
  const first = deflateSync(a);
  return { bytes: Buffer.concat([first, deflateSync(b), Buffer.alloc(20, 0xee)]), first: first.length };
}

describe("ObjectInflater", () => {
  it("inflates objects one after another and says where each stream ends", () => {
    const a = text(100_000, 1);
    const b = text(3, 2);
    const { bytes, first } = packLike(a, b);
    const inflater = new ObjectInflater();
    const one = inflater.inflate(bytes, a.length);
    expect(one?.data.equals(a)).toBe(true);
    expect(one?.used).toBe(first);
    const two = inflater.inflate(bytes.subarray(first), b.length);
    expect(two?.data.equals(b)).toBe(true);
    inflater.close();
  });

  it("resumes a cut object where it stopped, without reading its first bytes again", () => {
    const a = text(200_000, 3);
    const { bytes, first } = packLike(a, text(10, 4));
    const inflater = new ObjectInflater();
    // On the Node releases the app supports, the context is reused (else it falls back to inflating again).
    expect(inflater.resumes).toBe(true);
    let result: ReturnType<ObjectInflater["inflate"]> = null;
    let fed = 0;
    for (let end = 1; result === null; end = Math.min(bytes.length, end + 997)) {
      const view = Buffer.from(bytes.subarray(0, end));
      // What was taken before is gone from this view: a restart from the start would fail.
      view.fill(0, 0, fed);
      result = inflater.inflate(view, a.length, fed > 0);
      fed = end;
    }
    expect(result.data.equals(a)).toBe(true);
    expect(result.used).toBe(first);
  });

  it("counts a stream that ends exactly where the bytes end as cut, and finishes it when more come", () => {
    const a = text(5_000, 5);
    const { bytes, first } = packLike(a, text(10, 6));
    const inflater = new ObjectInflater();
    expect(inflater.inflate(bytes.subarray(0, first), a.length)).toBeNull();
    const done = inflater.inflate(bytes, a.length, true);
    expect(done?.data.equals(a)).toBe(true);
    expect(done?.used).toBe(first);
  });

  it("refuses an object that inflates to more or less than its header says, or does not inflate, and goes on with the next", () => {
    const a = text(1_000, 7);
    const { bytes } = packLike(a, text(10, 8));
    const inflater = new ObjectInflater();
    expect(() => inflater.inflate(bytes, a.length - 1)).toThrow(PackError);
    expect(() => inflater.inflate(bytes, a.length + 1)).toThrow(/inflated to 1000 bytes, its header says 1001/);
    const corrupt = Buffer.from(bytes);
    corrupt[10] = (corrupt[10] ?? 0) ^ 0xff;
    corrupt[11] = (corrupt[11] ?? 0) ^ 0xff;
    expect(() => inflater.inflate(corrupt, a.length)).toThrow(PackError);
    expect(inflater.inflate(bytes, a.length)?.data.equals(a)).toBe(true);
  });
});
