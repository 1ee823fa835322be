import type { Line } from "./lines.js";
import { matchExact, type WindowMatch } from "./match-lines.js";

const isElision = (line: Line): boolean => line.text.trim() === "...";

function pieces(lines: readonly Line[]): Line[][] {
  const out: Line[][] = [[]];
  for (const line of lines) {
    if (isElision(line)) out.push([]);
    else out[out.length - 1]?.push(line);
  }
  return out;
}

export type ElisionResult = { kind: "applied"; lines: Line[] } | { kind: "ambiguous"; starts: number[] } | { kind: "none" };

/**
 * Step 4: SEARCH and REPLACE elide unchanged code with `...` lines. Both must have the same
 * number of `...` lines; each SEARCH piece must match exactly once and is replaced by the
 * REPLACE piece in the same position. An empty SEARCH piece is allowed only opposite an
 * empty REPLACE piece.
 */
export function applyElided(file: readonly Line[], search: readonly Line[], replace: readonly Line[]): ElisionResult {
  if (!search.some(isElision)) return { kind: "none" };
  const searchPieces = pieces(search);
  const replacePieces = pieces(replace);
  if (searchPieces.length !== replacePieces.length) return { kind: "none" };
  let lines = [...file];
  for (let i = 0; i < searchPieces.length; i++) {
    const from = searchPieces[i] ?? [];
    const to = replacePieces[i] ?? [];
    if (from.length === 0) {
      if (to.length === 0) continue;
      return { kind: "none" };
    }
    const match: WindowMatch = matchExact(lines, from, to);
    if (match.kind !== "unique") return match;
    lines = [...lines.slice(0, match.start), ...match.replacement, ...lines.slice(match.start + match.length)];
  }
  return { kind: "applied", lines };
}
