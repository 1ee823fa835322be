import { formatPatch, structuredPatch, type StructuredPatch } from "diff";

export interface DiffOptions {
  /** Lines of context around each change; default 3. */
  context?: number;
  /** A path's git mode for new and deleted files; default 100644. */
  mode?: (path: string) => string | undefined;
}

function filePatch(path: string, before: string | null, after: string | null, options: DiffOptions): StructuredPatch | null {
  if (before === after) return null;
  const mode = options.mode?.(path) ?? "100644";
  const hunks = structuredPatch(`a/${path}`, `b/${path}`, before ?? "", after ?? "", undefined, undefined, { context: options.context ?? 3 }).hunks;
  const patch: StructuredPatch = {
    oldFileName: before === null ? "/dev/null" : `a/${path}`,
    newFileName: after === null ? "/dev/null" : `b/${path}`,
    oldHeader: undefined,
    newHeader: undefined,
    hunks,
    isGit: true,
  };
  if (before === null) {
    patch.isCreate = true;
    patch.newMode = mode;
  }
  if (after === null) {
    patch.isDelete = true;
    patch.oldMode = mode;
  }
  return patch;
}

/**
 * Renders a change as a git-style unified diff (`diff --git` headers, new and deleted files,
 * `\ No newline at end of file`) that `git apply` accepts against the original tree.
 * `before` holds the original content of every path in `after` (absent or null: the path did
 * not exist); `after` holds each changed path's new content, null for a deleted file — the
 * shape of `ApplyResult.changes`. Paths are rendered in sorted order.
 */
export function renderUnifiedDiff(
  before: ReadonlyMap<string, string | null>,
  after: ReadonlyMap<string, string | null>,
  options: DiffOptions = {},
): string {
  const paths = [...after.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let out = "";
  for (const path of paths) {
    const patch = filePatch(path, before.get(path) ?? null, after.get(path) ?? null, options);
    if (patch !== null) out += formatPatch(patch);
  }
  return out;
}
