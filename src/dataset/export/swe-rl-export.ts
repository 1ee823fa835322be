import { fileEdits } from "../../edit/edits-for-change.js";
import { oracleNewContentOf, pathMap, type MinedRecord } from "../mine/mined-record.js";
import { sweRlAnswer, sweRlBlocks } from "./swe-rl-answer.js";
import { renderRepairPrompt, shownFiles, THINKING_SYSTEM_PROMPT } from "./swe-rl-prompt.js";

/** One line of `export --format swe-rl`: a prompt and what a GRPO trainer needs to score answers to it. */
export interface SweRlExample {
  id: string;
  repo: string;
  base_sha: string;
  head_sha: string;
  difficulty: number;
  /** Chat messages: SWE-RL's thinking system prompt, then the repair prompt. */
  prompt: { role: "system" | "user"; content: string }[];
  /** Original text of every file the prompt shows (SWE-RL's `code_context`). */
  code_context: Record<string, string>;
  /** New text of every file the change touched, "" for a deleted file (SWE-RL's `oracle_new_content`). */
  oracle_new_content: Record<string, string>;
  /** The real change as a unified diff (code only). */
  oracle_patch: string;
  /** The change's tests as a unified diff, "" when it changed none: for a trainer that runs them. */
  test_patch: string;
  /** The real change as an answer in the response format; it scores 1.0. */
  oracle_answer: string;
  /** How to score an answer: SWE-RL's `calculate_search_replace_reward(code_context, oracle_new_content, output)`. */
  reward: "swe-rl/search-replace";
}

export function toSweRlExample(record: MinedRecord): SweRlExample {
  const shown = shownFiles(record);
  const context = pathMap();
  for (const f of shown) context[f.path] = f.content;
  const edits = record.changed_files.flatMap((f) => fileEdits(f.path, f.old_content, f.new_content));
  const blocks = sweRlBlocks(edits);
  return {
    id: record.id,
    repo: record.repo,
    base_sha: record.base_sha,
    head_sha: record.head_sha,
    difficulty: record.difficulty,
    prompt: [
      { role: "system", content: THINKING_SYSTEM_PROMPT },
      { role: "user", content: renderRepairPrompt(record.task, shown) },
    ],
    code_context: context,
    oracle_new_content: oracleNewContentOf(record),
    oracle_patch: record.patch,
    test_patch: record.test_patch,
    oracle_answer: blocks.ok ? sweRlAnswer("The change below resolves the issue.", blocks.blocks) : "",
    reward: "swe-rl/search-replace",
  };
}
