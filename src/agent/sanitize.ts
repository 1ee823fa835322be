/**
 * Text written by people (issues, comments, reviews) and by tools (CI logs) is data. Before it
 * reaches a prompt it loses what a reader cannot see but a model would obey: HTML comments,
 * invisible and direction-changing characters, hidden HTML. Long text is cut with a note.
 */

/** Zero-width characters, bidirectional controls, the BOM and other invisible format characters. */
const INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u{E0000}-\u{E007F}]/gu;
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
/** Elements whose content a rendered page does not show. */
const HIDDEN_ELEMENT = /<(script|style|template|noscript)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
/** Attributes that hold text a rendered page does not show. */
const HIDDEN_ATTRIBUTE = /\s(?:title|alt|aria-label|data-[\w-]+)\s*=\s*("[^"]*"|'[^']*')/gi;
/** Control characters other than tab and newline. */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/g;

export interface SanitizeOptions {
  /** Longest text kept, in characters; the rest is cut with a note. */
  maxChars: number;
}

export function sanitizeUserText(text: string, options: SanitizeOptions): string {
  let clean = text
    .replace(/\r\n?/g, "\n")
    .replace(HTML_COMMENT, "")
    .replace(HIDDEN_ELEMENT, "")
    .replace(HIDDEN_ATTRIBUTE, "")
    .replace(INVISIBLE, "")
    .replace(CONTROL, "")
    .normalize("NFC");
  if (clean.length > options.maxChars) {
    const cut = clean.length - options.maxChars;
    clean = `${clean.slice(0, options.maxChars)}\n[… ${cut.toLocaleString("en-US")} more characters cut]`;
  }
  return clean;
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
