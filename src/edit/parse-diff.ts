import { parsePatch, type StructuredPatch } from "diff";

export interface Hunk {
  /** 1-based first old line; for a hunk without old lines, the line it inserts before. */
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Body lines: " context", "-removed", "+added", "\ No newline at end of file". */
  lines: string[];
}

/** One file's part of a unified diff. A null path: the file is created (old) or deleted (new). */
export interface FilePatch {
  oldPath: string | null;
  newPath: string | null;
  hunks: Hunk[];
  binary: boolean;
  /** The old file stays (a copy, not a rename). */
  copy: boolean;
}

export type DiffParse = { ok: true; files: FilePatch[] } | { ok: false; error: string };

/** Drops the first path component (`a/`, `b/`), like `git apply -p1`. */
function stripPrefix(name: string | undefined): string | null {
  if (name === undefined || name === "/dev/null") return null;
  const slash = name.indexOf("/");
  return slash < 0 ? name : name.slice(slash + 1);
}

function toFilePatch(patch: StructuredPatch): FilePatch {
  const oldPath = patch.isCreate === true ? null : stripPrefix(patch.oldFileName);
  const newPath = patch.isDelete === true ? null : stripPrefix(patch.newFileName);
  return { oldPath, newPath, hunks: patch.hunks, binary: patch.isBinary === true, copy: patch.isCopy === true };
}

/**
 * Parses a unified diff, git format included (`diff --git`, new and deleted files, renames,
 * copies, binary markers, `\ No newline at end of file`). Malformed input is a value.
 */
export function parseUnifiedDiff(text: string): DiffParse {
  let patches: StructuredPatch[];
  try {
    patches = parsePatch(text);
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  const files = patches.filter((p) => p.oldFileName !== undefined || p.newFileName !== undefined).map(toFilePatch);
  const nameless = files.find((f) => f.oldPath === null && f.newPath === null);
  if (nameless !== undefined) return { ok: false, error: "a file section names neither an old nor a new path" };
  return { ok: true, files };
}
