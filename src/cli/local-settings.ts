import { positiveInt } from "./cli-args.js";
import { UsageError } from "./io.js";

/** The flags `fix` and `eval` take over the repository's `.github/stacksmith.yml`. */
export const LOCAL_SETTINGS_FLAGS = {
  "max-subtasks": { type: "string" },
  "max-edit-rounds": { type: "string" },
  "max-tool-turns": { type: "string" },
  locate: { type: "string" },
} as const;

export const LOCAL_SETTINGS_HELP = `  --max-subtasks <n>      at most n parts (default: the repository's config, else 5)
  --max-edit-rounds <n>   times the model may resend edits that did not apply (default: config, else 3)
  --max-tool-turns <n>    turns the model may spend reading files (default: config, else 20)
  --locate <how>          model (the ranking, then the model picks the files) or prefilter (the ranking alone, no model call);
                          default: as the app does, the model only from modelLocateMinFiles files up
`;

/** Larger than any tree: the model's locate step never runs. */
const NEVER = Number.MAX_SAFE_INTEGER;

/**
 * The settings a local run puts over the repository's config: the flags given, the CLI's
 * model in place of the config's (`model` removed), no stacks API, and no wait for `/agent go`
 * (there is nobody to say it).
 */
export function localSettings(values: { "max-subtasks"?: string; "max-edit-rounds"?: string; "max-tool-turns"?: string; locate?: string }): Record<string, unknown> {
  const locate = values.locate;
  if (locate !== undefined && locate !== "model" && locate !== "prefilter") throw new UsageError(`--locate must be model or prefilter, not '${locate}'`);
  const out: Record<string, unknown> = { model: undefined, approvePlan: false, stacks: "chain" };
  if (values["max-subtasks"] !== undefined) {
    out.maxSubtasks = positiveInt(values["max-subtasks"], "--max-subtasks", 1);
    if (Number(out.maxSubtasks) > 10) throw new UsageError("--max-subtasks is at most 10");
  }
  if (values["max-edit-rounds"] !== undefined) {
    out.maxEditRounds = positiveInt(values["max-edit-rounds"], "--max-edit-rounds", 1);
    if (Number(out.maxEditRounds) > 10) throw new UsageError("--max-edit-rounds is at most 10");
  }
  if (values["max-tool-turns"] !== undefined) {
    out.maxToolTurns = positiveInt(values["max-tool-turns"], "--max-tool-turns", 1);
    if (Number(out.maxToolTurns) > 100) throw new UsageError("--max-tool-turns is at most 100");
  }
  if (locate !== undefined) out.modelLocateMinFiles = locate === "model" ? 0 : NEVER;
  return out;
}
