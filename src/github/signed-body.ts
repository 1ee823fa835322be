import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/**
 * Reads a webhook delivery's body only as far as it is allowed to go: a declared length over
 * the limit is refused before a byte is read, a body that grows past it is cut off, and the
 * HMAC-SHA256 signature (X-Hub-Signature-256) is computed as the bytes arrive, so nothing is
 * parsed or kept for an unsigned or badly signed delivery.
 *
 * GitHub caps deliveries at 25 MB: https://docs.github.com/en/webhooks/webhook-events-and-payloads#payload-cap
 */
export const GITHUB_MAX_PAYLOAD_BYTES = 25 * 1024 * 1024;

export type SignedBody = { ok: true; text: string } | { ok: false; status: 400 | 413; error: string };

const SIGNATURE = /^sha256=([0-9a-f]{64})$/;

export function readSignedBody(req: IncomingMessage, secret: string, maxBytes: number): Promise<SignedBody> {
  const signature = SIGNATURE.exec(String(req.headers["x-hub-signature-256"] ?? ""))?.[1];
  if (signature === undefined) return Promise.resolve({ ok: false, status: 400, error: "missing or malformed X-Hub-Signature-256 header" });
  const declared = Number(req.headers["content-length"] ?? Number.NaN);
  if (declared > maxBytes) return Promise.resolve({ ok: false, status: 413, error: `the body is larger than ${maxBytes} bytes` });

  return new Promise((resolve, reject) => {
    const hmac = createHmac("sha256", secret);
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: SignedBody) => {
      if (done) return;
      done = true;
      req.off("data", onData);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        req.pause();
        return finish({ ok: false, status: 413, error: `the body is larger than ${maxBytes} bytes` });
      }
      hmac.update(chunk);
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("error", (err) => (done ? undefined : ((done = true), reject(err))));
    req.on("close", () => finish({ ok: false, status: 400, error: "the connection closed before the body ended" }));
    req.resume();
    req.on("end", () => {
      if (done) return;
      const expected = hmac.digest();
      if (!timingSafeEqual(expected, Buffer.from(signature, "hex"))) return finish({ ok: false, status: 400, error: "the signature does not match the body" });
      finish({ ok: true, text: Buffer.concat(chunks, size).toString("utf8") });
    });
  });
}
