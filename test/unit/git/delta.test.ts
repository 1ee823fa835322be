import { describe, expect, it } from "vitest";
import { applyDelta, DeltaError } from "../../../src/git/delta.js";

/** A delta header: the base size and the result size as little-endian base-128 numbers. */
function sizes(...values: number[]): number[] {
  const out: number[] = [];
  for (let v of values) {
    do {
      let byte = v & 0x7f;
      v = Math.floor(v / 128);
      if (v > 0) byte |= 0x80;
      out.push(byte);
    } while (v > 0);
  }
  return out;
}

describe("applyDelta", () => {
  const base = Buffer.from("hello, delta world");

  it("copies ranges of the base and inserts new bytes", () => {
    // copy offset 0 length 7 ("hello, "), insert "big ", copy offset 13 length 5 ("world")
    const delta = Buffer.from([...sizes(base.length, 16), 0x90, 7, 4, ...Buffer.from("big "), 0x91, 13, 5]);
    expect(applyDelta(delta, base).toString()).toBe("hello, big world");
  });

  it("reads a copy size of zero as 64 KiB and multi-byte offsets", () => {
    const big = Buffer.alloc(0x10000 + 300, 7);
    big.write("marker", 0x100);
    // copy offset 0x100 (second offset byte) with no size bytes: 0x10000 bytes
    const delta = Buffer.from([...sizes(big.length, 0x10000), 0x82, 0x01]);
    const out = applyDelta(delta, big);
    expect(out.length).toBe(0x10000);
    expect(out.subarray(0, 6).toString()).toBe("marker");
  });

  it("refuses a delta for another base, one that overruns, and opcode 0", () => {
    expect(() => applyDelta(Buffer.from([...sizes(3, 1), 1, 65]), base)).toThrow(DeltaError);
    expect(() => applyDelta(Buffer.from([...sizes(base.length, 50), 0x91, 10, 40]), base)).toThrow(DeltaError);
    expect(() => applyDelta(Buffer.from([...sizes(base.length, 5), 0]), base)).toThrow(DeltaError);
    expect(() => applyDelta(Buffer.from([...sizes(base.length, 5), 2, 65, 66]), base)).toThrow(/produced 2 bytes/);
  });
});
