import { applyEdits } from "../../edit/apply.js";
import { diffToEdits } from "../../edit/diff-to-edits.js";
import type { Edit, FileState } from "../../edit/types.js";
import { codeContextOf, oracleNewContentOf, type ChangedFile, type MinedRecord } from "../mine/mined-record.js";
import { calculateSearchReplaceReward } from "../reward/reward.js";
import { sweRlAnswer, sweRlBlocks } from "../export/swe-rl-answer.js";

export interface OracleReplay {
  /** SWE-RL's reward of the change written as a SWE-RL answer: 1 when the pipeline is faithful. */
  reward: number;
  /** Edits the engine applied, and edits it had. */
  applied: number;
  edits: number;
  /** The engine's result equals the recorded new contents byte for byte. */
  exact: boolean;
  /** What went wrong, or null. */
  error: string | null;
  /** The SWE-RL answer that was scored, when one could be written. */
  answer: string | null;
}

/** Whether a patch, turned into edits and applied to the files' old contents, gives their new contents exactly; else why not. */
function replaysExactly(patch: string, files: readonly ChangedFile[]): { applied: number; edits: Edit[]; problem: string | null } {
  const old = new Map<string, string>();
  for (const f of files) if (f.old_content !== null) old.set(f.path, f.old_content);
  const converted = diffToEdits(patch, old);
  if (!converted.ok) return { applied: 0, edits: [], problem: `the patch does not convert to edits${converted.path === null ? "" : ` (${converted.path})`}: ${converted.error}` };
  const states = new Map<string, FileState>();
  for (const f of files) states.set(f.path, f.old_content === null ? { kind: "missing" } : { kind: "text", content: f.old_content });
  const result = applyEdits(converted.edits, states, { isProtected: () => false });
  const applied = result.outcomes.filter((o) => o.status === "applied").length;
  const mismatch = files.find((f) => (result.changes.has(f.path) ? result.changes.get(f.path) : f.old_content) !== f.new_content);
  const extra = [...result.changes.keys()].find((p) => !files.some((f) => f.path === p));
  const problems = [
    ...(applied < converted.edits.length ? [`${converted.edits.length - applied} of ${converted.edits.length} edits did not apply`] : []),
    ...(mismatch !== undefined ? [`${mismatch.path} differs from the recorded new content`] : []),
    ...(extra !== undefined ? [`${extra} changed but is not in the record`] : []),
  ];
  return { applied, edits: converted.edits, problem: problems.length === 0 ? null : problems.join("; ") };
}

/**
 * Replays a record's own change through the pipeline: its patch becomes SEARCH/REPLACE edits
 * (the edit engine's diff reader), the engine applies them to the old contents (they must
 * give the new contents exactly), and the same edits written as a SWE-RL answer are scored
 * by SWE-RL's reward against the record's oracle (it must give 1.0). The test patch must
 * replay exactly too; the reward is the code's. Pure.
 */
export function replayOracle(record: Pick<MinedRecord, "changed_files" | "patch"> & Partial<Pick<MinedRecord, "test_files" | "test_patch">>): OracleReplay {
  const code = replaysExactly(record.patch, record.changed_files);
  if (code.edits.length === 0 && code.problem !== null) return { reward: -1, applied: 0, edits: 0, exact: false, error: code.problem, answer: null };
  const tests = record.test_files === undefined || record.test_files.length === 0 ? null : replaysExactly(record.test_patch ?? "", record.test_files);
  const testProblem = tests?.problem == null ? [] : [`test_patch: ${tests.problem}`];
  const exact = code.problem === null && testProblem.length === 0;
  const blocks = sweRlBlocks(code.edits);
  if (!blocks.ok) return { reward: -1, applied: code.applied, edits: code.edits.length, exact, error: `${blocks.path}: ${blocks.reason}`, answer: null };
  const answer = sweRlAnswer("Replaying the recorded change.", blocks.blocks);
  const scored = calculateSearchReplaceReward(codeContextOf(record), oracleNewContentOf(record), answer);
  const problems = [...(code.problem === null ? [] : [code.problem]), ...testProblem, ...(scored.error !== null ? [`SWE-RL: ${scored.error}`] : [])];
  return { reward: scored.reward, applied: code.applied, edits: code.edits.length, exact, error: problems.length === 0 ? null : problems.join("; "), answer };
}
