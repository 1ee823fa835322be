import { fileEdits } from "../../edit/edits-for-change.js";
import { patchOf } from "./change-patch.js";
import { difficultyOf } from "../curriculum/difficulty.js";
import { RECORD_SCHEMA, type ContextFile, type MinedRecord, type RecordSource } from "./mined-record.js";
import { dominantExclusion, type SizeLimits, type SkipReason } from "./mine-filters.js";
import type { ReadChange } from "./read-change.js";
import { sweRlBlocks } from "../export/swe-rl-answer.js";
import { splitTests } from "./test-files.js";

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
 * left, no line changed, too many files or lines (tests included), only test files changed, or
 * a code change SWE-RL's answer format cannot write (a SEARCH holding a `=======` line). The
 * test files go to `test_files` and `test_patch`, apart from the code a model is asked to
 * write. Context files are asked for only when the record is kept.
 */
export async function buildRecord(
  repo: string,
  candidate: Candidate,
  change: ReadChange,
  limits: SizeLimits,
  contextFiles: () => Promise<ContextFile[]>,
): Promise<Built> {
  const built = recordOf(repo, candidate, change, limits);
  if (built.kind !== "record") return built;
  return { kind: "record", record: { ...built.record, context_files: await contextFiles() } };
}

/** `buildRecord` without context files. Pure. */
export function recordOf(repo: string, candidate: Candidate, change: ReadChange, limits: SizeLimits): Built {
  if (change.files.length === 0) {
    if (change.excluded.length === 0) return { kind: "skipped", reason: "empty" };
    return { kind: "skipped", reason: dominantExclusion(change.excluded.map((e) => e.reason)) };
  }
  const { code, tests } = splitTests(change.files);
  const { patch, stats } = patchOf(code);
  const { patch: testPatch, stats: testStats } = patchOf(tests);
  const lines = stats.lines_added + stats.lines_removed + testStats.lines_added + testStats.lines_removed;
  const files = stats.files + testStats.files;
  if (lines === 0) return { kind: "skipped", reason: "empty" };
  if (files > limits.maxFiles || lines > limits.maxLines) return { kind: "skipped", reason: "huge", detail: `${files} files, ${lines} lines` };
  if (stats.lines_added + stats.lines_removed === 0) return { kind: "skipped", reason: "tests-only" };
  for (const f of code) {
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
      changed_files: code,
      test_files: tests,
      context_files: [],
      excluded_files: change.excluded,
      renames: change.renames,
      patch,
      test_patch: testPatch,
      stats,
      difficulty: difficultyOf(stats),
    },
  };
}
