import { diffArrays } from "diff";

/**
 * Where each line of a file went in an edit: unchanged lines map from the old text to the new, and the
 * changed runs ("hunks") pair the old lines they replaced with the new lines that replaced them.
 * Lines are 0-based and compared with their terminators stripped.
 */
export interface Hunk {
  /** Old lines [oldStart, oldEnd) were replaced by new lines [newStart, newEnd). */
  oldStart: number;
  oldEnd: number;
  newStart: number;
  newEnd: number;
}

export interface LineMap {
  readonly hunks: readonly Hunk[];
  /** The new line an unchanged old line became, or null when the edit changed or removed it. */
  newLineOf(oldLine: number): number | null;
  /** The hunk holding an old line, or null when the line is unchanged. */
  hunkOfOld(oldLine: number): Hunk | null;
  /** The hunk holding a new line, or null when the line is unchanged. */
  hunkOfNew(newLine: number): Hunk | null;
  /** Whether a new line was written by the edit (not carried over from the old text). */
  isAdded(newLine: number): boolean;
}

/** The text's lines without terminators; a final newline does not start another line. */
export function textLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n").map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
  if (text.endsWith("\n")) lines.pop();
  return lines;
}

/** Past this many changed lines, the diff stops looking for unchanged lines inside the change. */
const MAX_EDIT_LINES = 4_000;

/** Maps the lines of `oldText` (null: the file is new) to those of `newText`. */
export function mapLines(oldText: string | null, newText: string): LineMap {
  const a = oldText === null ? [] : textLines(oldText);
  const b = textLines(newText);
  // The common ends first: a diff of the middle alone is the same and much cheaper on long files.
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const hunks: Hunk[] = [];
  let i = prefix;
  let j = prefix;
  let open: Hunk | null = null;
  const oldMiddle = a.slice(prefix, a.length - suffix);
  const newMiddle = b.slice(prefix, b.length - suffix);
  // A rewrite too large to diff line by line (an edit of thousands of lines) is one hunk.
  const middle = diffArrays(oldMiddle, newMiddle, { maxEditLength: MAX_EDIT_LINES }) ?? [
    { value: oldMiddle, count: oldMiddle.length, added: false, removed: true },
    { value: newMiddle, count: newMiddle.length, added: true, removed: false },
  ];
  for (const part of middle) {
    const count = part.value.length;
    if (!part.added && !part.removed) {
      if (open !== null) hunks.push(open);
      open = null;
      i += count;
      j += count;
      continue;
    }
    open ??= { oldStart: i, oldEnd: i, newStart: j, newEnd: j };
    if (count === 0) continue;
    if (part.removed) i += count;
    else j += count;
    open.oldEnd = i;
    open.newEnd = j;
  }
  if (open !== null) hunks.push(open);
  return lineMapOf(hunks);
}

function lineMapOf(hunks: readonly Hunk[]): LineMap {
  const find = (line: number, start: "oldStart" | "newStart", end: "oldEnd" | "newEnd"): { hunk: Hunk | null; before: number } => {
    // Hunks are few; a linear scan is clearer than a search and as fast at this size.
    let before = -1;
    for (let k = 0; k < hunks.length; k++) {
      const hunk = hunks[k] as Hunk;
      if (line < hunk[start]) break;
      if (line < hunk[end]) return { hunk, before: k };
      before = k;
    }
    return { hunk: null, before };
  };
  return {
    hunks,
    newLineOf(oldLine) {
      const { hunk, before } = find(oldLine, "oldStart", "oldEnd");
      if (hunk !== null) return null;
      const last = before < 0 ? null : (hunks[before] as Hunk);
      return last === null ? oldLine : oldLine - last.oldEnd + last.newEnd;
    },
    hunkOfOld: (oldLine) => find(oldLine, "oldStart", "oldEnd").hunk,
    hunkOfNew: (newLine) => find(newLine, "newStart", "newEnd").hunk,
    isAdded: (newLine) => find(newLine, "newStart", "newEnd").hunk !== null,
  };
}
