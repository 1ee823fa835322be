import { diffArrays } from "diff";
import type { Edit } from "./types.js";

/** A run of changed lines: old [oldStart, oldEnd) becomes new [newStart, newEnd). */
interface Group {
  oldStart: number;
  oldEnd: number;
  newStart: number;
  newEnd: number;
}

/** Lines with their "\n" kept, so line-ending changes are changes too. */
function linesOf(content: string): string[] {
  const lines = content.split("\n").map((line) => `${line}\n`);
  const last = lines.pop() as string;
  if (last !== "\n") lines.push(last.slice(0, -1));
  return lines;
}

/** Runs of changed lines; the common head and tail are skipped before diffing the middle. */
function changeGroups(before: string[], after: string[]): Group[] {
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  const groups: Group[] = [];
  let oldAt = head;
  let newAt = head;
  let open: Group | null = null;
  for (const part of diffArrays(before.slice(head, before.length - tail), after.slice(head, after.length - tail))) {
    if (!part.added && !part.removed) {
      if (open !== null) groups.push(open);
      open = null;
      oldAt += part.count;
      newAt += part.count;
      continue;
    }
    open ??= { oldStart: oldAt, oldEnd: oldAt, newStart: newAt, newEnd: newAt };
    if (part.removed) oldAt = open.oldEnd = oldAt + part.count;
    else newAt = open.newEnd = newAt + part.count;
  }
  if (open !== null) groups.push(open);
  return groups;
}

/**
 * True when the SEARCH lines occur once in the file, even counted as a prefix match at a
 * line start (its last line may end inside a longer line). That is stricter than the
 * engine's line match, so the block also stays unique for simpler matchers.
 */
function occursOnce(search: readonly string[], haystack: string): boolean {
  const text = search.join("");
  const needle = `\n${text.endsWith("\n") ? text.slice(0, -1) : text}`;
  const first = haystack.indexOf(needle);
  return first >= 0 && haystack.indexOf(needle, first + 1) < 0;
}

const hasContent = (lines: readonly string[]): boolean => lines.some((line) => line.trim() !== "");

/** A block is usable when its SEARCH has a non-blank line and occurs once, and its REPLACE is not empty. */
function acceptable(search: readonly string[], replaceLength: number, haystack: string): boolean {
  return hasContent(search) && replaceLength > 0 && occursOnce(search, haystack);
}

/** Most context lines tried around a change before merging it with the next one. */
const MAX_CONTEXT = 40;

/** Changed lines [start, end) of the current text, to become `newLength` lines. */
interface Span {
  start: number;
  end: number;
  newLength: number;
}

/**
 * The smallest context around a change that makes its block acceptable without reaching
 * `limit` (the next change): fewest lines first, balanced before lopsided, then more lines
 * after. Null when none has at most MAX_CONTEXT lines.
 */
function shortestContext(current: readonly string[], span: Span, limit: number, haystack: string): [number, number] | null {
  for (let total = 0; total <= MAX_CONTEXT; total++) {
    const splits: [number, number][] = [];
    for (let before = 0; before <= total; before++) splits.push([before, total - before]);
    splits.sort((x, y) => Math.abs(x[0] - x[1]) - Math.abs(y[0] - y[1]) || y[1] - x[1]);
    for (const [before, after] of splits) {
      const lo = span.start - before;
      const hi = span.end + after;
      if (lo < 0 || hi > limit) continue;
      if (acceptable(current.slice(lo, hi), before + span.newLength + after, haystack)) return [lo, hi];
    }
    if (span.start - total < 0 && span.end + total > limit) return null;
  }
  return null;
}

/**
 * Blocks that turn `before` into `after` for one modified file (both non-empty text), each
 * applied on the result of the previous one. A block holds one run of changed lines plus the
 * least context that makes its SEARCH occur exactly once in the current text (also as a
 * line-prefix match), with a non-blank line in SEARCH and a non-empty REPLACE. When no such
 * context fits before the next change, the two changes become one block; the whole file
 * is the last resort.
 */
function modifyEdits(path: string, before: string, after: string): Edit[] {
  const current = linesOf(before);
  const target = linesOf(after);
  const groups = changeGroups(current, target);
  const edits: Edit[] = [];
  let shift = 0;
  let first = 0;
  while (first < groups.length) {
    const haystack = `\n${current.join("")}`;
    const head = groups[first] as Group;
    let last = first;
    let span: Span;
    let window: [number, number] | null;
    for (;;) {
      const tail = groups[last] as Group;
      span = { start: head.oldStart + shift, end: tail.oldEnd + shift, newLength: tail.newEnd - head.newStart };
      const next = groups[last + 1];
      window = shortestContext(current, span, next === undefined ? current.length : next.oldStart + shift, haystack);
      if (window !== null || next === undefined) break;
      last++;
    }
    const [lo, hi] = window ?? [0, current.length];
    const tail = groups[last] as Group;
    const replaced = [...current.slice(lo, span.start), ...target.slice(head.newStart, tail.newEnd), ...current.slice(span.end, hi)];
    edits.push({ path, search: current.slice(lo, hi).join(""), replace: replaced.join("") });
    current.splice(lo, hi - lo, ...replaced);
    shift += span.newLength - (span.end - span.start);
    first = last + 1;
  }
  return edits;
}

/** The blocks for one path; null content means the path does not exist. */
export function fileEdits(path: string, before: string | null, after: string | null): Edit[] {
  if (before === after) return [];
  if (before === null) return [{ path, search: "", replace: after ?? "" }];
  if (after === null) return [{ path, search: before, replace: "" }];
  if (before === "") return [{ path, search: "", replace: after }];
  if (after === "") return [{ path, search: before, replace: "" }, { path, search: "", replace: "" }];
  return modifyEdits(path, before, after);
}

/**
 * SEARCH/REPLACE blocks that `applyEdits` turns from `before` into `after`, byte for byte.
 * `after` maps each changed path to its new content (null: deleted), `before` to its old
 * content (absent or null: new file), as in `ApplyResult.changes`.
 */
export function editsForChange(before: ReadonlyMap<string, string | null>, after: ReadonlyMap<string, string | null>): Edit[] {
  return [...after].flatMap(([path, content]) => fileEdits(path, before.get(path) ?? null, content));
}
