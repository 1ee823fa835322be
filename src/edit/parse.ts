import { findBlockPath } from "./block-path.js";
import type { Edit, ParseError, ParseResult } from "./types.js";

const SEARCH = /^(<{5,9})\s*SEARCH>?$/;
const DIVIDER = /^(={5,9})$/;
const REPLACE = /^>{5,9}\s*REPLACE$/;

function markerLength(regex: RegExp, line: string): number | null {
  const match = regex.exec(line.trim());
  return match === null ? null : (match[1] ?? "").length;
}

/** Ends a SEARCH or REPLACE section whose last line has no final newline, as in a unified diff. */
export const NO_NEWLINE = "\\ No newline at end of file";

/** Lines as edit text: each line ends in "\n" (except before NO_NEWLINE); no lines is "". */
function toText(lines: readonly string[]): string {
  const text = lines.map((line) => `${line}\n`).join("");
  if (lines[lines.length - 1] !== NO_NEWLINE) return text;
  return text.slice(0, -(NO_NEWLINE.length + 1)).replace(/\n$/, "");
}

/**
 * The divider between SEARCH and REPLACE: the first `=======` line whose length equals the
 * SEARCH marker's, else the first of any length (5 to 9). Preferring the same length lets a
 * block hold `=====` lines of another length (setext headings, reStructuredText).
 */
function findDivider(lines: readonly string[], from: number, to: number, length: number): number | null {
  let first: number | null = null;
  for (let i = from; i < to; i++) {
    const found = markerLength(DIVIDER, lines[i] ?? "");
    if (found === null) continue;
    if (found === length) return i;
    first ??= i;
  }
  return first;
}

/**
 * Parses SEARCH/REPLACE blocks in the SWE-RL/Agentless format:
 *
 *     ```python
 *     ### path/to/file.py
 *     <<<<<<< SEARCH
 *     old lines
 *     =======
 *     new lines
 *     >>>>>>> REPLACE
 *     ```
 *
 * Tolerates what models emit: fences with or without a language tag, a missing closing
 * fence, 5 to 9 marker characters, a path line with `#`, backticks, `*` or a trailing
 * colon (or the path on the fence line), CRLF output. A block without a path line reuses
 * the previous block's path. A section ending in the line `\ No newline at end of file`
 * ends without a final newline. Text outside blocks is ignored; broken blocks become
 * `ParseError`s naming their line.
 */
export function parseEdits(text: string): ParseResult {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const edits: Edit[] = [];
  const errors: ParseError[] = [];
  let lastPath: string | null = null;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? "";
    const open = markerLength(SEARCH, line);
    if (open === null) {
      if (REPLACE.test(line.trim())) errors.push({ line: i + 1, message: "a `>>>>>>> REPLACE` line with no `<<<<<<< SEARCH` line before it" });
      i++;
      continue;
    }
    let end = i + 1;
    while (end < lines.length && !REPLACE.test((lines[end] ?? "").trim()) && markerLength(SEARCH, lines[end] ?? "") === null) end++;
    if (end >= lines.length || !REPLACE.test((lines[end] ?? "").trim())) {
      errors.push({ line: i + 1, message: "a `<<<<<<< SEARCH` block that is not closed by a `>>>>>>> REPLACE` line" });
      i = end;
      continue;
    }
    const divider = findDivider(lines, i + 1, end, open);
    const path: string | null = findBlockPath(lines, i) ?? lastPath;
    if (divider === null) {
      errors.push({ line: i + 1, message: "a `<<<<<<< SEARCH` block with no `=======` line between SEARCH and REPLACE" });
    } else if (path === null) {
      errors.push({ line: i + 1, message: "a `<<<<<<< SEARCH` block with no `### path/to/file` line before it" });
    } else {
      edits.push({ path, search: toText(lines.slice(i + 1, divider)), replace: toText(lines.slice(divider + 1, end)) });
      lastPath = path;
    }
    i = end + 1;
  }
  return { edits, errors };
}
