import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../shared/logger.js";
import { GITHUB_MAX_PAYLOAD_BYTES, readSignedBody } from "./signed-body.js";

/**
 * The app's HTTP server: GitHub's webhooks at `path`, `/ping` for liveness, `/ready` for
 * readiness (200 only when nothing keeps the app from working). A delivery is
 * verified as its body streams (signed-body.ts) and handed to the app only once its signature
 * holds; a body over GitHub's own 25 MB cap is refused before it is read. Unverified bodies in
 * flight share one byte budget, so a flood of large junk cannot exhaust memory.
 */
/** A delivery whose signature holds, its body parsed as JSON: what the app's receiver is handed. */
export interface WebhookDelivery {
  id: string;
  name: string;
  payload: unknown;
}

export interface WebhookServerOptions {
  /** Handles a verified delivery (the app's receiver, or `probot.receive`); a rejection answers 500. */
  receive: (delivery: WebhookDelivery) => Promise<void>;
  secret: string;
  host: string;
  port: number;
  log: Logger;
  path?: string;
  maxBodyBytes?: number;
  /** Bytes of unverified bodies read at once, across requests; more waiting gets 503. */
  maxPendingBytes?: number;
  /** For GET /ready: what keeps the app from working now (none: ready). */
  problems?: () => Promise<string[]>;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const JSON_TYPE = /^\s*application\/json\s*(?:;|$)/i;

function reply(res: ServerResponse, status: number, body: string, type = "application/json"): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": type });
  res.end(body);
}

const error = (message: string) => `${JSON.stringify({ error: message })}\n`;

/**
 * Answers a request whose body is not wanted. What the client still sends is read and thrown
 * away, never kept, for at most a few seconds, then the connection is closed: closing at once,
 * on unread bytes, would reset it before the client could read the answer.
 */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, body: string): void {
  // Kept alive whatever the client asked: Node would otherwise close right after the answer.
  res.shouldKeepAlive = true;
  req.resume();
  const timer = setTimeout(() => req.socket.destroy(), 5_000);
  timer.unref();
  req.once("end", () => clearTimeout(timer));
  reply(res, status, body);
}

export async function startWebhookServer(options: WebhookServerOptions): Promise<RunningServer> {
  const path = options.path ?? "/api/github/webhooks";
  const maxBody = options.maxBodyBytes ?? GITHUB_MAX_PAYLOAD_BYTES;
  const maxPending = options.maxPendingBytes ?? 4 * maxBody;
  const log = options.log;
  let pending = 0;

  const webhook = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== "POST") return reply(res, 404, error(`Unknown route: ${req.method ?? ""} ${path}`));
    if (!JSON_TYPE.test(String(req.headers["content-type"] ?? ""))) {
      return reply(res, 415, error('the content type must be "application/json" (set it in the app\'s webhook settings)'));
    }
    const name = req.headers["x-github-event"];
    const id = req.headers["x-github-delivery"];
    if (typeof name !== "string" || typeof id !== "string" || name === "" || id === "") {
      return reply(res, 400, error("missing X-GitHub-Event or X-GitHub-Delivery header"));
    }
    const declared = Number(req.headers["content-length"] ?? Number.NaN);
    const cost = Number.isFinite(declared) && declared >= 0 ? Math.min(declared, maxBody) : maxBody;
    if (pending + cost > maxPending) return refuse(req, res, 503, error("too many deliveries are being read; try again"));
    pending += cost;
    let body: Awaited<ReturnType<typeof readSignedBody>>;
    try {
      body = await readSignedBody(req, options.secret, maxBody);
    } finally {
      pending -= cost;
    }
    if (!body.ok) {
      log.info({ status: body.status, delivery: id.slice(0, 100) }, `webhook refused: ${body.error}`);
      return body.status === 413 ? refuse(req, res, 413, error(body.error)) : reply(res, body.status, error(body.error));
    }
    let payload: unknown;
    try {
      payload = JSON.parse(body.text);
    } catch {
      return reply(res, 400, error("the body is not JSON"));
    }
    try {
      await options.receive({ id, name, payload });
    } catch (err) {
      log.error({ err, delivery: id }, "webhook handler failed");
      return reply(res, 500, error("the app failed to handle this delivery; see the server log"));
    }
    reply(res, 200, "ok\n", "text/plain");
  };

  const server = createServer((req, res) => {
    let pathname: string;
    try {
      pathname = new URL(req.url ?? "/", "http://localhost").pathname.replace(/\/+$/, "") || "/";
    } catch {
      return reply(res, 400, error("the request URL cannot be parsed"));
    }
    if (pathname === path) {
      webhook(req, res).catch((err: unknown) => {
        log.error({ err }, "webhook request failed");
        reply(res, 500, error("internal error"));
      });
      return;
    }
    if (pathname === "/ping" && req.method === "GET") return reply(res, 200, "PONG", "text/plain");
    if (pathname === "/ready" && req.method === "GET") {
      (options.problems ?? (async () => []))().then(
        (problems) => reply(res, problems.length === 0 ? 200 : 503, `${JSON.stringify({ ready: problems.length === 0, problems })}\n`),
        (err: unknown) => reply(res, 503, `${JSON.stringify({ ready: false, problems: [err instanceof Error ? err.message : String(err)] })}\n`),
      );
      return;
    }
    reply(res, 404, error(`Unknown route: ${req.method ?? ""} ${pathname}`));
  });
  // GitHub waits 10 s for an answer: a slow or stalled upload is not waited for much longer.
  server.requestTimeout = 30_000;
  server.headersTimeout = 20_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: options.port, host: options.host }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () => new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
