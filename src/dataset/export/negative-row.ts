import { fileEdits } from "../../edit/edits-for-change.js";
import type { NegativeExample } from "../outcomes/outcome-example.js";
import { sweRlAnswer, sweRlBlocks } from "./swe-rl-answer.js";
import { renderRepairPrompt, shownFiles, THINKING_SYSTEM_PROMPT } from "./swe-rl-prompt.js";

/**
 * A negative as a row of TRL's unpaired preference format (`prompt`, `completion`, `label`,
 * conversational, as `KTOTrainer` reads it): the same SWE-RL prompt an example has, the bot's
 * turned-down change as the answer, `label: false`, and why. Pure.
 */
export interface NegativeRow {
  prompt: { role: "system" | "user"; content: string }[];
  completion: { role: "assistant"; content: string }[];
  label: false;
  reason: string;
  id: string;
  repo: string;
  base_sha: string;
  bot_head_sha: string;
  outcome: NegativeExample["source"];
  rejected_patch: string;
  difficulty: number;
}

export function toNegativeRow(negative: NegativeExample): NegativeRow {
  const { rejected } = negative;
  const blocks = sweRlBlocks(rejected.changed_files.flatMap((f) => fileEdits(f.path, f.old_content, f.new_content)));
  return {
    prompt: [
      { role: "system", content: THINKING_SYSTEM_PROMPT },
      { role: "user", content: renderRepairPrompt(negative.task, shownFiles({ changed_files: rejected.changed_files, context_files: [] })) },
    ],
    completion: [{ role: "assistant", content: blocks.ok ? sweRlAnswer("The change below resolves the issue.", blocks.blocks) : "" }],
    label: false,
    reason: negative.reason,
    id: negative.id,
    repo: negative.repo,
    base_sha: negative.base_sha,
    bot_head_sha: negative.bot_head_sha,
    outcome: negative.source,
    rejected_patch: rejected.patch,
    difficulty: rejected.difficulty,
  };
}
