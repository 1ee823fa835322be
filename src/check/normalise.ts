import type { Normalisation } from "./types.js";

/**
 * Keeps an edited file's style where a model slips, by fixing what it wrote rather than refusing it:
 * - line endings: a file whose lines all end in CRLF (or all in LF) keeps that ending on the new lines;
 * - the final newline: a file that ended with one still does;
 * - trailing whitespace: a file that had none gets none on the lines the edit wrote (not Markdown, where
 *   two trailing spaces break a line, nor patches).
 */
export interface Normalised {
  text: string;
  applied: Normalisation[];
}

const KEEPS_TRAILING = /\.(md|markdown|mdx|patch|diff)$/i;

interface RawLine {
  text: string;
  eol: "\n" | "\r\n" | "";
}

function rawLines(content: string): RawLine[] {
  const out: RawLine[] = [];
  let start = 0;
  while (start < content.length) {
    const nl = content.indexOf("\n", start);
    if (nl < 0) {
      out.push({ text: content.slice(start), eol: "" });
      break;
    }
    const crlf = nl > start && content.charCodeAt(nl - 1) === 13;
    out.push({ text: content.slice(start, crlf ? nl - 1 : nl), eol: crlf ? "\r\n" : "\n" });
    start = nl + 1;
  }
  return out;
}

function uniformEol(lines: readonly RawLine[]): "\n" | "\r\n" | null {
  let crlf = 0;
  let lf = 0;
  for (const line of lines) {
    if (line.eol === "\r\n") crlf++;
    else if (line.eol === "\n") lf++;
  }
  if (crlf > 0 && lf === 0) return "\r\n";
  if (lf > 0 && crlf === 0) return "\n";
  return null;
}

const TRAILING = /[ \t]+$/;

/** The new text with the old text's style kept on the lines the edit wrote; null old text: a new file. */
export function normaliseEdit(path: string, oldText: string | null, newText: string): Normalised {
  if (oldText === null || newText === "") return { text: newText, applied: [] };
  const old = rawLines(oldText);
  const lines = rawLines(newText);
  const applied = new Set<Normalisation>();
  const eol = uniformEol(old);
  const stripTrailing = !KEEPS_TRAILING.test(path) && !old.some((line) => TRAILING.test(line.text));
  // The old text was uniform, so any line that differs from it came from the edit.
  lines.forEach((line) => {
    if (eol !== null && line.eol !== "" && line.eol !== eol) {
      line.eol = eol;
      applied.add("line-endings");
    }
    if (stripTrailing && TRAILING.test(line.text)) {
      line.text = line.text.replace(TRAILING, "");
      applied.add("trailing-whitespace");
    }
  });
  const last = lines[lines.length - 1];
  if (oldText.endsWith("\n") && last !== undefined && last.eol === "") {
    last.eol = eol ?? (oldText.endsWith("\r\n") ? "\r\n" : "\n");
    applied.add("final-newline");
  }
  const order: Normalisation[] = ["line-endings", "final-newline", "trailing-whitespace"];
  return { text: lines.map((l) => l.text + l.eol).join(""), applied: order.filter((n) => applied.has(n)) };
}
