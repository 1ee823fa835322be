import { fileEdits } from "../edit/edits-for-change.js";
import { patchOf } from "./change-patch.js";
import { difficultyOf } from "./difficulty.js";
import { RECORD_SCHEMA, type ContextFile, type MinedRecord, type RecordSource } from "./mined-record.js";
import { dominantExclusion, type SizeLimits, type SkipReason } from "./mine-filters.js";
import type { ReadChange } from "./read-change.js";
import { sweRlBlocks } from "./swe-rl-answer.js";

/** A change found in history, before its files are read. */
export interface Candidate {
  id: string;
  base: string;
  head: string;
  task: string;
  source: RecordSource;
}

export type Built = { kind: "record"; record: MinedRecord } | { kind: "skipped"; reason: SkipReason; detail?: string };

/**
 * The record for a candidate whose change has been read, or why it is skipped: no text file
 * left, no line changed, too many files or lines, or a change SWE-RL's answer format cannot
 * write (a SEARCH holding a `=======` line). Context files are asked for only when it is kept.
 */
export async function buildRecord(
  repo: string,
  candidate: Candidate,
  change: ReadChange,
  limits: SizeLimits,
  contextFiles: () => Promise<ContextFile[]>,
): Promise<Built> {
  if (change.files.length === 0) {
    if (change.excluded.length === 0) return { kind: "skipped", reason: "empty" };
    return { kind: "skipped", reason: dominantExclusion(change.excluded.map((e) => e.reason)) };
  }
  const { patch, stats } = patchOf(change.files);
  const lines = stats.lines_added + stats.lines_removed;
  if (lines === 0) return { kind: "skipped", reason: "empty" };
  if (stats.files > limits.maxFiles || lines > limits.maxLines) return { kind: "skipped", reason: "huge", detail: `${stats.files} files, ${lines} lines` };
  for (const f of change.files) {
    const blocks = sweRlBlocks(fileEdits(f.path, f.old_content, f.new_content));
    if (!blocks.ok) return { kind: "skipped", reason: "swe-rl-format", detail: `${blocks.path}: ${blocks.reason}` };
  }
  return {
    kind: "record",
    record: {
      schema: RECORD_SCHEMA,
      id: candidate.id,
      repo,
      base_sha: candidate.base,
      head_sha: candidate.head,
      source: candidate.source,
      task: candidate.task,
      changed_files: change.files,
      context_files: await contextFiles(),
      excluded_files: change.excluded,
      renames: change.renames,
      patch,
      stats,
      difficulty: difficultyOf(stats),
    },
  };
}
