/**
 * isomorphic-git's HTTP client for Node, kept to the remote's origin. The stock client
 * follows up to 10 redirects anywhere, for every request, and replays a POST's body (the pack
 * being pushed) after a 307; it drops the Authorization header on another origin, but still
 * sends the request there. This one follows a redirect only for a GET and only within the
 * origin of the URL asked for (redirect-policy.ts), as git follows only the initial request's:
 * isomorphic-git builds every request on the remote's URL, so none leaves that origin.
 */
import type { GitHttpRequest, GitHttpResponse, HttpClient } from "isomorphic-git";
import http from "isomorphic-git/http/node";
import { sameOriginRedirect } from "./redirect-policy.js";

const MAX_REDIRECTS = 5;

/** Ends a response whose body nobody will read (it may never end by itself). */
function discard(res: GitHttpResponse): void {
  void res.body?.return?.();
}

async function request(req: GitHttpRequest): Promise<GitHttpResponse> {
  let current = req;
  for (let redirects = 0; ; redirects++) {
    const res = await http.request({ ...current, fetchOptions: { ...current.fetchOptions, followRedirects: false } });
    const location = res.headers?.["location"];
    if (res.statusCode < 300 || res.statusCode >= 400 || location === undefined) return res;
    let next: URL;
    try {
      next = sameOriginRedirect(current.url, location);
    } catch (err) {
      discard(res);
      throw err;
    }
    // Anything but a GET gets the redirect as its answer: isomorphic-git reports it as an HttpError.
    if ((current.method ?? "GET").toUpperCase() !== "GET" || redirects >= MAX_REDIRECTS) return res;
    discard(res);
    current = { ...current, url: next.href };
  }
}

export const sameOriginHttp: HttpClient = { request };
