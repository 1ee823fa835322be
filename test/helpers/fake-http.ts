import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in HTTP API on 127.0.0.1 for tests whose client runs in another process, where nock
 * cannot reach. Every request is recorded; one that no route matches gets 501 and is listed in
 * `unexpected`, which the test checks is empty.
 */

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: unknown;
}

/** A JSON reply, a raw one (`text` with its content type), or `hold`: the response stays open until the client goes away. */
export type Reply = { status: number; json?: unknown } | { status: number; text: string; type: string } | "hold";

export interface Route {
  method: string;
  path: RegExp;
  reply: (req: RecordedRequest, match: RegExpExecArray) => Reply;
}

export interface FakeHttp {
  url: string;
  /** `host:port`, for GHE_HOST. */
  host: string;
  requests: RecordedRequest[];
  unexpected: string[];
  /** Resolves when the first request answered with `hold` has arrived. */
  held: Promise<RecordedRequest>;
  count(method: string, path: RegExp): number;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Passes a request on to another server untouched (git's smart HTTP, binary bodies). */
function forward(upstream: string, req: IncomingMessage, res: ServerResponse): void {
  const target = new URL(upstream);
  const out = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
    res.writeHead(up.statusCode ?? 502, up.headers);
    up.pipe(res);
  });
  out.on("error", () => res.writeHead(502).end());
  req.pipe(out);
}

export interface FakeHttpOptions {
  /** Requests for `/<owner>/<repo>.git/…` go to this git server, as GitHub serves git beside its API. */
  git?: string;
}

export async function startFakeHttp(routes: Route[], options: FakeHttpOptions = {}): Promise<FakeHttp> {
  const requests: RecordedRequest[] = [];
  const unexpected: string[] = [];
  let onHeld: (req: RecordedRequest) => void = () => {};
  const held = new Promise<RecordedRequest>((resolve) => (onHeld = resolve));
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (options.git !== undefined && /^\/[^/]+\/[^/]+\.git\//.test(req.url ?? "")) return forward(options.git, req, res);
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const recorded: RecordedRequest = {
        method: req.method ?? "GET",
        url: req.url ?? "/",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: await readBody(req),
      };
      requests.push(recorded);
      for (const route of routes) {
        const match = route.method === recorded.method ? route.path.exec(recorded.path) : null;
        if (match === null) continue;
        const reply = route.reply(recorded, match);
        if (reply === "hold") {
          onHeld(recorded);
          return;
        }
        if ("text" in reply) res.writeHead(reply.status, { "content-type": reply.type }).end(reply.text);
        else res.writeHead(reply.status, { "content-type": "application/json" }).end(reply.json === undefined ? "" : JSON.stringify(reply.json));
        return;
      }
      unexpected.push(`${recorded.method} ${recorded.url}`);
      res.writeHead(501, { "content-type": "application/json" }).end(JSON.stringify({ message: "no route in the test's fake server" }));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    unexpected,
    held,
    count: (method, path) => requests.filter((r) => r.method === method && path.test(r.path)).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
