import { calculateSearchReplaceReward, type FileTexts, type RewardResult } from "./reward.js";
import { stringRatio } from "../difflib/string-ratio.js";

/** Work that `reward-in-worker.ts` can move to a worker thread: plain, structured-cloneable data. */
export type RewardJob =
  | {
      readonly kind: "search-replace-reward";
      readonly codeContext: FileTexts;
      readonly oracleNewContent: FileTexts;
      readonly output: string;
    }
  | { readonly kind: "ratio"; readonly a: string; readonly b: string; readonly autojunk: boolean };

export type RewardJobResult =
  | { readonly kind: "search-replace-reward"; readonly result: RewardResult }
  | { readonly kind: "ratio"; readonly ratio: number };

export function runRewardJob(job: RewardJob): RewardJobResult {
  switch (job.kind) {
    case "search-replace-reward":
      return { kind: job.kind, result: calculateSearchReplaceReward(job.codeContext, job.oracleNewContent, job.output) };
    case "ratio":
      return { kind: job.kind, ratio: stringRatio(job.a, job.b, { autojunk: job.autojunk }) };
  }
}
