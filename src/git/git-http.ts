/**
 * HTTP for git's smart protocol over node:http/https: streamed bodies with backpressure,
 * redirects followed for the first request as git does (http.followRedirects=initial), and
 * only within the URL's origin: a redirect elsewhere is refused (redirect-policy.ts), so the
 * credentials, and every later request built on the URL that answered, stay with that origin.
 * node:http rather than fetch: fetch loads undici and compiles its WebAssembly parser on
 * first use, about +20 MB of peak memory and 0.1–0.3 s in a fresh process.
 */
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { sameOriginRedirect } from "./redirect-policy.js";

/** The server answered with an HTTP error status. */
export class GitHttpError extends Error {
  override readonly name = "GitHttpError";
  constructor(
    readonly status: number,
    readonly statusText: string,
  ) {
    super(`HTTP ${status} ${statusText}`);
  }
}

export interface GitHttpRequest {
  url: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Follow up to this many redirects (GET only). */
  redirects?: number;
  /** Drop a connection silent this long; default 120 s (a stalled server would otherwise hold the job forever). */
  idleTimeoutMs?: number;
}

export interface GitHttpResponse {
  /** The URL that answered, after redirects. */
  url: string;
  contentType: string;
  body: IncomingMessage;
}

const USER_AGENT = "git/2.0 (stacksmith)";

function send(url: URL, req: GitHttpRequest, headers: Record<string, string>): Promise<IncomingMessage> {
  const client = url.protocol === "https:" ? https : url.protocol === "http:" ? http : undefined;
  if (client === undefined) return Promise.reject(new Error(`unsupported URL scheme ${url.protocol}`));
  return new Promise((resolve, reject) => {
    const outgoing = client.request(url, { method: req.method, headers }, resolve);
    const idle = req.idleTimeoutMs ?? 120_000;
    outgoing.setTimeout(idle, () => outgoing.destroy(new Error(`the server sent nothing for ${idle / 1000} s`)));
    outgoing.on("error", reject);
    outgoing.end(req.body);
  });
}

export async function gitRequest(req: GitHttpRequest): Promise<GitHttpResponse> {
  let url = new URL(req.url);
  for (let redirects = req.redirects ?? 0; ; redirects--) {
    const headers: Record<string, string> = { ...req.headers };
    headers["user-agent"] = USER_AGENT;
    if (req.body !== undefined) headers["content-length"] = String(Buffer.byteLength(req.body));
    const res = await send(url, req, headers);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (status >= 300 && status < 400 && location !== undefined) {
      // Destroyed, not drained: a redirect's or an error's body may never end.
      res.destroy();
      // A redirect to another origin is refused whether or not this request may follow one.
      const to = sameOriginRedirect(url, location);
      if (redirects > 0 && req.method === "GET") {
        url = to;
        continue;
      }
      throw new GitHttpError(status, res.statusMessage ?? "");
    }
    if (status < 200 || status >= 300) {
      res.destroy();
      throw new GitHttpError(status, res.statusMessage ?? "");
    }
    return { url: url.href, contentType: res.headers["content-type"] ?? "", body: res };
  }
}
