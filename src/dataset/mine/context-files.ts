import { buildIndex } from "../../locate/build-index.js";
import { loadSourceFiles } from "../../locate/load-files.js";
import { rankFiles } from "../../locate/rank.js";
import type { BlobCache, HistoryRepo } from "./history-repo.js";
import type { ContextFile } from "./mined-record.js";

export interface ContextOptions {
  /** How many files to pick. */
  count: number;
  /** Larger files are not picked (they would crowd a prompt). */
  maxFileBytes: number;
}

/**
 * The unchanged files most relevant to a task, as the locate prefilter ranks them (no model):
 * SWE-RL shows a model "relevant but unchanged" files next to the changed ones, so it learns
 * not to edit every file it sees. Ranks the text files of the tree at `commit`.
 */
export async function pickContextFiles(
  repo: HistoryRepo,
  cache: BlobCache,
  commit: string,
  task: string,
  changed: ReadonlySet<string>,
  options: ContextOptions,
): Promise<ContextFile[]> {
  if (options.count <= 0) return [];
  const reader = {
    listFiles: (c: string) => repo.listFiles(c),
    readFile: (c: string, p: string) => repo.readFile(c, p),
    readBlob: (oid: string) => cache.get(oid, (o) => repo.readBlob(o)),
  };
  const { files } = await loadSourceFiles(reader, commit, { maxFileBytes: options.maxFileBytes });
  const index = buildIndex(files);
  const text = new Map(files.map((f) => [f.path, f.text]));
  const picked: ContextFile[] = [];
  for (const ranked of rankFiles(index, task)) {
    if (picked.length >= options.count) break;
    if (changed.has(ranked.path) || ranked.score <= 0) continue;
    picked.push({ path: ranked.path, content: text.get(ranked.path) ?? "", score: Math.round(ranked.score * 1e4) / 1e4 });
  }
  return picked;
}
