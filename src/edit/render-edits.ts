import { NO_NEWLINE } from "./parse.js";
import type { Edit } from "./types.js";

export interface RenderOptions {
  /** The fence's language tag; default none. */
  language?: string;
}

/** Lines of a section; a last line without "\n" is followed by the no-newline marker. */
function textLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (text.endsWith("\n")) lines.pop();
  else lines.push(NO_NEWLINE);
  return lines;
}

/** 7 unless a content line is a divider of that length; then another length from 5 to 9. */
function markerLength(lines: readonly string[]): number {
  const dividers = new Set(lines.map((line) => line.trim()).filter((line) => /^={5,9}$/.test(line)).map((line) => line.length));
  return [7, 8, 9, 6, 5].find((n) => !dividers.has(n)) ?? 7;
}

/** A fence longer than any backtick fence inside the block. */
function fenceFor(lines: readonly string[]): string {
  let longest = 2;
  for (const line of lines) {
    const match = /^\s*(`{3,})/.exec(line);
    if (match?.[1] !== undefined) longest = Math.max(longest, match[1].length);
  }
  return "`".repeat(longest + 1);
}

/** One block in the format `parseEdits` reads (and SWE-RL's reward parses). */
export function renderEdit(edit: Edit, options: RenderOptions = {}): string {
  const search = textLines(edit.search);
  const replace = textLines(edit.replace);
  const n = markerLength([...search, ...replace]);
  const fence = fenceFor([...search, ...replace]);
  return [
    `${fence}${options.language ?? ""}`,
    `### ${edit.path}`,
    `${"<".repeat(n)} SEARCH`,
    ...search,
    "=".repeat(n),
    ...replace,
    `${">".repeat(n)} REPLACE`,
    fence,
  ].join("\n");
}

/**
 * Renders edits as SEARCH/REPLACE blocks, one fenced block each, so that `parseEdits`
 * gives them back. A section whose last line has no "\n" ends with the line
 * `\ No newline at end of file`, as in a unified diff. The one loss: "\r\n" inside the
 * text becomes "\n" on parsing (the engine re-applies a CRLF file's line endings when
 * matching). SWE-RL's parser also needs at least one line in each of SEARCH and REPLACE,
 * and reads the no-newline marker as a line of code.
 */
export function renderEdits(edits: readonly Edit[], options: RenderOptions = {}): string {
  return `${edits.map((edit) => renderEdit(edit, options)).join("\n\n")}\n`;
}
