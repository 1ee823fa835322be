import type { OutcomeFile, OutcomeFiles } from "./outcome-files.js";

/**
 * The flywheel's record: what happened to one pull request the bot opened, with the bot's
 * patch and the patch that was finally merged. Mergeable as-is changes are positive
 * examples; human follow-up commits are corrections to learn from; closed ones are negatives.
 */

export const OUTCOME_SCHEMA = "stacksmith.outcome/1";

export type PartOutcome = "merged-as-is" | "merged-with-human-commits" | "closed";

export interface PartOutcomeRecord {
  schema: typeof OUTCOME_SCHEMA;
  /** `owner/name`. */
  repo: string;
  issue: number;
  pr: number;
  pr_url: string;
  /** The part's place in the issue's stack (1-based) and the stack's size. */
  part: number;
  parts: number;
  title: string;
  /** The issue's title and body: the task the bot worked from. */
  task: string;
  branch: string;
  outcome: PartOutcome;
  model: string;
  /** The commit the bot's change sits on, the bot's last head, and the branch's head at close. */
  base_sha: string | null;
  bot_head_sha: string | null;
  final_head_sha: string | null;
  /** Unified diffs from base_sha: the bot's change, and the change as it was merged or closed. */
  bot_patch: string | null;
  final_patch: string | null;
  /** ISO 8601. */
  closed_at: string;
  /** Why a patch is missing, or null. */
  note: string | null;
  /**
   * The texts behind the patches: every path either change touched, at the base, the bot's head
   * and the final head. Null when the commits could not be read (absent in lines written before).
   */
  files?: OutcomeFile[] | null;
  /** Files of either change left out of `files`, with the mining filter's reason. */
  excluded_files?: OutcomeFiles["excluded"];
}

/** Where outcome records go; a JSONL file in a data directory by default. */
export interface OutcomeSink {
  record(outcome: PartOutcomeRecord): Promise<void>;
}

/** Merged with no commit after the bot's last one: as is; merged otherwise: with human commits. */
export function outcomeOf(merged: boolean, botHead: string | null, finalHead: string | null, handsOff: boolean): PartOutcome {
  if (!merged) return "closed";
  if (handsOff) return "merged-with-human-commits";
  return finalHead !== null && botHead !== null && finalHead !== botHead ? "merged-with-human-commits" : "merged-as-is";
}
