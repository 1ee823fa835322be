import { createRequire } from "node:module";
import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";

/** The pako that isomorphic-git resolves: the node:zlib shim under vendor/, installed by `overrides`. */
const requireFromGit = createRequire(createRequire(import.meta.url).resolve("isomorphic-git"));
interface PakoInflate {
  push(chunk: Uint8Array, mode?: boolean | number): boolean;
  result: Uint8Array | undefined;
  err: number;
  msg: string;
  strm: { avail_in: number };
}
const pako = requireFromGit("pako") as {
  inflate(data: Uint8Array): Uint8Array;
  deflate(data: Uint8Array): Uint8Array;
  Inflate: new () => PakoInflate;
};

describe("pako shim over node:zlib", () => {
  const text = Buffer.from("stacksmith ".repeat(5000));

  it("is the package isomorphic-git loads", () => {
    expect(requireFromGit.resolve("pako")).toMatch(/vendor[/\\]zlib-pako[/\\]index\.js$/);
  });

  it("inflates and deflates like pako", () => {
    expect(Buffer.from(pako.inflate(deflateSync(text))).equals(text)).toBe(true);
    expect(Buffer.from(pako.inflate(pako.deflate(text))).equals(text)).toBe(true);
  });

  it("streams a zlib stream pushed in pieces and reports the bytes after its end", () => {
    const stream = Buffer.concat([deflateSync(text), Buffer.from("NEXT-OBJECT")]);
    const inflator = new pako.Inflate();
    const pieces = [stream.subarray(0, 40), stream.subarray(40, 90), stream.subarray(90)];
    let last = pieces[0];
    for (const piece of pieces) {
      last = piece;
      inflator.push(piece, false);
      if (inflator.result !== undefined) break;
    }
    expect(Buffer.from(inflator.result ?? []).equals(text)).toBe(true);
    expect(last?.subarray(last.length - inflator.strm.avail_in).toString()).toBe("NEXT-OBJECT");
  });

  it("reports corrupt data as an error, as pako does", () => {
    const inflator = new pako.Inflate();
    inflator.push(Buffer.from("definitely not zlib data"), false);
    expect(inflator.err).not.toBe(0);
    expect(inflator.msg).not.toBe("");
    expect(() => pako.inflate(Buffer.from("nope"))).toThrow();
  });
});
