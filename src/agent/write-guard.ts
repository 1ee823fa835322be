import { pathProblem } from "../edit/path-safety.js";
import { MAX_FILE_BYTES } from "../edit/types.js";
import type { FileChange } from "../git/workspace.js";
import type { RepoView } from "./repo-view.js";

/** The most files one part may change, and the most bytes it may write in all. */
export const MAX_PART_FILES = 100;
export const MAX_PART_BYTES = 8 * 1024 * 1024;

export interface WriteLimits {
  isProtected: (path: string) => boolean;
  maxFileBytes?: number;
  maxFiles?: number;
  maxBytes?: number;
}

function byteLength(content: string | Uint8Array): number {
  return typeof content === "string" ? Buffer.byteLength(content, "utf8") : content.byteLength;
}

/**
 * Why a part's changes may not be committed, as a sentence for the issue, or null when they may.
 * The edit engine already refuses each of these per block with feedback to the model; this is the
 * last check before a commit, so no path around the engine writes what it refuses.
 */
export function writeProblem(view: RepoView, changes: readonly FileChange[], limits: WriteLimits): string | null {
  const maxFileBytes = limits.maxFileBytes ?? MAX_FILE_BYTES;
  const maxFiles = limits.maxFiles ?? MAX_PART_FILES;
  const maxBytes = limits.maxBytes ?? MAX_PART_BYTES;
  if (changes.length > maxFiles) return `the change touches ${changes.length} files, more than the ${maxFiles} one part may change`;
  const written = new Set(changes.filter((c) => c.content !== null).map((c) => c.path));
  let total = 0;
  for (const change of changes) {
    if (pathProblem(change.path) !== null) return `the model named a path that cannot be written (${JSON.stringify(change.path)})`;
    if (limits.isProtected(change.path)) return `the change touches the protected path \`${change.path}\``;
    if (change.content === null) continue;
    const bytes = byteLength(change.content);
    if (bytes > maxFileBytes) return `the change would make \`${change.path}\` ${bytes} bytes, over the ${maxFileBytes}-byte limit for a file the agent writes`;
    total += bytes;
    const blocker = view.blocker(change.path);
    if (blocker?.kind === "directory") return `the change writes a file at \`${change.path}\`, which is a directory`;
    if (blocker?.kind === "under-file" && !changes.some((c) => c.path === blocker.parent && c.content === null)) {
      return `the change writes \`${change.path}\` below \`${blocker.parent}\`, which is a file`;
    }
    for (let i = change.path.indexOf("/"); i >= 0; i = change.path.indexOf("/", i + 1)) {
      if (written.has(change.path.slice(0, i))) return `the change writes both \`${change.path.slice(0, i)}\` and a file below it`;
    }
  }
  if (total > maxBytes) return `the change writes ${total} bytes, more than the ${maxBytes} one part may write`;
  return null;
}
