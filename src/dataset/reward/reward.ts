import { codePoints } from "../difflib/string-ratio.js";
import { SequenceMatcher } from "../difflib/sequence-matcher.js";
import { applyCodeChange, ownText } from "./swe-rl-apply.js";
import { extractThoughtSolution, parseSearchReplace } from "./swe-rl-parse.js";
import { generateUnifiedDiff } from "../difflib/unified-diff.js";

/**
 * SWE-RL's reward (`calculate_search_replace_reward` and the general `calculate_reward`): the
 * mean, over every file either side changed, of the character-level similarity of the predicted
 * and the oracle per-file unified diffs. -1 for a malformed output. Pure.
 */

/** path -> full file text. */
export type FileTexts = Readonly<Record<string, string>>;

export interface ChangeSimilarity {
  readonly path: string;
  readonly predChange: string;
  readonly oracleChange: string;
  readonly similarity: number;
}

export interface RewardResult {
  /** -1 for a format error, otherwise in [0, 1]. */
  readonly reward: number;
  /** SWE-RL's format error message, or null. */
  readonly error: string | null;
  /** Present when the output was well-formed. */
  readonly similarities?: readonly ChangeSimilarity[];
  readonly thought?: string;
  readonly answer?: string;
}

/**
 * SWE-RL's `get_normalized_patch`: for each path of `newContent`, the headerless unified diff
 * (`generateUnifiedDiff`, 3 lines of context) from its text in `codeContext` ("" if absent);
 * paths whose diff is empty are left out.
 */
export function getNormalizedPatch(codeContext: FileTexts, newContent: FileTexts | ReadonlyMap<string, string>): Map<string, string> {
  const entries = newContent instanceof Map ? newContent.entries() : Object.entries(newContent);
  const patches = new Map<string, string>();
  for (const [path, text] of entries) {
    const patch = generateUnifiedDiff(ownText(codeContext, path) ?? "", text);
    if (patch !== "") patches.set(path, patch);
  }
  return patches;
}

/**
 * SWE-RL's `compute_change_similarities`: one entry per path in the union of both sides (oracle
 * paths first; upstream iterates a Python set, so its order is arbitrary). A path missing on
 * either side scores 0; otherwise `SequenceMatcher(None, pred, oracle, autojunk=False).ratio()`
 * over the patch texts' code points (argument order matters: ratio is not symmetric).
 */
export function computeChangeSimilarities(
  predPatch: ReadonlyMap<string, string>,
  oraclePatch: ReadonlyMap<string, string>,
): ChangeSimilarity[] {
  const paths = new Set([...oraclePatch.keys(), ...predPatch.keys()]);
  return [...paths].map((path) => {
    const predChange = predPatch.get(path) ?? "";
    const oracleChange = oraclePatch.get(path) ?? "";
    const similarity =
      predChange === "" || oracleChange === ""
        ? 0.0
        : new SequenceMatcher(codePoints(predChange), codePoints(oracleChange), { autojunk: false }).ratio();
    return { path, predChange, oracleChange, similarity };
  });
}

/**
 * SWE-RL's `calculate_reward` for edits in any form: predicted and oracle new contents, both
 * against the same original `codeContext`. 1.0 when neither side changes anything.
 */
export function calculateReward(
  codeContext: FileTexts,
  oracleNewContent: FileTexts,
  predNewContent: FileTexts | ReadonlyMap<string, string>,
): { reward: number; similarities: ChangeSimilarity[] } {
  const oraclePatch = getNormalizedPatch(codeContext, oracleNewContent);
  const predPatch = getNormalizedPatch(codeContext, predNewContent);
  const similarities = computeChangeSimilarities(predPatch, oraclePatch);
  if (similarities.length === 0) return { reward: 1.0, similarities };
  let sum = 0;
  for (const s of similarities) sum += s.similarity;
  return { reward: sum / similarities.length, similarities };
}

/**
 * SWE-RL's `calculate_search_replace_reward`: `output` must hold `<think>…</think>` and
 * `<solution>…</solution>` with SEARCH/REPLACE blocks inside the solution; the blocks are applied
 * to `codeContext` (original texts) and the result scored against `oracleNewContent`. Any format
 * problem gives reward -1 and upstream's error message.
 */
export function calculateSearchReplaceReward(
  codeContext: FileTexts,
  oracleNewContent: FileTexts,
  output: string,
): RewardResult {
  const extracted = extractThoughtSolution(output);
  if (!extracted.ok) return { reward: -1.0, error: extracted.error };
  const { thought, answer } = extracted.value;
  const edits = parseSearchReplace(answer);
  if (edits.size === 0) return { reward: -1.0, error: "No valid search blocks found" };
  const applied = applyCodeChange(codeContext, edits);
  if (!applied.ok) return { reward: -1.0, error: applied.error };
  const { reward, similarities } = calculateReward(codeContext, oracleNewContent, applied.value);
  return { reward, error: null, similarities, thought, answer };
}
