import { z } from "zod";
import { FILE_EXCLUSIONS } from "../mine/mine-filters.js";
import { OUTCOME_SCHEMA } from "./part-outcome.js";

/** An outcome line (`part-outcome.ts`) as read back from `outcomes.jsonl`, checked at the edge. */

const Sha = z.string().regex(/^[0-9a-f]{40}$/);

export const OutcomeLine = z.object({
  schema: z.literal(OUTCOME_SCHEMA),
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "expected owner/name"),
  issue: z.number().int(),
  pr: z.number().int(),
  pr_url: z.string(),
  part: z.number().int(),
  parts: z.number().int(),
  title: z.string(),
  task: z.string(),
  branch: z.string(),
  outcome: z.enum(["merged-as-is", "merged-with-human-commits", "closed"]),
  model: z.string(),
  base_sha: Sha.nullable(),
  bot_head_sha: Sha.nullable(),
  final_head_sha: Sha.nullable(),
  bot_patch: z.string().nullable(),
  final_patch: z.string().nullable(),
  closed_at: z.string(),
  note: z.string().nullable(),
  files: z
    .array(z.object({ path: z.string().min(1), base: z.string().nullable(), bot: z.string().nullable(), final: z.string().nullable() }))
    .nullable()
    .optional(),
  excluded_files: z.array(z.object({ path: z.string(), reason: z.enum(FILE_EXCLUSIONS) })).optional(),
});
export type OutcomeLine = z.infer<typeof OutcomeLine>;
