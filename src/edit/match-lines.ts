import { indentOf, isBlank, type Line } from "./lines.js";

/** Where a SEARCH matched: its first line (0-based) and the lines to put there. */
export type WindowMatch =
  | { kind: "unique"; start: number; length: number; replacement: Line[] }
  | { kind: "ambiguous"; starts: number[] }
  | { kind: "none" };

type LineEquality = (file: Line, search: Line, isLast: boolean) => boolean;

/** Byte-exact lines, terminators included. */
const strict: LineEquality = (file, search) => file.text === search.text && file.eol === search.eol;

/**
 * Same text; "\n" and "\r\n" are interchangeable, and the last SEARCH line may differ
 * from the file's in having a terminator at all (a file without a final newline).
 */
function eolCompatible(file: Line, search: Line, isLast: boolean): boolean {
  return file.eol === search.eol || (file.eol !== "" && search.eol !== "") || isLast;
}

const tolerant: LineEquality = (file, search, isLast) => file.text === search.text && eolCompatible(file, search, isLast);

function findWindows(file: readonly Line[], search: readonly Line[], equal: LineEquality): number[] {
  const starts: number[] = [];
  const last = search.length - 1;
  for (let start = 0; start + search.length <= file.length; start++) {
    let ok = true;
    for (let i = 0; i <= last && ok; i++) ok = equal(file[start + i] as Line, search[i] as Line, i === last);
    if (ok) starts.push(start);
  }
  return starts;
}

/**
 * REPLACE lines adjusted to the matched window: a CRLF window gets CRLF lines when the
 * SEARCH was written with "\n", and the window's last terminator (or its absence at the
 * end of a file) is kept when the SEARCH's last line differed from it only in that.
 */
export function adaptReplacement(window: readonly Line[], search: readonly Line[], replace: readonly Line[]): Line[] {
  const out = replace.map((line) => ({ ...line }));
  const windowEol = window.find((line) => line.eol !== "")?.eol;
  if (windowEol === "\r\n" && !search.some((line) => line.eol === "\r\n")) {
    for (const line of out) if (line.eol === "\n") line.eol = "\r\n";
  }
  const lastOut = out[out.length - 1];
  const windowLast = window[window.length - 1]?.eol;
  const searchLast = search[search.length - 1]?.eol;
  if (lastOut !== undefined && windowLast !== undefined && searchLast !== undefined) {
    if (windowLast === "" && searchLast !== "") lastOut.eol = "";
    else if (windowLast !== "" && searchLast === "" && lastOut.eol === "") lastOut.eol = windowLast;
  }
  return out;
}

/** Step 1: the SEARCH lines exactly, at line boundaries; byte-exact first, then line-ending tolerant. */
export function matchExact(file: readonly Line[], search: readonly Line[], replace: readonly Line[]): WindowMatch {
  if (search.length === 0) return { kind: "none" };
  const exact = findWindows(file, search, strict);
  if (exact.length > 1) return { kind: "ambiguous", starts: exact };
  if (exact.length === 1) return { kind: "unique", start: exact[0] as number, length: search.length, replacement: [...replace] };
  const loose = findWindows(file, search, tolerant);
  if (loose.length > 1) return { kind: "ambiguous", starts: loose };
  if (loose.length === 0) return { kind: "none" };
  const start = loose[0] as number;
  return { kind: "unique", start, length: search.length, replacement: adaptReplacement(file.slice(start, start + search.length), search, replace) };
}

function dedent(lines: readonly Line[], width: number): Line[] {
  return lines.map((line) => (isBlank(line.text) ? line : { text: line.text.slice(width), eol: line.eol }));
}

/** The indent every window line adds to the dedented SEARCH, or null when the window does not match. */
function commonPrefix(window: readonly Line[], search: readonly Line[]): string | null {
  let prefix: string | null = null;
  for (let i = 0; i < search.length; i++) {
    const file = window[i] as Line;
    const line = search[i] as Line;
    if (!eolCompatible(file, line, i === search.length - 1)) return null;
    if (isBlank(line.text)) {
      if (!isBlank(file.text)) return null;
      continue;
    }
    if (!file.text.endsWith(line.text)) return null;
    const added = file.text.slice(0, file.text.length - line.text.length);
    if (added.trim() !== "" || (prefix !== null && added !== prefix)) return null;
    prefix = added;
  }
  return prefix;
}

/**
 * Step 2: the SEARCH with its leading whitespace ignored. Both texts lose their common
 * smallest indent; a window matches when its non-blank lines are one shared indent plus
 * the dedented SEARCH lines; REPLACE is re-indented with that indent.
 */
export function matchIgnoringIndent(file: readonly Line[], search: readonly Line[], replace: readonly Line[]): WindowMatch {
  const indents = [...search, ...replace].filter((line) => !isBlank(line.text)).map((line) => indentOf(line.text).length);
  if (search.every((line) => isBlank(line.text))) return { kind: "none" };
  const width = Math.min(...indents);
  const dedentedSearch = dedent(search, width);
  const starts: { start: number; prefix: string }[] = [];
  for (let start = 0; start + search.length <= file.length; start++) {
    const prefix = commonPrefix(file.slice(start, start + search.length), dedentedSearch);
    if (prefix !== null) starts.push({ start, prefix });
  }
  if (starts.length > 1) return { kind: "ambiguous", starts: starts.map((s) => s.start) };
  const found = starts[0];
  if (found === undefined) return { kind: "none" };
  const reindented = dedent(replace, width).map((line) => (isBlank(line.text) ? line : { text: found.prefix + line.text, eol: line.eol }));
  const window = file.slice(found.start, found.start + search.length);
  return { kind: "unique", start: found.start, length: search.length, replacement: adaptReplacement(window, search, reindented) };
}
