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
    const packets = [];
    for (let i = 0; i < stream.length; i += 3) packets.push(...splitter.push(stream.subarray(i, i + 3)));
    expect(packets.map((p) => (p === null ? null : packetText(p)))).toEqual(["one", null, "two", "x".repeat(1000)]);
    expect(splitter.drained).toBe(true);
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
