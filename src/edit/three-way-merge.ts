import { diff3Merge } from "node-diff3";

export type MergeResult = { ok: true; text: string } | { ok: false; marked: string };

/**
 * The markers around each overlap of a conflicted file: 11 characters, not git's 7, so that
 * copying a marked region into a SEARCH/REPLACE block (whose own markers are 5 to 9) can never
 * end the block early.
 */
export const CONFLICT_MARKERS = {
  newBase: "<<<<<<<<<<< new base",
  oldBase: "||||||||||| old base",
  divider: "===========",
  part: ">>>>>>>>>>> this part",
} as const;

/**
 * Line-based three-way merge: the changes from `base` to `theirs` applied on `ours`.
 * Used to move a stacked branch onto a new base. Overlapping changes are a conflict, returned
 * as the file with diff3-style markers around each overlap: the new base's lines, the lines
 * both started from, and this part's lines.
 */
export function threeWayMerge(base: string, ours: string, theirs: string): MergeResult {
  if (ours === base) return { ok: true, text: theirs };
  if (theirs === base || theirs === ours) return { ok: true, text: ours };
  const lines: string[] = [];
  let conflict = false;
  for (const region of diff3Merge(ours.split("\n"), base.split("\n"), theirs.split("\n"), { excludeFalseConflicts: true })) {
    if (region.ok !== undefined) lines.push(...region.ok);
    else if (region.conflict !== undefined) {
      conflict = true;
      const { a, o, b } = region.conflict;
      lines.push(CONFLICT_MARKERS.newBase, ...a, CONFLICT_MARKERS.oldBase, ...o, CONFLICT_MARKERS.divider, ...b, CONFLICT_MARKERS.part);
    }
  }
  return conflict ? { ok: false, marked: lines.join("\n") } : { ok: true, text: lines.join("\n") };
}

const OPENING = /^(?:<{7,}|\|{7,}|>{7,})(?: |$)/;
const DIVIDER = /^={7,}$/;

/**
 * The 1-based lines of a text that are conflict markers: lines starting with 7 or more `<`, `|`
 * or `>` (then a space or the end), and lines of 7 or more `=` in a text that has such a line
 * (alone, they are headings).
 */
export function conflictMarkerLines(text: string): number[] {
  const lines = text.split("\n").map((l) => l.replace(/\r$/, ""));
  const opened = lines.some((l) => OPENING.test(l));
  return lines.flatMap((line, i) => (OPENING.test(line) || (opened && DIVIDER.test(line)) ? [i + 1] : []));
}
