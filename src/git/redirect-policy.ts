/**
 * Where a git server may redirect the app: only within the origin (scheme, host and port) of
 * the remote it was given, the one its credentials are for. Both git clients follow this: the
 * app's own (git-http.ts) and the adapter for isomorphic-git's (same-origin-http.ts).
 */

/** The server redirected outside the remote's origin; nothing was sent there. */
export class CrossOriginRedirectError extends Error {
  override readonly name = "CrossOriginRedirectError";
}

function describe(url: URL): string {
  return url.origin === "null" ? url.protocol : url.origin;
}

/** The URL `location` points to from `from`; throws CrossOriginRedirectError when it leaves `from`'s origin. */
export function sameOriginRedirect(from: string | URL, location: string): URL {
  const base = new URL(from);
  let to: URL;
  try {
    to = new URL(location, base);
  } catch {
    throw new CrossOriginRedirectError(`the git server redirected to an invalid URL (${JSON.stringify(location.slice(0, 100))})`);
  }
  if (to.origin === base.origin) return to;
  if (base.protocol === "https:" && to.protocol === "http:") {
    throw new CrossOriginRedirectError(`the git server redirected from https to http (${describe(to)}); refusing to send credentials there`);
  }
  throw new CrossOriginRedirectError(`the git server redirected to another host (${describe(to)}); refusing to send credentials there`);
}
