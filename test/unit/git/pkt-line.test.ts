import { describe, expect, it } from "vitest";
import { GitProtocolError, PktLineSplitter, packetText, pktLine } from "../../../src/git/pkt-line.js";

describe("pkt-line", () => {
  it("frames text with its length in four hex digits", () => {
    expect(pktLine("want abc\n")).toBe("000dwant abc\n");
    expect(pktLine("")).toBe("0004");
  });

  it("splits packets that arrive in pieces, flushes included", () => {
    const stream = Buffer.from(pktLine("one\n") + "0000" + pktLine("two") + pktLine("x".repeat(1000)));
    const splitter = new PktLineSplitter();
    const packets: Array<string | null> = [];
    // A payload is valid until the next push: read it at once.
    for (let i = 0; i < stream.length; i += 3) packets.push(...splitter.push(stream.subarray(i, i + 3)).map((p) => (p === null ? null : packetText(p))));
    expect(packets).toEqual(["one", null, "two", "x".repeat(1000)]);
    expect(splitter.drained).toBe(true);
  });

  it("splits full-size packets cut anywhere by chunks of any size", () => {
    let seed = 1;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let trial = 0; trial < 30; trial++) {
      const payloads = Array.from({ length: 20 }, () => Buffer.alloc(rand(3) === 0 ? 65516 : 1 + rand(2000), rand(256)));
      for (const p of payloads) if (p.length >= 4) p.writeUInt32BE(rand(2 ** 31), p.length - 4);
      const stream = Buffer.concat(payloads.flatMap((p) => [Buffer.from((p.length + 4).toString(16).padStart(4, "0")), p]));
      const splitter = new PktLineSplitter();
      const got: Buffer[] = [];
      for (let i = 0, n = 1; i < stream.length; i += n, n = 1 + rand(rand(2) === 0 ? 70_000 : 10)) {
        for (const packet of splitter.push(stream.subarray(i, i + n))) got.push(Buffer.from(packet ?? []));
      }
      expect(got.length).toBe(payloads.length);
      expect(got.every((g, k) => g.equals(payloads[k] ?? Buffer.alloc(0)))).toBe(true);
    }
  });

  it("keeps a partial packet until the rest arrives", () => {
    const splitter = new PktLineSplitter();
    expect(splitter.push(Buffer.from("0009ab"))).toEqual([]);
    expect(splitter.drained).toBe(false);
    expect(splitter.push(Buffer.from("cde")).map((p) => p?.toString())).toEqual(["abcde"]);
  });

  it("refuses bytes that are not pkt-lines", () => {
    expect(() => new PktLineSplitter().push(Buffer.from("<html>"))).toThrow(GitProtocolError);
    expect(() => new PktLineSplitter().push(Buffer.from("0002"))).toThrow(GitProtocolError);
  });
});
