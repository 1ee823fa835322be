import { pythonStrip } from "../difflib/python-text.js";

/**
 * SWE-RL's own reading of a model answer: the `<think>`/`<solution>` envelope and its one
 * SEARCH/REPLACE regex. Deliberately strict and separate from the agent's tolerant parser in
 * src/edit: the reward must treat exactly the same outputs as malformed as SWE-RL does.
 */

/** A value or SWE-RL's format error message. */
export type FormatResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const THINK_START = "<think>";
const THINK_END = "</think>";
const ANSWER_START = "<solution>";
const ANSWER_END = "</solution>";

/**
 * SWE-RL's block pattern, translated from Python `re`: Python's `.` excludes only "\n", while
 * JavaScript's also excludes "\r", "\u2028" and "\u2029", so each `.` is written `[^\n]`.
 * Lazy and greedy quantifiers backtrack the same way in both engines.
 */
const SEARCH_REPLACE_BLOCK =
  /```[^\n]*?\n### ([^\n]*)\n<<<<<<< SEARCH\n([\s\S]*?)\n=======\n([\s\S]*?)\n>>>>>>> REPLACE\n```/g;

export interface ThoughtSolution {
  readonly thought: string;
  readonly answer: string;
}

function count(text: string, tag: string): number {
  return text.split(tag).length - 1;
}

/**
 * Each tag must occur exactly once (checked in the order think, /think, solution, /solution).
 * The thought is the text after `<think>` up to `</think>`, stripped Python-style, and must not
 * be empty; the answer likewise between the solution tags (it may be empty). Tag order is not
 * checked: `</think>` before `<think>` makes the thought run to the end of the output.
 */
export function extractThoughtSolution(output: string): FormatResult<ThoughtSolution> {
  for (const tag of [THINK_START, THINK_END, ANSWER_START, ANSWER_END]) {
    if (count(output, tag) !== 1) return { ok: false, error: `count of ${tag} is not 1` };
  }
  const between = (start: string, end: string): string =>
    pythonStrip((output.split(start)[1] ?? "").split(end)[0] ?? "");
  const thought = between(THINK_START, THINK_END);
  const answer = between(ANSWER_START, ANSWER_END);
  if (thought.length === 0) return { ok: false, error: "Thought is empty" };
  return { ok: true, value: { thought, answer } };
}

export interface SearchReplace {
  readonly search: string;
  readonly replace: string;
}

/**
 * Every SEARCH/REPLACE block of `text`, grouped by path in order of first appearance, blocks in
 * order (Python's `re.findall` plus `dict.setdefault`). The path is the rest of the `### ` line,
 * verbatim. Text outside blocks is ignored; an unmatched block is silently skipped.
 */
export function parseSearchReplace(text: string): Map<string, SearchReplace[]> {
  const edits = new Map<string, SearchReplace[]>();
  for (const m of text.matchAll(SEARCH_REPLACE_BLOCK)) {
    const [, path = "", search = "", replace = ""] = m;
    let list = edits.get(path);
    if (list === undefined) {
      list = [];
      edits.set(path, list);
    }
    list.push({ search, replace });
  }
  return edits;
}
