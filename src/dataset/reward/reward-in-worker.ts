import type { Worker } from "node:worker_threads";
import { StacksmithError } from "../../shared/errors.js";
import { startModuleWorker } from "./module-worker.js";
import type { FileTexts, RewardResult } from "./reward.js";
import type { RewardJob, RewardJobResult } from "./reward-job.js";

/**
 * The reward off the event loop, with a deadline: each call runs in a fresh worker thread that
 * is terminated when the deadline passes. For the app, where a model output or a patch of any
 * size must not stall webhook handling: the character-level comparison is quadratic at worst
 * (see `SequenceMatcher`), and so is SWE-RL's block regex on adversarial outputs.
 * A worker costs tens of milliseconds to start; for many small inputs prefer
 * `cappedStringRatio` on the event loop.
 */

export type OffThread<T> =
  | { readonly kind: "done"; readonly value: T }
  | { readonly kind: "timed-out"; readonly timeoutMs: number };

export interface OffThreadOptions {
  /** Wall-clock deadline, worker start-up included. Default 10 s. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

function startWorker(job: RewardJob): Worker {
  return startModuleWorker("reward-worker", job);
}

function runInWorker(job: RewardJob, timeoutMs: number): Promise<OffThread<RewardJobResult>> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const worker = startWorker(job);
    const settle = (finish: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      finish();
      void worker.terminate();
    };
    const timer = setTimeout(() => settle(() => resolve({ kind: "timed-out", timeoutMs })), timeoutMs);
    worker.once("message", (value: RewardJobResult) => settle(() => resolve({ kind: "done", value })));
    worker.once("error", (err) =>
      settle(() => reject(new StacksmithError("INTERNAL", "reward worker failed", { job: job.kind }, { cause: err }))),
    );
    worker.once("exit", (code) =>
      settle(() => reject(new StacksmithError("INTERNAL", `reward worker exited with code ${code}`, { job: job.kind }))),
    );
  });
}

/** `calculateSearchReplaceReward` in a worker thread, or "timed-out". */
export async function calculateSearchReplaceRewardInWorker(
  codeContext: FileTexts,
  oracleNewContent: FileTexts,
  output: string,
  options: OffThreadOptions = {},
): Promise<OffThread<RewardResult>> {
  const job: RewardJob = { kind: "search-replace-reward", codeContext, oracleNewContent, output };
  const outcome = await runInWorker(job, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  if (outcome.kind === "timed-out") return outcome;
  if (outcome.value.kind !== "search-replace-reward") throw new StacksmithError("INTERNAL", "reward worker answered another job");
  return { kind: "done", value: outcome.value.result };
}

/** `stringRatio` in a worker thread, or "timed-out". */
export async function stringRatioInWorker(
  a: string,
  b: string,
  options: OffThreadOptions & { autojunk?: boolean } = {},
): Promise<OffThread<number>> {
  const outcome = await runInWorker({ kind: "ratio", a, b, autojunk: options.autojunk ?? true }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  if (outcome.kind === "timed-out") return outcome;
  if (outcome.value.kind !== "ratio") throw new StacksmithError("INTERNAL", "reward worker answered another job");
  return { kind: "done", value: outcome.value.ratio };
}
