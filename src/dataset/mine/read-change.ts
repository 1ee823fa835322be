import type { HistoryRepo } from "./history-repo.js";
import type { ChangedFile, ExcludedFile } from "./mined-record.js";
import { excludeByPath, readText, type FileExclusion } from "./mine-filters.js";

export interface ReadChange {
  /** Text files of the change, in path order. */
  files: ChangedFile[];
  excluded: (ExcludedFile & { reason: FileExclusion })[];
  /** Paths moved with the same blob. */
  renames: { from: string; to: string }[];
}

/**
 * The files a commit changed against its base, read as text; lockfiles, generated, vendored,
 * binary and over-large files are set aside with their reason. A path excluded on either side
 * (a text file turned binary, say) is excluded as a whole.
 */
export async function readChange(repo: HistoryRepo, base: string, head: string, maxFileBytes: number): Promise<ReadChange> {
  const changes = await repo.diffCommits(base, head);
  const files: ChangedFile[] = [];
  const excluded: ReadChange["excluded"] = [];
  const readSide = async (oid: string | null, mode: string | null, path: string): Promise<{ text: string | null } | { excluded: FileExclusion }> => {
    if (oid === null || mode === null) return { text: null };
    const byPath = excludeByPath(path, mode);
    if (byPath !== null) return { excluded: byPath };
    return readText(await repo.readBlob(oid), maxFileBytes);
  };
  for (const change of changes) {
    const before = await readSide(change.oldOid, change.oldMode, change.path);
    if ("excluded" in before) {
      excluded.push({ path: change.path, reason: before.excluded });
      continue;
    }
    const after = await readSide(change.newOid, change.newMode, change.path);
    if ("excluded" in after) {
      excluded.push({ path: change.path, reason: after.excluded });
      continue;
    }
    // A mode change alone (or a file turned into a folder and back) changes no text.
    if (before.text === after.text) continue;
    files.push({ path: change.path, old_content: before.text, new_content: after.text });
  }
  const renames: ReadChange["renames"] = [];
  const added = new Map(changes.filter((c) => c.oldOid === null && c.newOid !== null).map((c) => [c.newOid, c.path]));
  for (const c of changes) {
    if (c.oldOid === null || c.newOid !== null) continue;
    const to = added.get(c.oldOid);
    if (to !== undefined && files.some((f) => f.path === to)) {
      renames.push({ from: c.path, to });
      added.delete(c.oldOid);
    }
  }
  return { files, excluded, renames };
}
