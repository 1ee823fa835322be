import { visibleText } from "../github/visible-text.js";

/**
 * Text written by people (issues, comments, reviews) and by tools (CI logs) is data. Before it
 * reaches a prompt it loses what a reader of the page cannot see but a model would obey: HTML
 * comments, hidden HTML and its attributes, invisible Markdown (link definitions, image
 * descriptions, link titles), invisible and direction-changing characters. Long text is cut
 * with a note; it is cut before it is read, so no text is too long to read.
 */

export interface SanitizeOptions {
  /** Longest text kept, in characters; the rest is cut with a note. */
  maxChars: number;
}

/** Raw characters read for `maxChars` kept: room for the hidden markup an honest text carries. */
export function rawLimit(maxChars: number): number {
  return maxChars * 4 + 4_096;
}

/** The first `n` characters, without splitting a surrogate pair. */
function head(text: string, n: number): string {
  const code = text.charCodeAt(n - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
}

export function sanitizeUserText(text: string, options: SanitizeOptions): string {
  const limit = rawLimit(options.maxChars);
  const raw = text.length > limit ? head(text, limit) : text;
  let clean = visibleText(raw, { truncated: raw.length < text.length });
  let cut = text.length - raw.length;
  if (clean.length > options.maxChars) {
    cut += clean.length - options.maxChars;
    clean = head(clean, options.maxChars);
  }
  return cut > 0 ? `${clean}\n[… ${cut.toLocaleString("en-US")} more characters cut]` : clean;
}

/** Replaces every occurrence of each secret with `[redacted]`. Secrets shorter than 8 characters are ignored. */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 8) continue;
    out = out.split(secret).join("[redacted]");
  }
  return out;
}
