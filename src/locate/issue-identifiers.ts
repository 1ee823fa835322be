/** The code identifiers an issue mentions: everything inside code, and code-looking words in prose. */

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/g;
/** A fence to its closing fence or the end; a fence line never closed by a line feed ends the text. */
const FENCE = /```[^\n]*(?:\n([\s\S]*?)(?:```|$)|$)/g;
const INLINE = /`([^`\n]+)`/g;

/** A word that reads as code even in prose: snake_case, camelCase, PascalCase with two humps, dunder. */
export function looksLikeCode(word: string): boolean {
  if (/^_*[A-Za-z0-9]+(_[A-Za-z0-9]+)+_*$/.test(word) && /[a-z]/i.test(word)) return true;
  if (/^__\w+__$/.test(word) || /^_[A-Za-z]\w+$/.test(word)) return true;
  if (/^[a-z]+[A-Z]/.test(word)) return true;
  if (/^[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*$/.test(word)) return true;
  return false;
}

/** How much a mention counts by where it is: quoted as inline code or written as code in prose, or in a code block or log. */
export const MENTION_WEIGHT = { quoted: 1, code: 0.5 } as const;

/**
 * Mentioned identifiers with a weight. Inline code (`name`) is a deliberate mention: every identifier in it
 * counts fully. In prose, code blocks and logs only code-looking words count (snake_case, camelCase, calls
 * `f(`, dotted `a.b`), since plain words there are English or log text; those in code blocks count half.
 * Repetition adds a little (1 + 0.5 ln count).
 */
export function mentionedIdentifiers(text: string): Map<string, number> {
  const best = new Map<string, number>();
  const counts = new Map<string, number>();
  const count = (w: string, weight: number): void => {
    if (w.length < 2) return;
    counts.set(w, (counts.get(w) ?? 0) + 1);
    best.set(w, Math.max(best.get(w) ?? 0, weight));
  };
  // Each occurrence counts once: a call, part of a dotted name, or a code-looking word.
  const codeLike = (body: string, weight: number): void => {
    for (const m of body.matchAll(IDENT)) {
      const at = m.index ?? 0;
      const end = at + m[0].length;
      const call = body[end] === "(";
      const dotted = (body[end] === "." && /[A-Za-z_]/.test(body[end + 1] ?? "")) || (body[at - 1] === "." && /\w/.test(body[at - 2] ?? ""));
      if (call || dotted || looksLikeCode(m[0])) count(m[0], weight);
    }
  };
  let prose = text.replace(/\r\n?/g, "\n");
  for (const m of prose.matchAll(FENCE)) codeLike(m[1] ?? "", MENTION_WEIGHT.code);
  prose = prose.replace(FENCE, " ");
  for (const m of prose.matchAll(INLINE)) for (const w of (m[1] ?? "").matchAll(IDENT)) count(w[0], MENTION_WEIGHT.quoted);
  prose = prose.replace(INLINE, " ");
  const proseLines: string[] = [];
  const codeLines: string[] = [];
  for (const line of prose.split("\n")) {
    if (/^( {4}|\t)\S/.test(line) || /^\s*(File "|at |>>> |\.\.\. |E {3})/.test(line)) codeLines.push(line);
    else proseLines.push(line);
  }
  codeLike(codeLines.join("\n"), MENTION_WEIGHT.code);
  codeLike(proseLines.join("\n"), MENTION_WEIGHT.quoted);
  const weights = new Map<string, number>();
  for (const [w, c] of counts) weights.set(w, (best.get(w) ?? 0) * (1 + 0.5 * Math.log(c)));
  return weights;
}
