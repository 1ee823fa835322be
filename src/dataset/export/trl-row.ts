import type { SweRlExample } from "./swe-rl-export.js";
import { DOUBLE, list, MESSAGES, STRING, struct, type TableShape } from "./table-shape.js";

/**
 * One row of a conversational prompt-only dataset for TRL's `GRPOTrainer` (TRL docs, "Dataset
 * formats" and "Using a custom reward function"): a `prompt` column of chat messages, and
 * every other column handed to the reward functions as a keyword argument of the same name.
 * The reward's inputs besides the answer are `code_context` and `oracle_new_content`, each a
 * list of `{path, content}` in path order: a list keeps one column type for every row, where
 * an object keyed by paths would become a struct with every path of the dataset.
 */

export interface PathText {
  path: string;
  content: string;
}

export interface TrlRow {
  prompt: SweRlExample["prompt"];
  code_context: PathText[];
  oracle_new_content: PathText[];
  id: string;
  repo: string;
  base_sha: string;
  head_sha: string;
  difficulty: number;
  oracle_patch: string;
  test_patch: string;
  oracle_answer: string;
}

const FILES = list(struct([["path", STRING], ["content", STRING]]));

export const TRL_SHAPE: TableShape = [
  ["prompt", MESSAGES],
  ["code_context", FILES],
  ["oracle_new_content", FILES],
  ["id", STRING],
  ["repo", STRING],
  ["base_sha", STRING],
  ["head_sha", STRING],
  ["difficulty", DOUBLE],
  ["oracle_patch", STRING],
  ["test_patch", STRING],
  ["oracle_answer", STRING],
];

const files = (texts: Record<string, string>): PathText[] =>
  Object.keys(texts)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((path) => ({ path, content: texts[path] ?? "" }));

export function toTrlRow(example: SweRlExample): TrlRow {
  return {
    prompt: example.prompt,
    code_context: files(example.code_context),
    oracle_new_content: files(example.oracle_new_content),
    id: example.id,
    repo: example.repo,
    base_sha: example.base_sha,
    head_sha: example.head_sha,
    difficulty: example.difficulty,
    oracle_patch: example.oracle_patch,
    test_patch: example.test_patch,
    oracle_answer: example.oracle_answer,
  };
}
