import { merge } from "node-diff3";

export type MergeResult = { ok: true; text: string } | { ok: false };

/**
 * Line-based three-way merge: the changes from `base` to `theirs` applied on `ours`.
 * Used to move a stacked branch onto a new base. Overlapping changes are a conflict.
 */
export function threeWayMerge(base: string, ours: string, theirs: string): MergeResult {
  if (ours === base) return { ok: true, text: theirs };
  if (theirs === base || theirs === ours) return { ok: true, text: ours };
  const result = merge(ours.split("\n"), base.split("\n"), theirs.split("\n"));
  return result.conflict ? { ok: false } : { ok: true, text: result.result.join("\n") };
}
