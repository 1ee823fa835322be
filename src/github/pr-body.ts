import { z } from "zod";
import { hiddenData, readHiddenData } from "./hidden-data.js";

/** Pull request bodies of a stack, rendered by pure functions, with the PR's state in a hidden marker. */

export const PrMeta = z.object({
  issue: z.number().int().positive(),
  k: z.number().int().positive(),
  n: z.number().int().positive(),
  /** The commit the bot pushed, and the commit it was built on. */
  head: z.string(),
  base: z.string(),
  plan: z.string(),
});
export type PrMeta = z.infer<typeof PrMeta>;

export interface StackLink {
  title: string;
  number: number | null;
}

export interface PullRequestBodyInput {
  meta: PrMeta;
  /** What changed and why, in the model's words. */
  summary: string;
  /** Every part of the stack, in order; numbers of PRs not opened yet are null. */
  stack: readonly StackLink[];
  files: readonly string[];
  usageLine: string;
}

function stackLine(link: StackLink, index: number, current: number): string {
  const ref = link.number === null ? "not opened yet" : `#${link.number}`;
  const here = index + 1 === current ? " ← this pull request" : "";
  return `${index + 1}. ${link.title} (${ref})${here}`;
}

export function renderPullRequestBody(input: PullRequestBodyInput): string {
  const { issue, k, n } = input.meta;
  const summary = input.summary.trim() === "" ? "_The model gave no summary._" : input.summary.trim();
  const lines = [summary, ""];
  if (n > 1) {
    lines.push(`**Part ${k} of ${n} for #${issue}.** Review and merge in order; each part is based on the one before.`, "");
    lines.push(...input.stack.map((link, i) => stackLine(link, i, k)), "");
  }
  lines.push(k === n ? `Fixes #${issue}` : `Part of #${issue}`, "");
  lines.push("**Files changed**", "", ...input.files.map((f) => `- \`${f}\``), "");
  lines.push(`<sub>Opened by Stacksmith from #${issue} · ${input.usageLine}. Nothing here was run: review it like any contribution.</sub>`);
  lines.push(hiddenData("pr", input.meta));
  return lines.join("\n");
}

export function parsePrMeta(body: string): PrMeta | null {
  const result = PrMeta.safeParse(readHiddenData("pr", body));
  return result.success ? result.data : null;
}

/** The pull request title of part k of n. */
export function pullRequestTitle(title: string, k: number, n: number): string {
  return n > 1 ? `[${k}/${n}] ${title}` : title;
}
