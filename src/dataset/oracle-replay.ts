import { applyEdits } from "../edit/apply.js";
import { diffToEdits } from "../edit/diff-to-edits.js";
import type { FileState } from "../edit/types.js";
import { codeContextOf, oracleNewContentOf, type MinedRecord } from "./mined-record.js";
import { calculateSearchReplaceReward } from "./reward.js";
import { sweRlAnswer, sweRlBlocks } from "./swe-rl-answer.js";

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

/**
 * Replays a record's own change through the pipeline: its patch becomes SEARCH/REPLACE edits
 * (the edit engine's diff reader), the engine applies them to the old contents (they must
 * give the new contents exactly), and the same edits written as a SWE-RL answer are scored
 * by SWE-RL's reward against the record's oracle (it must give 1.0). Pure.
 */
export function replayOracle(record: Pick<MinedRecord, "changed_files" | "patch">): OracleReplay {
  const old = new Map<string, string>();
  for (const f of record.changed_files) if (f.old_content !== null) old.set(f.path, f.old_content);
  const converted = diffToEdits(record.patch, old);
  if (!converted.ok) return { reward: -1, applied: 0, edits: 0, exact: false, error: `the patch does not convert to edits${converted.path === null ? "" : ` (${converted.path})`}: ${converted.error}`, answer: null };

  const states = new Map<string, FileState>();
  for (const f of record.changed_files) states.set(f.path, f.old_content === null ? { kind: "missing" } : { kind: "text", content: f.old_content });
  const result = applyEdits(converted.edits, states, { isProtected: () => false });
  const applied = result.outcomes.filter((o) => o.status === "applied").length;
  const mismatch = record.changed_files.find((f) => (result.changes.has(f.path) ? result.changes.get(f.path) : f.old_content) !== f.new_content);
  const extra = [...result.changes.keys()].find((p) => !record.changed_files.some((f) => f.path === p));
  const exact = mismatch === undefined && extra === undefined;

  const blocks = sweRlBlocks(converted.edits);
  if (!blocks.ok) return { reward: -1, applied, edits: converted.edits.length, exact, error: `${blocks.path}: ${blocks.reason}`, answer: null };
  const answer = sweRlAnswer("Replaying the recorded change.", blocks.blocks);
  const scored = calculateSearchReplaceReward(codeContextOf(record), oracleNewContentOf(record), answer);
  const problems = [
    ...(applied < converted.edits.length ? [`${converted.edits.length - applied} of ${converted.edits.length} edits did not apply`] : []),
    ...(mismatch !== undefined ? [`${mismatch.path} differs from the recorded new content`] : []),
    ...(extra !== undefined ? [`${extra} changed but is not in the record`] : []),
    ...(scored.error !== null ? [`SWE-RL: ${scored.error}`] : []),
  ];
  return { reward: scored.reward, applied, edits: converted.edits.length, exact, error: problems.length === 0 ? null : problems.join("; "), answer };
}
