import { untrustedBlock, untrustedLine } from "../github/markdown-text.js";
import { shortSha } from "./stack-lookup.js";

/** What a part's pull request is told when its branch moves or cannot: pure text, every outside string escaped. */

function code(text: string): string {
  return /[`\r\n]/.test(text) ? untrustedLine(text, 300) : `\`${text.slice(0, 300)}\``;
}

function paths(list: readonly string[]): string {
  const shown = list.slice(0, 20).map(code).join(", ");
  return list.length > 20 ? `${shown} and ${list.length - 20} more` : shown;
}

/** A conflict the model resolved while moving the part. */
export function resolvedReply(input: { ontoName: string; onto: string; commit: string; paths: readonly string[]; summary: string; merged: boolean }): string {
  const how = input.merged ? `merged ${code(input.ontoName)} (${shortSha(input.onto)}) into this branch` : `moved this part onto ${code(input.ontoName)} (${shortSha(input.onto)})`;
  const summary = input.summary.trim() === "" ? "" : `\n\n${untrustedBlock(input.summary.trim(), 3_000)}`;
  return `Stacksmith ${how} in ${shortSha(input.commit)}. Both changed the same lines of ${paths(input.paths)}; it resolved them as follows, so please check those lines.${summary}`;
}

/** A conflict that stayed: the part is left as it was. */
export function conflictReply(input: { ontoName: string; paths: readonly string[]; reason: string }): string {
  return [
    `Stacksmith could not move this part onto ${code(input.ontoName)}: both changed the same lines of ${paths(input.paths)}, and the conflict was not resolved (${untrustedLine(input.reason, 500)}).`,
    "The branch was left as it was. Resolve the conflict by hand, or comment `/agent rebase` to try again.",
  ].join(" ");
}

/** A branch someone else pushed to, whose base moved: the offer to merge the new base in. */
export function restackOffer(input: { below: string; ontoName: string }): string {
  return [
    `${input.below} moved, but this branch has commits from someone else, so Stacksmith did not rebase it (it never rewrites them).`,
    `Comment \`/agent restack\` here and it will merge ${code(input.ontoName)} into this branch instead: one merge commit on top, nothing rewritten.`,
  ].join(" ");
}
