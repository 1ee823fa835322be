import { fileEdits } from "../src/edit/edits-for-change.js";
import { patchOf } from "../src/dataset/mine/change-patch.js";
import { difficultyOf } from "../src/dataset/curriculum/difficulty.js";
import { RECORD_SCHEMA, type ChangedFile, type MinedRecord } from "../src/dataset/mine/mined-record.js";
import { sweRlAnswer, sweRlBlocks } from "../src/dataset/export/swe-rl-answer.js";
import { toSweRlExample, type SweRlExample } from "../src/dataset/export/swe-rl-export.js";
import { applyRegions, prng, region, sourceFile, type Region } from "./reward-inputs.js";

/**
 * Deterministic exported examples and sampled answers for the served-reward benchmark: each
 * record changes one to three generated modules of 150 to 400 lines; each answer is, in turn,
 * the record's own change, a partial one (half the oracle's edits kept, some rewritten, some of
 * its own), or a malformed one, as a policy's samples are early in training.
 */

export interface ScoredSample {
  code_context: Record<string, string>;
  oracle_new_content: Record<string, string>;
  output: string;
}

function answerFor(files: readonly ChangedFile[]): string {
  const blocks = sweRlBlocks(files.flatMap((f) => fileEdits(f.path, f.old_content, f.new_content)));
  return blocks.ok ? sweRlAnswer("Working through the change.", blocks.blocks) : "";
}

export function benchExamples(count: number, seed = 7): { examples: SweRlExample[]; samples: ScoredSample[] } {
  const rand = prng(seed);
  const examples: SweRlExample[] = [];
  const samples: ScoredSample[] = [];
  for (let i = 0; examples.length < count; i++) {
    const oracleFiles: ChangedFile[] = [];
    const predFiles: ChangedFile[] = [];
    const fileCount = 1 + Math.floor(rand() * 3);
    for (let f = 0; f < fileCount; f++) {
      const original = sourceFile(rand, 150 + Math.floor(rand() * 250));
      const oracle: Region[] = [];
      const pred: Region[] = [];
      for (let r = 0, n = 1 + Math.floor(rand() * 4); r < n; r++) {
        const edit = region(rand, original);
        oracle.push(edit);
        const roll = rand();
        if (roll < 0.5) pred.push(edit);
        else if (roll < 0.75) pred.push({ ...edit, insert: edit.insert.map((line) => line.replace(/;$/, ", 1);")) });
        if (rand() < 0.4) pred.push(region(rand, original));
      }
      const path = `src/module_${i}_${f}.ts`;
      const text = `${original.join("\n")}\n`;
      oracleFiles.push({ path, old_content: text, new_content: `${applyRegions(original, oracle).join("\n")}\n` });
      predFiles.push({ path, old_content: text, new_content: `${applyRegions(original, pred).join("\n")}\n` });
    }
    const changed = oracleFiles.filter((f) => f.old_content !== f.new_content);
    if (changed.length === 0) continue;
    const { patch, stats } = patchOf(changed);
    const record: MinedRecord = {
      schema: RECORD_SCHEMA,
      id: `bench@${String(i).padStart(12, "0")}`,
      repo: "bench",
      base_sha: "0".repeat(40),
      head_sha: "1".repeat(40),
      source: { kind: "commit", author: "bench", date: "2024-01-01T00:00:00.000Z" },
      task: `Change ${changed.map((f) => f.path).join(", ")}`,
      changed_files: changed,
      test_files: [],
      context_files: [],
      excluded_files: [],
      renames: [],
      patch,
      test_patch: "",
      stats,
      difficulty: difficultyOf(stats),
    };
    const example = toSweRlExample(record);
    examples.push(example);
    const kind = samples.length % 3;
    const output = kind === 0 ? example.oracle_answer : kind === 1 ? answerFor(predFiles.filter((f) => f.old_content !== f.new_content)) : "<think>\nI am not sure.\n</think>\nNo solution.";
    samples.push({ code_context: example.code_context, oracle_new_content: example.oracle_new_content, output });
  }
  return { examples, samples };
}
