/** The code identifiers an issue mentions: everything inside code, and code-looking words in prose. */

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/g;
const FENCE = /```[^\n]*\n([\s\S]*?)(?:```|$)/g;
const INLINE = /`([^`\n]+)`/g;
const DOTTED = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+/g;
const CALL = /([A-Za-z_][A-Za-z0-9_]*)\(/g;

/** A word that reads as code even in prose: snake_case, camelCase, PascalCase with two humps, dunder. */
export function looksLikeCode(word: string): boolean {
  if (/^_*[A-Za-z0-9]+(_[A-Za-z0-9]+)+_*$/.test(word) && /[a-z]/i.test(word)) return true;
  if (/^__\w+__$/.test(word) || /^_[A-Za-z]\w+$/.test(word)) return true;
  if (/^[a-z]+[A-Z]/.test(word)) return true;
  if (/^[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*$/.test(word)) return true;
  return false;
}

/** Mentioned identifiers with a weight: 1 for one mention, growing slowly with repetition. */
export function mentionedIdentifiers(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const count = (w: string): void => {
    counts.set(w, (counts.get(w) ?? 0) + 1);
  };
  let prose = text.replace(/\r\n?/g, "\n");
  for (const m of prose.matchAll(FENCE)) for (const w of (m[1] ?? "").matchAll(IDENT)) count(w[0]);
  prose = prose.replace(FENCE, " ");
  for (const m of prose.matchAll(INLINE)) for (const w of (m[1] ?? "").matchAll(IDENT)) count(w[0]);
  prose = prose.replace(INLINE, " ");
  // Indented blocks (Markdown code) and traceback lines.
  const proseLines: string[] = [];
  for (const line of prose.split("\n")) {
    if (/^( {4}|\t)\S/.test(line) || /^\s*(File "|at |>>> |\.\.\. )/.test(line)) for (const w of line.matchAll(IDENT)) count(w[0]);
    else proseLines.push(line);
  }
  prose = proseLines.join("\n");
  for (const m of prose.matchAll(DOTTED)) for (const w of m[0].split(".")) count(w);
  for (const m of prose.matchAll(CALL)) if (m[1] !== undefined) count(m[1]);
  for (const m of prose.matchAll(IDENT)) if (looksLikeCode(m[0])) count(m[0]);
  const weights = new Map<string, number>();
  for (const [w, c] of counts) if (w.length >= 2) weights.set(w, 1 + 0.5 * Math.log(c));
  return weights;
}
