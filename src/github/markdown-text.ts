/**
 * Text the app did not write itself (a model's titles and summaries, error details that
 * quote paths or files), made safe to render in a comment or a pull request body:
 * - no HTML comment can open or close, so nothing rendered can look like the app's hidden
 *   state or hide text from the reader;
 * - no image loads (a private repository's code could leave in an image URL fetched by
 *   GitHub's camo proxy), and no tag that embeds or fetches;
 * - no @mention pings a person or team.
 * Each pass is one linear regular expression.
 */

const COMMENT_OPEN = /<!--/g;
const COMMENT_CLOSE = /--!?>/g;
const FETCHING_TAG = /<(?=\/?(?:img|picture|source|video|audio|track|svg|object|embed|iframe|frame|link|meta|base|form|input|image|script|style)(?![\w-]))/gi;
const IMAGE = /!\[/g;
const MENTION = /(^|[^\w`@\\/])@(?=[A-Za-z0-9])/g;
const LINE_BREAKS = /[\r\n\u2028\u2029\u0085]+/g;

/** Escapes HTML comment delimiters; for every field rendered into a comment or body. */
export function escapeComments(text: string): string {
  return text.replace(COMMENT_OPEN, "&lt;!--").replace(COMMENT_CLOSE, (m) => `${m.slice(0, -1)}&gt;`);
}

/** Untrusted text as a paragraph: comments escaped, nothing that loads, no mentions; cut at `maxChars`. */
export function untrustedBlock(text: string, maxChars: number): string {
  const cut = text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
  return escapeComments(cut).replace(FETCHING_TAG, "&lt;").replace(IMAGE, "!\\[").replace(MENTION, "$1@\u200b");
}

/** Untrusted text as one line (a title, a reason): as `untrustedBlock`, line breaks become spaces. */
export function untrustedLine(text: string, maxChars: number): string {
  return untrustedBlock(text.replace(LINE_BREAKS, " ").trim(), maxChars);
}
