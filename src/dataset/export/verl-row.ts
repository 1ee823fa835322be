import type { SweRlExample } from "./swe-rl-export.js";
import { DOUBLE, INT64, MESSAGES, STRING, struct, type TableShape } from "./table-shape.js";

/**
 * One row of verl's RL dataset (verl docs, "Prepare Data for Post-Training"): `data_source`
 * names the dataset and so the reward function, `prompt` is chat messages for the tokenizer's
 * chat template, `ability` the task category, `reward_model.ground_truth` what the reward
 * function compares against, and `extra_info` anything else. verl hands `data_source`,
 * the sampled answer (`solution_str`), `ground_truth` and `extra_info` to `compute_score`.
 */

export const VERL_DATA_SOURCE = "stacksmith/swe-rl";

export interface VerlRow {
  data_source: string;
  prompt: SweRlExample["prompt"];
  ability: "code";
  reward_model: {
    style: "rule";
    /** JSON text of `{"code_context": {path: text}, "oracle_new_content": {path: text}}`: SWE-RL's reward inputs besides the answer. */
    ground_truth: string;
  };
  extra_info: {
    split: string;
    /** The row's place in the file, from 0. */
    index: number;
    id: string;
    repo: string;
    base_sha: string;
    head_sha: string;
    difficulty: number;
    oracle_patch: string;
    test_patch: string;
    oracle_answer: string;
  };
}

export const VERL_SHAPE: TableShape = [
  ["data_source", STRING],
  ["prompt", MESSAGES],
  ["ability", STRING],
  ["reward_model", struct([["style", STRING], ["ground_truth", STRING]])],
  [
    "extra_info",
    struct([
      ["split", STRING],
      ["index", INT64],
      ["id", STRING],
      ["repo", STRING],
      ["base_sha", STRING],
      ["head_sha", STRING],
      ["difficulty", DOUBLE],
      ["oracle_patch", STRING],
      ["test_patch", STRING],
      ["oracle_answer", STRING],
    ]),
  ],
];

export function toVerlRow(example: SweRlExample, index: number, split = "train"): VerlRow {
  return {
    data_source: VERL_DATA_SOURCE,
    prompt: example.prompt,
    ability: "code",
    reward_model: {
      style: "rule",
      ground_truth: JSON.stringify({ code_context: example.code_context, oracle_new_content: example.oracle_new_content }),
    },
    extra_info: {
      split,
      index,
      id: example.id,
      repo: example.repo,
      base_sha: example.base_sha,
      head_sha: example.head_sha,
      difficulty: example.difficulty,
      oracle_patch: example.oracle_patch,
      test_patch: example.test_patch,
      oracle_answer: example.oracle_answer,
    },
  };
}
