import type { Edit } from "../../edit/types.js";

/**
 * Writes edits as an answer SWE-RL's reward reads (`<think>`, then `<solution>` holding one
 * fenced SEARCH/REPLACE block per edit), so that its `apply_code_change` gives exactly the
 * edits' result. Pure.
 *
 * SWE-RL replaces "\n" + SEARCH by "\n" + REPLACE everywhere in "\n" + file. For an edit of
 * whole lines (the engine's convention) both sides end in "\n": dropping that last "\n" from
 * both keeps the effect and gives the usual block. Otherwise the texts are written verbatim;
 * a text ending in "\n" then shows as a blank line before the marker, which SWE-RL's lazy
 * pattern captures as that "\n". The edits must occur once in their file as a line-start
 * prefix, as `editsForChange` makes them.
 */

const SEARCH_END = "\n=======\n";
const REPLACE_END = "\n>>>>>>> REPLACE\n```";

export type SweRlBlocks = { ok: true; blocks: string[] } | { ok: false; path: string; reason: string };

/** SEARCH and REPLACE as SWE-RL must capture them. */
function captured(edit: Edit): { search: string; replace: string } {
  if (edit.search.endsWith("\n") && edit.replace.endsWith("\n") && edit.search !== "\n") return { search: edit.search.slice(0, -1), replace: edit.replace.slice(0, -1) };
  return { search: edit.search, replace: edit.replace };
}

/** One block, or why SWE-RL's pattern cannot capture it (a marker line inside the text). */
export function sweRlBlock(edit: Edit, language = ""): { ok: true; block: string } | { ok: false; reason: string } {
  if (/[\n\r]/.test(edit.path)) return { ok: false, reason: "the path holds a line break" };
  const { search, replace } = captured(edit);
  if (`${search}${SEARCH_END}`.indexOf(SEARCH_END) !== search.length) return { ok: false, reason: "a line `=======` inside SEARCH" };
  if (`${replace}${REPLACE_END}`.indexOf(REPLACE_END) !== replace.length) return { ok: false, reason: "a line `>>>>>>> REPLACE` before a fence inside REPLACE" };
  return { ok: true, block: `\`\`\`${language}\n### ${edit.path}\n<<<<<<< SEARCH\n${search}${SEARCH_END}${replace}${REPLACE_END}` };
}

/**
 * Every edit as a block; edits whose SEARCH equals REPLACE (creating an empty file, the
 * second half of emptying one) are left out: SWE-RL refuses them, and they change no line.
 */
export function sweRlBlocks(edits: readonly Edit[], language = ""): SweRlBlocks {
  const blocks: string[] = [];
  for (const edit of edits) {
    if (edit.search === edit.replace) continue;
    const block = sweRlBlock(edit, language);
    if (!block.ok) return { ok: false, path: edit.path, reason: block.reason };
    blocks.push(block.block);
  }
  return { ok: true, blocks };
}

/** A complete answer in SWE-RL's response format. */
export function sweRlAnswer(thought: string, blocks: readonly string[]): string {
  return `<think>\n${thought}\n</think>\n<solution>\n${blocks.join("\n\n")}\n</solution>`;
}
