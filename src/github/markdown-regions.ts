import { isAsciiDigit, isAsciiLetter, NEWLINE, SPACE, TAB, type ScanSource } from "./scan-source.js";

/**
 * The block structure of untrusted Markdown, as far as hidden text depends on it: fenced code
 * (shown as written), HTML blocks (raw HTML, where a page can hide text) and the rest. Each guess
 * errs towards hiding: code only where GitHub certainly shows code (a fence opened at the start of
 * a line, outside any HTML block, closed by the first line that could close it), HTML blocks
 * wherever one could start (inside quotes and list items too) and as long as one could last.
 */

export type RegionKind = "code" | "html" | "text";

export interface Region {
  kind: RegionKind;
  /** Offsets of whole lines, the last one's line feed included. */
  start: number;
  end: number;
}

export interface Lines {
  starts: number[];
  /** Where each line's text ends (its line feed, or the end of the text). */
  ends: number[];
}

export function splitLines(src: ScanSource): Lines {
  const starts = [0];
  const ends: number[] = [];
  for (let i = 0; i < src.length; i++) {
    if (src.code(i) === NEWLINE) {
      ends.push(i);
      starts.push(i + 1);
    }
  }
  ends.push(src.length);
  return { starts, ends };
}

export function isBlankLine(src: ScanSource, lines: Lines, k: number): boolean {
  const end = lines.ends[k] ?? 0;
  for (let i = lines.starts[k] ?? 0; i < end; i++) {
    const c = src.code(i);
    if (c !== SPACE && c !== TAB) return false;
  }
  return true;
}

interface Fence {
  char: number;
  size: number;
}

/** A fence opened at the very start of a line: three or more backticks (no backtick after them) or tildes. */
function fenceOpener(src: ScanSource, start: number, end: number): Fence | null {
  const char = src.code(start);
  if (char !== 96 && char !== 126) return null;
  let i = start;
  while (i < end && src.code(i) === char) i++;
  if (i - start < 3) return null;
  if (char === 96) for (let j = i; j < end; j++) if (src.code(j) === 96) return null;
  return { char, size: i - start };
}

/** Any line that could close the fence (up to three spaces, then a long enough run of its character). */
function closesFence(src: ScanSource, start: number, end: number, fence: Fence): boolean {
  let i = start;
  while (i < end && i - start < 3 && src.code(i) === SPACE) i++;
  const from = i;
  while (i < end && src.code(i) === fence.char) i++;
  return i - from >= fence.size;
}

/** What ends an HTML block besides a blank line: a closing string, searched from the opener on. */
type HtmlEnd = { words: readonly string[] } | null;

const RAW_BLOCK_TAGS = ["pre", "script", "style", "textarea"];
const RAW_BLOCK_ENDS = RAW_BLOCK_TAGS.map((t) => `</${t}>`);

/** Skips the quote markers, list markers and indentation at a line's start (of any depth). */
export function skipContainerMarkers(src: ScanSource, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const c = src.code(i);
    if (c === SPACE || c === TAB || c === 62) {
      i++;
    } else if ((c === 45 || c === 43 || c === 42) && (src.code(i + 1) === SPACE || src.code(i + 1) === TAB)) {
      i++;
    } else if (isAsciiDigit(c)) {
      let j = i;
      while (j < end && isAsciiDigit(src.code(j))) j++;
      const mark = src.code(j);
      if ((mark !== 46 && mark !== 41) || (src.code(j + 1) !== SPACE && src.code(j + 1) !== TAB)) return i;
      i = j + 1;
    } else {
      break;
    }
  }
  return i;
}

/** Where an HTML block could start on this line, after any quote and list markers. */
function htmlStart(src: ScanSource, start: number, end: number): { at: number; end: HtmlEnd } | null {
  const i = skipContainerMarkers(src, start, end);
  if (src.code(i) !== 60) return null;
  const next = src.code(i + 1);
  if (src.startsWithAscii(i, "<!--")) return { at: i, end: { words: ["-->"] } };
  if (src.startsWithAscii(i, "<![cdata[")) return { at: i, end: { words: ["]]>"] } };
  if (next === 63) return { at: i, end: { words: ["?>"] } };
  if (next === 33) return isAsciiLetter(src.code(i + 2)) ? { at: i, end: { words: [">"] } } : null;
  if (next !== 47 && !isAsciiLetter(next)) return null;
  for (const tag of RAW_BLOCK_TAGS) {
    if (!src.startsWithAscii(i + 1, tag)) continue;
    const after = src.code(i + 1 + tag.length);
    if (after === SPACE || after === TAB || after === 62 || after === NEWLINE || after === -1) return { at: i, end: { words: RAW_BLOCK_ENDS } };
  }
  return { at: i, end: null };
}

/** The first offset at or after `from` where one of the words starts, or -1. */
function findAny(src: ScanSource, words: readonly string[], from: number): number {
  if (words.length === 1) return src.find(words[0] ?? "", from, src.length);
  for (let i = from; i < src.length; i++) {
    if (src.code(i) !== 60) continue;
    if (words.some((w) => src.startsWithAscii(i, w))) return i;
  }
  return -1;
}

/** The regions of the text, in order, covering it whole. */
export function markdownRegions(src: ScanSource, lines: Lines): Region[] {
  const regions: Region[] = [];
  const n = lines.starts.length;
  const lineEnd = (k: number): number => Math.min(src.length, (lines.ends[k] ?? src.length) + 1);
  const push = (kind: RegionKind, from: number, to: number): void => {
    const start = lines.starts[from] ?? 0;
    const end = lineEnd(to);
    const last = regions[regions.length - 1];
    if (last !== undefined && last.kind === kind && last.end === start) last.end = end;
    else regions.push({ kind, start, end });
  };
  let k = 0;
  while (k < n) {
    const start = lines.starts[k] ?? 0;
    const end = lines.ends[k] ?? 0;
    const fence = fenceOpener(src, start, end);
    if (fence !== null) {
      let j = k + 1;
      while (j < n && !closesFence(src, lines.starts[j] ?? 0, lines.ends[j] ?? 0, fence)) j++;
      const last = Math.min(j, n - 1);
      push("code", k, last);
      k = last + 1;
      continue;
    }
    const html = htmlStart(src, start, end);
    if (html !== null) {
      let last = k;
      while (last + 1 < n && !isBlankLine(src, lines, last + 1)) last++;
      if (html.end !== null) {
        const found = findAny(src, html.end.words, html.at + 2);
        let endLine = n - 1;
        if (found >= 0) {
          endLine = last;
          while (endLine + 1 < n && (lines.starts[endLine + 1] ?? 0) <= found) endLine++;
        }
        last = Math.max(last, endLine);
      }
      push("html", k, last);
      k = last + 1;
      continue;
    }
    push("text", k, k);
    k++;
  }
  return regions;
}
