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

function changeGroups(before: string[], after: string[]): Group[] {
  const groups: Group[] = [];
  let oldAt = 0;
  let newAt = 0;
  let open: Group | null = null;
  for (const part of diffArrays(before, after)) {
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

/**
 * Blocks that turn `before` into `after` for one modified file (both non-empty text), each
 * applied on the result of the previous one. Every block starts from its changed lines and
 * grows context (after, then before, alternately) until its SEARCH occurs exactly once in
 * the current text, has a non-blank line, and its REPLACE is not empty; changes that meet
 * while growing merge into one block.
 */
function modifyEdits(path: string, before: string, after: string): Edit[] {
  const current = linesOf(before);
  const target = linesOf(after);
  const groups = changeGroups(current, target);
  const edits: Edit[] = [];
  let shift = 0;
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g] as Group;
    const start = group.oldStart + shift;
    let end = group.oldEnd + shift;
    let newEnd = group.newEnd;
    let lo = start;
    let hi = end;
    const haystack = `\n${current.join("")}`;
    for (;;) {
      const search = current.slice(lo, hi);
      const replace = [...current.slice(lo, start), ...target.slice(group.newStart, newEnd), ...current.slice(end, hi)];
      if (hasContent(search) && replace.length > 0 && occursOnce(search, haystack)) break;
      const next = groups[g + 1];
      const limit = next === undefined ? current.length : next.oldStart + shift;
      const wantAfter = hi - end <= start - lo;
      if (next !== undefined && hi === limit && (wantAfter || lo === 0)) {
        end = hi = next.oldEnd + shift;
        newEnd = next.newEnd;
        groups.splice(g + 1, 1);
      } else if (hi < limit && (wantAfter || lo === 0)) hi++;
      else if (lo > 0) lo--;
      else break;
    }
    const replaced = [...current.slice(lo, start), ...target.slice(group.newStart, newEnd), ...current.slice(end, hi)];
    edits.push({ path, search: current.slice(lo, hi).join(""), replace: replaced.join("") });
    current.splice(lo, hi - lo, ...replaced);
    shift += newEnd - group.newStart - (end - start);
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
