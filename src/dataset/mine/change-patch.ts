import { parseUnifiedDiff } from "../../edit/parse-diff.js";
import { renderUnifiedDiff } from "../../edit/unified-diff.js";
import type { ChangedFile, ChangeStats } from "./mined-record.js";

/** A change's git-style unified diff (3 lines of context) and its size. Pure. */
export function patchOf(files: readonly ChangedFile[]): { patch: string; stats: ChangeStats } {
  const before = new Map(files.map((f) => [f.path, f.old_content]));
  const after = new Map(files.map((f) => [f.path, f.new_content]));
  const patch = renderUnifiedDiff(before, after);
  const parsed = parseUnifiedDiff(patch);
  const stats: ChangeStats = { files: files.length, hunks: 0, lines_added: 0, lines_removed: 0 };
  if (!parsed.ok) return { patch, stats };
  for (const file of parsed.files) {
    stats.hunks += file.hunks.length;
    for (const hunk of file.hunks) {
      for (const line of hunk.lines) {
        if (line.startsWith("+")) stats.lines_added++;
        else if (line.startsWith("-")) stats.lines_removed++;
      }
    }
  }
  return { patch, stats };
}
