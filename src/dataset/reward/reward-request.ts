import { z } from "zod";
import { calculateSearchReplaceReward } from "./reward.js";
import { stringRatio } from "../difflib/string-ratio.js";
import { generateUnifiedDiff } from "../difflib/unified-diff.js";

/**
 * One JSON line in, one JSON line out, for `stacksmith reward` and parity checks against Python:
 *
 * - `{"code_context", "oracle_new_content", "output"}` -> `{"reward", "error"}`
 * - `{"a", "b", "autojunk"?}` (autojunk defaults to true) -> `{"ratio"}`
 * - `{"old", "new"}` -> `{"patch"}`
 *
 * Anything else, including invalid JSON, gets `{"error"}`. Other keys are ignored, so a parity
 * vector line that carries its expected result can be fed as it is.
 */

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * path -> text, checked but passed through untouched: zod's `z.record` builds a new object and
 * loses a `__proto__` key, which JSON.parse keeps as an ordinary own property.
 */
const FileTexts = z.custom<Record<string, string>>(
  (value) => isPlainObject(value) && Object.values(value).every((text) => typeof text === "string"),
  { message: "expected an object mapping paths to strings" },
);

const RewardRequest = z.object({ code_context: FileTexts, oracle_new_content: FileTexts, output: z.string() });
type RewardRequest = z.infer<typeof RewardRequest>;
const RatioRequest = z.object({ a: z.string(), b: z.string(), autojunk: z.boolean().default(true) });
type RatioRequest = z.infer<typeof RatioRequest>;
const PatchRequest = z.object({ old: z.string(), new: z.string() });
type PatchRequest = z.infer<typeof PatchRequest>;

export type RewardResponse =
  | { reward: number; error: string | null }
  /** A served request that ran past its deadline: no reward was computed. */
  | { reward: null; error: string }
  | { ratio: number }
  | { patch: string }
  | { error: string };

function describeIssues(kind: string, error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return `invalid ${kind} line`;
  const where = issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ` : "";
  return `invalid ${kind} line: ${where}${issue.message}`;
}

function answer<T>(kind: string, schema: z.ZodType<T>, value: unknown, run: (request: T) => RewardResponse): RewardResponse {
  const parsed = schema.safeParse(value);
  return parsed.success ? run(parsed.data) : { error: describeIssues(kind, parsed.error) };
}

/** What a request asks for, by its keys (as `answerRewardValue` reads it), or null when it is not one. */
export function requestKind(value: unknown): "reward" | "ratio" | "patch" | null {
  if (!isPlainObject(value)) return null;
  if (Object.hasOwn(value, "output") || Object.hasOwn(value, "code_context")) return "reward";
  if (Object.hasOwn(value, "a") || Object.hasOwn(value, "b")) return "ratio";
  if (Object.hasOwn(value, "old") || Object.hasOwn(value, "new")) return "patch";
  return null;
}

/** The response to one request already parsed from JSON (an item of a served batch). */
export function answerRewardValue(value: unknown): RewardResponse {
  if (!isPlainObject(value)) return { error: "expected a JSON object" };
  switch (requestKind(value)) {
    case "reward":
      return answer("reward", RewardRequest, value, (r: RewardRequest) => {
        const { reward, error } = calculateSearchReplaceReward(r.code_context, r.oracle_new_content, r.output);
        return { reward, error };
      });
    case "ratio":
      return answer("ratio", RatioRequest, value, (r: RatioRequest) => ({ ratio: stringRatio(r.a, r.b, { autojunk: r.autojunk }) }));
    case "patch":
      return answer("patch", PatchRequest, value, (r: PatchRequest) => ({ patch: generateUnifiedDiff(r.old, r.new) }));
    case null:
      return { error: 'expected {"code_context", "oracle_new_content", "output"}, {"a", "b"} or {"old", "new"}' };
  }
}

/** The response to one input line (without its newline). */
export function answerRewardLine(line: string): RewardResponse {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { error: `invalid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  return answerRewardValue(value);
}
