import { applyHunks } from "./apply-patch.js";
import { editsForChange } from "./edits-for-change.js";
import { parseUnifiedDiff, type FilePatch } from "./parse-diff.js";
import type { Edit } from "./types.js";

export type DiffConversion =
  | {
      ok: true;
      edits: Edit[];
      /** Original content of every path the diff touches (null: did not exist). */
      before: Map<string, string | null>;
      /** New content of every path the diff touches (null: deleted). */
      after: Map<string, string | null>;
    }
  | { ok: false; path: string | null; error: string };

type Failure = Extract<DiffConversion, { ok: false }>;

/**
 * Converts a unified diff (a commit's `git diff` output: `diff --git` headers, new, deleted,
 * renamed and copied files, `\ No newline at end of file`) into SEARCH/REPLACE edits that
 * `applyEdits` applies to `files` with the exact strategy, giving the same bytes as
 * `git apply`. Each SEARCH is grown until it is unique. Hunks apply exactly as `git apply`
 * does by default (no fuzz); mode changes are not edits and are ignored; binary patches and
 * hunks that do not apply are failures.
 */
export function diffToEdits(patch: string, files: ReadonlyMap<string, string>): DiffConversion {
  const parsed = parseUnifiedDiff(patch);
  if (!parsed.ok) return { ok: false, path: null, error: `the diff cannot be parsed: ${parsed.error}` };
  const before = new Map<string, string | null>();
  const after = new Map<string, string | null>();
  const contentOf = (path: string): string | null => (after.has(path) ? (after.get(path) ?? null) : (files.get(path) ?? null));
  const remember = (path: string): void => {
    if (!before.has(path)) before.set(path, files.get(path) ?? null);
  };

  const applyFile = (file: FilePatch): Failure | null => {
    const path = file.newPath ?? file.oldPath;
    if (file.binary) return { ok: false, path, error: "binary patches cannot be expressed as SEARCH/REPLACE edits" };
    const old = file.oldPath === null ? "" : contentOf(file.oldPath);
    if (old === null) return { ok: false, path: file.oldPath, error: `${file.oldPath} does not exist` };
    if (file.oldPath === null && file.newPath !== null && contentOf(file.newPath) !== null) {
      return { ok: false, path: file.newPath, error: `${file.newPath} already exists` };
    }
    const result = applyHunks(old, file.hunks);
    if (!result.ok) return { ok: false, path, error: result.error };
    if (file.newPath === null && result.content !== "") return { ok: false, path, error: "the deletion does not remove the whole file" };
    if (file.oldPath !== null && (file.newPath === null || (file.newPath !== file.oldPath && !file.copy))) {
      remember(file.oldPath);
      after.set(file.oldPath, null);
    }
    if (file.newPath !== null) {
      remember(file.newPath);
      after.set(file.newPath, result.content);
    }
    return null;
  };

  for (const file of parsed.files) {
    const failure = applyFile(file);
    if (failure !== null) return failure;
  }
  for (const [path, content] of after) if (content === before.get(path)) after.delete(path);
  return { ok: true, edits: editsForChange(before, after), before, after };
}
