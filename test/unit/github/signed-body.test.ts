import { createHmac } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { readSignedBody } from "../../../src/github/signed-body.js";

const SECRET = "s3cret";
const sign = (body: Buffer) => `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;

/** A request stream that counts the bytes its reader takes. */
function fakeRequest(headers: Record<string, string>): { req: IncomingMessage; stream: PassThrough; taken: () => number } {
  const stream = new PassThrough();
  let taken = 0;
  stream.on("data", (c: Buffer) => (taken += c.length));
  stream.pause();
  return { req: Object.assign(stream, { headers }) as unknown as IncomingMessage, stream, taken: () => taken };
}

describe("readSignedBody", () => {
  it("reads nothing of a body whose declared length is over the limit", async () => {
    const { req, stream, taken } = fakeRequest({ "x-hub-signature-256": `sha256=${"0".repeat(64)}`, "content-length": "2000" });
    stream.write(Buffer.alloc(1000));
    expect(await readSignedBody(req, SECRET, 1000)).toMatchObject({ ok: false, status: 413 });
    expect(taken()).toBe(0);
  });

  it("stops taking bytes once a body without a length passes the limit", async () => {
    const { req, stream, taken } = fakeRequest({ "x-hub-signature-256": `sha256=${"0".repeat(64)}` });
    const result = readSignedBody(req, SECRET, 1000);
    for (let i = 0; i < 100; i++) stream.write(Buffer.alloc(100));
    expect(await result).toMatchObject({ ok: false, status: 413 });
    expect(taken()).toBeLessThanOrEqual(1100);
  });

  it("verifies the signature over the bytes as they came, and gives back the text", async () => {
    const body = Buffer.from(JSON.stringify({ a: "é" }));
    const good = fakeRequest({ "x-hub-signature-256": sign(body) });
    const result = readSignedBody(good.req, SECRET, 1000);
    good.stream.end(body);
    expect(await result).toEqual({ ok: true, text: '{"a":"é"}' });
    const bad = fakeRequest({ "x-hub-signature-256": sign(Buffer.from("other")) });
    const refused = readSignedBody(bad.req, SECRET, 1000);
    bad.stream.end(body);
    expect(await refused).toMatchObject({ ok: false, status: 400, error: "the signature does not match the body" });
  });

  it("refuses a missing or malformed signature without reading", async () => {
    for (const headers of [{} as Record<string, string>, { "x-hub-signature-256": "sha1=abc" }, { "x-hub-signature-256": `sha256=${"g".repeat(64)}` }]) {
      const { req, stream, taken } = fakeRequest(headers);
      stream.write("{}");
      expect(await readSignedBody(req, SECRET, 1000)).toMatchObject({ ok: false, status: 400 });
      expect(taken()).toBe(0);
    }
  });
});
