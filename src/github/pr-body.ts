import { z } from "zod";
import { hiddenData, readHiddenData } from "./hidden-data.js";
import { untrustedBlock, untrustedLine } from "./markdown-text.js";
import type { StateSeal } from "./state-key.js";

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

/** A path as inline code; one with a backtick (which would end the span) as escaped text. */
function codeSpan(path: string): string {
  return /[`\r\n]/.test(path) ? untrustedLine(path, 300) : `\`${path.slice(0, 300)}\``;
}

function stackLine(link: StackLink, index: number, current: number): string {
  const ref = link.number === null ? "not opened yet" : `#${link.number}`;
  const here = index + 1 === current ? " ← this pull request" : "";
  return `${index + 1}. ${untrustedLine(link.title, 200)} (${ref})${here}`;
}

/** The body's text; the model's summary and titles are escaped (markdown-text.ts), the marker is the last line. */
export function renderPullRequestBody(input: PullRequestBodyInput, seal: StateSeal): string {
  const { issue, k, n } = input.meta;
  const summary = input.summary.trim() === "" ? "_The model gave no summary._" : untrustedBlock(input.summary.trim(), 10_000);
  const lines = [summary, ""];
  if (n > 1) {
    lines.push(`**Part ${k} of ${n} for #${issue}.** Review and merge in order; each part is based on the one before.`, "");
    lines.push(...input.stack.map((link, i) => stackLine(link, i, k)), "");
  }
  lines.push(k === n ? `Fixes #${issue}` : `Part of #${issue}`, "");
  lines.push("**Files changed**", "", ...input.files.map((f) => `- ${codeSpan(f)}`), "");
  lines.push(`<sub>Opened by Stacksmith from #${issue} · ${input.usageLine}. Nothing here was run: review it like any contribution.</sub>`);
  lines.push(hiddenData("pr", input.meta, seal));
  return lines.join("\n");
}

export function parsePrMeta(body: string, seal: StateSeal): PrMeta | null {
  const result = PrMeta.safeParse(readHiddenData("pr", body, seal));
  return result.success ? result.data : null;
}

/** The pull request title of part k of n. */
export function pullRequestTitle(title: string, k: number, n: number): string {
  const line = title.replace(/\s+/g, " ").trim().slice(0, 200);
  return n > 1 ? `[${k}/${n}] ${line}` : line;
}
