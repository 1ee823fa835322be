import type { FileEntry } from "../../git/workspace.js";
import { DEFAULT_MAX_FILE_BYTES, excludeByPath, readText, type FileExclusion } from "../mine/mine-filters.js";

/**
 * The texts behind an outcome's patches, so an outcome line is a training example on its own,
 * whatever happens to the branch later: every path the bot's change or the final change
 * touched, at the base, at the bot's head and at the final head (null where it does not
 * exist). Lockfiles, generated, vendored, binary and over-large files are left out with their
 * reason, as mining leaves them out.
 */

export interface OutcomeFile {
  path: string;
  base: string | null;
  bot: string | null;
  final: string | null;
}

export interface OutcomeFiles {
  files: OutcomeFile[];
  excluded: { path: string; reason: FileExclusion }[];
}

/** What the recorder reads commits through (the job's workspace). */
export interface CommitReader {
  listFiles(commit: string): Promise<FileEntry[]>;
  readFile(commit: string, path: string): Promise<Uint8Array | null>;
}

export async function readOutcomeFiles(repo: CommitReader, base: string, botHead: string, finalHead: string, maxFileBytes = DEFAULT_MAX_FILE_BYTES): Promise<OutcomeFiles> {
  const [atBase, atBot, atFinal] = await Promise.all([base, botHead, finalHead].map(async (c) => new Map((await repo.listFiles(c)).map((e) => [e.path, e]))));
  if (atBase === undefined || atBot === undefined || atFinal === undefined) return { files: [], excluded: [] };
  const differs = (a: FileEntry | undefined, b: FileEntry | undefined): boolean => a?.oid !== b?.oid || a?.mode !== b?.mode;
  const paths = [...new Set([...atBase.keys(), ...atBot.keys(), ...atFinal.keys()])]
    .filter((p) => differs(atBase.get(p), atBot.get(p)) || differs(atBase.get(p), atFinal.get(p)))
    .sort();
  const files: OutcomeFile[] = [];
  const excluded: OutcomeFiles["excluded"] = [];
  for (const path of paths) {
    const sides: (string | null)[] = [];
    let reason: FileExclusion | null = null;
    for (const [commit, entries] of [[base, atBase], [botHead, atBot], [finalHead, atFinal]] as const) {
      const entry = entries.get(path);
      if (entry === undefined) {
        sides.push(null);
        continue;
      }
      reason = excludeByPath(path, entry.mode);
      if (reason !== null) break;
      const bytes = await repo.readFile(commit, path);
      const text = bytes === null ? { text: null } : readText(bytes, maxFileBytes);
      if ("excluded" in text) {
        reason = text.excluded;
        break;
      }
      sides.push(text.text);
    }
    if (reason !== null) excluded.push({ path, reason });
    else files.push({ path, base: sides[0] ?? null, bot: sides[1] ?? null, final: sides[2] ?? null });
  }
  return { files, excluded };
}
