import { createHmac } from "node:crypto";
import { request } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebhookServer, type RunningServer } from "../../src/github/webhook-server.js";
import { silentLogger } from "../../src/shared/logger.js";

/**
 * The webhook server in front of Probot: what reaches the app, and what is refused before a
 * body is read whole. The "app" here records what it receives.
 */

const SECRET = "webhook-server-secret";
const received: Array<{ id: string; name: string; payload: unknown }> = [];
let server: RunningServer;

beforeAll(async () => {
  server = await startWebhookServer({
    receive: async (delivery) => void received.push(delivery),
    secret: SECRET,
    host: "127.0.0.1",
    port: 0,
    log: silentLogger(),
    maxBodyBytes: 1024 * 1024,
    maxPendingBytes: 3 * 1024 * 1024,
  });
});
afterAll(async () => {
  await server.close();
});

const sign = (body: Buffer | string) => `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;

interface Sent {
  status: number;
  body: string;
  /** Body bytes written before the answer came. */
  written: number;
}

/**
 * POSTs a body in 64 KiB chunks over a plain socket (no HTTP client, which other test files'
 * HTTP mocks would wrap), and stops writing once the server answers or closes.
 */
function post(body: Buffer, headers: Record<string, string>, opts: { chunked?: boolean } = {}): Promise<Sent> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), "127.0.0.1");
    let written = 0;
    let answer = "";
    let stopped = false;
    const all: Record<string, string> = {
      host: "127.0.0.1",
      "content-type": "application/json",
      "x-github-event": "issues",
      "x-github-delivery": "d-1",
      connection: "close",
      ...(opts.chunked ? { "transfer-encoding": "chunked" } : { "content-length": String(body.length) }),
      ...headers,
    };
    socket.on("error", () => (stopped = true));
    socket.on("data", (chunk: Buffer) => {
      answer += chunk.toString("latin1");
      stopped = true;
    });
    socket.on("close", () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
      if (status === 0) return reject(new Error(`no answer: ${JSON.stringify(answer)}`));
      resolve({ status, body: answer.slice(answer.indexOf("\r\n\r\n") + 4), written });
    });
    socket.write(`POST /api/github/webhooks HTTP/1.1\r\n${Object.entries(all).map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n`);
    const write = (offset: number): void => {
      if (stopped || socket.destroyed) return;
      if (offset >= body.length) {
        if (opts.chunked) socket.write("0\r\n\r\n");
        return;
      }
      const chunk = body.subarray(offset, offset + 65536);
      written += chunk.length;
      const framed = opts.chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]) : chunk;
      if (socket.write(framed)) setImmediate(() => write(offset + chunk.length));
      else socket.once("drain", () => write(offset + chunk.length));
    };
    write(0);
  });
}

describe("the webhook server", () => {
  it("hands a signed delivery to the app", async () => {
    const body = Buffer.from(JSON.stringify({ action: "opened" }));
    const sent = await post(body, { "x-hub-signature-256": sign(body) });
    expect(sent.status).toBe(200);
    expect(received).toEqual([{ id: "d-1", name: "issues", payload: { action: "opened" } }]);
  });

  it("refuses a missing, malformed or wrong signature, and the app sees nothing", async () => {
    received.length = 0;
    const body = Buffer.from("{}");
    expect((await post(body, {})).status).toBe(400);
    expect((await post(body, { "x-hub-signature-256": "sha1=abc" })).status).toBe(400);
    const wrong = await post(body, { "x-hub-signature-256": `sha256=${"0".repeat(64)}` });
    expect(wrong).toMatchObject({ status: 400, body: expect.stringContaining("the signature does not match the body") });
    expect(received).toEqual([]);
  });

  it("refuses a body declared over the limit before reading it", async () => {
    received.length = 0;
    const big = Buffer.alloc(8 * 1024 * 1024, 0x20);
    const sent = await post(big, { "x-hub-signature-256": sign(big) });
    expect(sent.status).toBe(413);
    expect(received).toEqual([]);
  });

  it("cuts off a body sent without a length once it passes the limit, signed or not", async () => {
    received.length = 0;
    const big = Buffer.alloc(8 * 1024 * 1024, 0x20);
    for (const signature of [sign(big), `sha256=${"0".repeat(64)}`]) {
      const sent = await post(big, { "x-hub-signature-256": signature }, { chunked: true });
      expect(sent.status).toBe(413);
    }
    expect(received).toEqual([]);
  });

  it("refuses a body that is not JSON, or not sent as JSON", async () => {
    const body = Buffer.from("payload=%7B%7D");
    expect((await post(body, { "x-hub-signature-256": sign(body) })).status).toBe(400);
    expect((await post(body, { "x-hub-signature-256": sign(body), "content-type": "application/x-www-form-urlencoded" })).status).toBe(415);
  });

  it("answers 503 while unverified bodies already fill the read budget, then takes deliveries again", async () => {
    // Three uploads that declare 1 MiB each and send a little of it, then stall.
    const stalled = [0, 1, 2].map(() => {
      const req = request(`${server.url}/api/github/webhooks`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-github-event": "issues", "x-github-delivery": "slow", "content-length": String(1024 * 1024), "x-hub-signature-256": `sha256=${"0".repeat(64)}` },
      });
      req.on("error", () => {});
      req.write("{");
      return req;
    });
    const body = Buffer.from("{}");
    let sent: Sent = { status: 0, body: "", written: 0 };
    for (let i = 0; i < 100 && sent.status !== 503; i++) sent = await post(body, { "x-hub-signature-256": sign(body) });
    expect(sent.status).toBe(503);
    for (const req of stalled) req.destroy();
    let after: Sent = sent;
    for (let i = 0; i < 100 && after.status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      after = await post(body, { "x-hub-signature-256": sign(body) });
    }
    expect(after.status).toBe(200);
  });

  it("answers /ping, and 404 elsewhere", async () => {
    expect(await (await fetch(`${server.url}/ping`)).text()).toBe("PONG");
    expect((await fetch(`${server.url}/api/github/webhooks`)).status).toBe(404);
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
  });
});
