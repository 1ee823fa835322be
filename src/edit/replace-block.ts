import { applyElided } from "./elision.js";
import { isBlank, joinLines, splitLines, type Line } from "./lines.js";
import { matchExact, matchIgnoringIndent, type WindowMatch } from "./match-lines.js";

export type BlockResult =
  | { kind: "applied"; content: string; strategy: "exact" | "whitespace" | "leading-blank" | "elision" }
  | { kind: "ambiguous"; lines: number[] }
  | { kind: "no-match" };

function splice(file: readonly Line[], match: Extract<WindowMatch, { kind: "unique" }>): string {
  return joinLines([...file.slice(0, match.start), ...match.replacement, ...file.slice(match.start + match.length)]);
}

/** Exact, then ignoring indentation; the first unique or ambiguous answer wins. */
function matchLines(file: readonly Line[], search: readonly Line[], replace: readonly Line[]): [WindowMatch, "exact" | "whitespace"] {
  const exact = matchExact(file, search, replace);
  if (exact.kind !== "none") return [exact, "exact"];
  return [matchIgnoringIndent(file, search, replace), "whitespace"];
}

function settle(file: readonly Line[], match: WindowMatch, strategy: "exact" | "whitespace" | "leading-blank"): BlockResult | null {
  if (match.kind === "unique") return { kind: "applied", content: splice(file, match), strategy };
  if (match.kind === "ambiguous") return { kind: "ambiguous", lines: match.starts.map((start) => start + 1) };
  return null;
}

/**
 * Replaces one non-empty SEARCH in a text file, trying in order: 1. the exact lines;
 * 2. the lines ignoring leading whitespace, re-indenting REPLACE; 3. both again after
 * dropping a spurious leading blank line (from REPLACE too when it has one); 4. `...`
 * elision. A SEARCH found in more than one place is ambiguous and nothing is replaced.
 */
export function replaceBlock(content: string, search: string, replace: string): BlockResult {
  const file = splitLines(content);
  const searchLines = splitLines(search);
  const replaceLines = splitLines(replace);

  const [first, strategy] = matchLines(file, searchLines, replaceLines);
  const settled = settle(file, first, strategy);
  if (settled !== null) return settled;

  const [head] = searchLines;
  if (searchLines.length >= 2 && head !== undefined && isBlank(head.text)) {
    const [replaceHead] = replaceLines;
    const trimmedReplace = replaceHead !== undefined && isBlank(replaceHead.text) ? replaceLines.slice(1) : replaceLines;
    const [retry] = matchLines(file, searchLines.slice(1), trimmedReplace);
    const again = settle(file, retry, "leading-blank");
    if (again !== null) return again;
  }

  const elided = applyElided(file, searchLines, replaceLines);
  if (elided.kind === "applied") return { kind: "applied", content: joinLines(elided.lines), strategy: "elision" };
  if (elided.kind === "ambiguous") return { kind: "ambiguous", lines: elided.starts.map((start) => start + 1) };
  return { kind: "no-match" };
}
