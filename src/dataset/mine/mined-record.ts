import { z } from "zod";

/**
 * One mined change: the task, the repository at `base_sha`, and the real change that
 * turned it into `head_sha`. One JSON object per line of a records file.
 */

export const RECORD_SCHEMA = "stacksmith.mined/1";

export const ChangedFile = z.object({
  path: z.string().min(1),
  /** Text before the change; null: the file did not exist. */
  old_content: z.string().nullable(),
  /** Text after the change; null: the file was deleted. */
  new_content: z.string().nullable(),
});
export type ChangedFile = z.infer<typeof ChangedFile>;

export const ContextFile = z.object({
  path: z.string().min(1),
  content: z.string(),
  /** The locate prefilter's score (higher is more relevant). */
  score: z.number(),
});
export type ContextFile = z.infer<typeof ContextFile>;

export const ExcludedFile = z.object({ path: z.string(), reason: z.string() });
export type ExcludedFile = z.infer<typeof ExcludedFile>;

export const ChangeStats = z.object({
  files: z.number().int().nonnegative(),
  hunks: z.number().int().nonnegative(),
  lines_added: z.number().int().nonnegative(),
  lines_removed: z.number().int().nonnegative(),
});
export type ChangeStats = z.infer<typeof ChangeStats>;

export const RecordSource = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("commit"),
    author: z.string(),
    /** Committer date, ISO 8601. */
    date: z.string(),
  }),
  z.object({
    kind: z.literal("merge"),
    /** The pull request the merge message names (`Merge pull request #N from …`), or null. */
    number: z.number().int().nullable(),
    /** Who made the merge commit. */
    author: z.string(),
    /** Committer date, ISO 8601. */
    date: z.string(),
    /** Commits the merge brought in (not reachable from its first parent). */
    commits: z.number().int().nonnegative(),
  }),
  z.object({
    kind: z.literal("pull_request"),
    number: z.number().int(),
    url: z.string(),
    author: z.string(),
    merged_at: z.string(),
    /** Issues the pull request closes (`Fixes #N`), whose text is part of the task. */
    issues: z.array(z.number().int()),
  }),
  z.object({
    /** One of the app's own pull requests, from the flywheel's outcome line: the change as it was merged. */
    kind: z.literal("outcome"),
    outcome: z.enum(["merged-as-is", "merged-with-human-commits", "closed"]),
    number: z.number().int(),
    url: z.string(),
    /** The issue the stack resolves, and this part's place in it. */
    issue: z.number().int(),
    part: z.number().int(),
    parts: z.number().int(),
    /** The model that wrote the bot's change. */
    model: z.string(),
    closed_at: z.string(),
  }),
]);
export type RecordSource = z.infer<typeof RecordSource>;

export const MinedRecord = z.object({
  schema: z.literal(RECORD_SCHEMA),
  /** `<repo name>@<head sha, 12 characters>`: unique within a records file. */
  id: z.string(),
  /** The repository as given to `mine`: a path or a URL. */
  repo: z.string(),
  base_sha: z.string().regex(/^[0-9a-f]{40}$/),
  head_sha: z.string().regex(/^[0-9a-f]{40}$/),
  source: RecordSource,
  /** What was asked: the commit message, or the pull request's title and body and its issues' text. */
  task: z.string(),
  /** Every text file the change touched that is not a test (`test-files.ts`), in path order: what a model is asked to write. */
  changed_files: z.array(ChangedFile).min(1),
  /** The change's test files, in path order (empty in records mined before they were kept apart). */
  test_files: z.array(ChangedFile).default([]),
  /** Unchanged files the locate prefilter ranks highest for the task, most relevant first. */
  context_files: z.array(ContextFile),
  /** Files of the change left out of the record (lockfiles, generated, vendored, binary, too large). */
  excluded_files: z.array(ExcludedFile),
  /** Files moved unchanged (same blob): each is also a deletion and an addition in `changed_files` or `test_files`. */
  renames: z.array(z.object({ from: z.string(), to: z.string() })),
  /** The change as a git-style unified diff of `changed_files`. */
  patch: z.string(),
  /** The unified diff of `test_files` ("" when the change touched no test). */
  test_patch: z.string().default(""),
  /** Of `patch`. */
  stats: ChangeStats,
  /** See `difficultyOf`. */
  difficulty: z.number(),
});
export type MinedRecord = z.infer<typeof MinedRecord>;

/** Original texts of the changed files that existed (SWE-RL's `code_context`). */
export function codeContextOf(record: Pick<MinedRecord, "changed_files">): Record<string, string> {
  const out = pathMap();
  for (const f of record.changed_files) if (f.old_content !== null) out[f.path] = f.old_content;
  return out;
}

/** New texts of the changed files, "" for a deleted one (SWE-RL's `oracle_new_content`). */
export function oracleNewContentOf(record: Pick<MinedRecord, "changed_files">): Record<string, string> {
  const out = pathMap();
  for (const f of record.changed_files) out[f.path] = f.new_content ?? "";
  return out;
}

/** An object keyed by paths, without a prototype: a file named `__proto__` is just a key. */
export function pathMap(): Record<string, string> {
  return Object.create(null) as Record<string, string>;
}
