import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { RewardPool } from "../dataset/reward/reward-pool.js";

/**
 * `stacksmith reward --serve`: the reward over HTTP for trainers that score thousands of answers
 * a step. `POST /reward` takes `{"items": [request, …]}` (each as one line of `stacksmith reward`)
 * and answers `{"results": [response, …]}` in the same order; `GET /health` answers
 * `{"status": "ok", "workers", "busy", "queued"}`. Anything else gets a JSON `{"error"}`.
 */

export interface ServeOptions {
  host: string;
  port: number;
  workers: number;
  deadlineMs: number;
  maxBodyBytes: number;
}

export interface RewardServer {
  url: string;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) }).end(text);
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? "0");
    if (declared > maxBytes) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) {
        req.removeAllListeners("data");
        req.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

async function handle(pool: RewardPool, options: ServeOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? "/").split("?")[0];
  if (path === "/health") {
    if (req.method !== "GET") return send(res, 405, { error: "use GET /health" });
    return send(res, 200, { status: "ok", workers: pool.size, ...pool.load() });
  }
  if (path !== "/reward") return send(res, 404, { error: "not found: POST /reward or GET /health" });
  if (req.method !== "POST") return send(res, 405, { error: "use POST /reward" });
  let body: Buffer;
  try {
    body = await readBody(req, options.maxBodyBytes);
  } catch (err) {
    if (err instanceof BodyTooLarge) return send(res, 413, { error: `the body is larger than ${options.maxBodyBytes} bytes: send smaller batches` });
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch (err) {
    return send(res, 400, { error: `the body is not JSON: ${err instanceof Error ? err.message : String(err)}` });
  }
  const items = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as { items?: unknown }).items : undefined;
  if (!Array.isArray(items)) return send(res, 400, { error: 'expected {"items": [{"code_context", "oracle_new_content", "output"}, ...]}' });
  send(res, 200, { results: await pool.score(items) });
}

/** Starts the pool and the server; resolves once it listens. */
export async function serveRewards(options: ServeOptions): Promise<RewardServer> {
  const pool = new RewardPool({ workers: options.workers, deadlineMs: options.deadlineMs });
  const server: Server = createServer((req, res) => {
    handle(pool, options, req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { error: err instanceof Error ? err.message : String(err) });
      else res.destroy();
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port, options.host, () => resolve());
    });
  } catch (err) {
    await pool.close();
    throw err;
  }
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await pool.close();
    },
  };
}
