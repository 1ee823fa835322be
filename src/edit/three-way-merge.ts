import { mergeDiff3 } from "node-diff3";

export type MergeResult = { ok: true; text: string } | { ok: false; marked: string };

/** The labels a conflicted file's markers carry: what each side is. */
export const CONFLICT_LABELS = { a: "new base", o: "old base", b: "this part" } as const;

/**
 * Line-based three-way merge: the changes from `base` to `theirs` applied on `ours`.
 * Used to move a stacked branch onto a new base. Overlapping changes are a conflict, returned
 * as the file with diff3 conflict markers (`<<<<<<< new base`, `||||||| old base`, `=======`,
 * `>>>>>>> this part`) around each overlap.
 */
export function threeWayMerge(base: string, ours: string, theirs: string): MergeResult {
  if (ours === base) return { ok: true, text: theirs };
  if (theirs === base || theirs === ours) return { ok: true, text: ours };
  const result = mergeDiff3(ours.split("\n"), base.split("\n"), theirs.split("\n"), { label: CONFLICT_LABELS });
  return result.conflict ? { ok: false, marked: result.result.join("\n") } : { ok: true, text: result.result.join("\n") };
}

const MARKER = /^(?:<{7}|\|{7}|>{7})(?: |$)|^={7}$/;

/** The 1-based lines of a text that are conflict markers, as git and diff3 write them. */
export function conflictMarkerLines(text: string): number[] {
  const lines: number[] = [];
  text.split("\n").forEach((line, i) => {
    if (MARKER.test(line.replace(/\r$/, ""))) lines.push(i + 1);
  });
  return lines;
}
