import type { Hunk } from "./parse-diff.js";

export type PatchResult = { ok: true; content: string } | { ok: false; hunk: number; error: string };

/** Lines with their "\n" kept; a last line without one stays as it is. */
function linesOf(content: string): string[] {
  const lines = content.split("\n").map((line) => `${line}\n`);
  const last = lines.pop() as string;
  if (last !== "\n") lines.push(last.slice(0, -1));
  return lines;
}

/** The hunk's old and new lines, with "\n" except where `\ No newline at end of file` follows. */
function sides(hunk: Hunk): { before: string[]; after: string[]; leading: number; trailing: number } {
  const before: string[] = [];
  const after: string[] = [];
  let previous = " ";
  let leading = 0;
  let trailing = 0;
  let changed = false;
  for (const line of hunk.lines) {
    const op = line === "" ? " " : line[0];
    const text = `${line.slice(1)}\n`;
    if (op === "\\") {
      if (previous !== "+") before[before.length - 1] = (before[before.length - 1] ?? "\n").slice(0, -1);
      if (previous !== "-") after[after.length - 1] = (after[after.length - 1] ?? "\n").slice(0, -1);
      continue;
    }
    if (op === " ") {
      before.push(text);
      after.push(text);
      if (changed) trailing++;
      else leading++;
    } else if (op === "-") {
      before.push(text);
      changed = true;
      trailing = 0;
    } else {
      after.push(text);
      changed = true;
      trailing = 0;
    }
    previous = op ?? " ";
  }
  return { before, after, leading, trailing };
}

function matchesAt(lines: readonly string[], want: readonly string[], at: number): boolean {
  if (at < 0 || at + want.length > lines.length) return false;
  return want.every((line, i) => lines[at + i] === line);
}

/** Nearest position to `expected` where `want` stands, searching outwards; -1 if none. */
function findNearest(lines: readonly string[], want: readonly string[], expected: number): number {
  const max = lines.length - want.length;
  for (let distance = 0; distance <= Math.max(expected, max - expected); distance++) {
    if (matchesAt(lines, want, expected - distance)) return expected - distance;
    if (distance > 0 && matchesAt(lines, want, expected + distance)) return expected + distance;
  }
  return -1;
}

/**
 * Applies one file's hunks to its content, exactly (no fuzz), the way `git apply` does by
 * default: each hunk's old lines must stand in the file, near the expected position; a hunk
 * starting at line 1 must match at the start and one without trailing context at the end.
 */
export function applyHunks(content: string, hunks: readonly Hunk[]): PatchResult {
  let lines = linesOf(content);
  for (const [index, hunk] of hunks.entries()) {
    const { before, after, trailing } = sides(hunk);
    const rawOld = hunk.oldLines === 0 ? hunk.oldStart - 1 : hunk.oldStart;
    const rawNew = hunk.newLines === 0 ? hunk.newStart - 1 : hunk.newStart;
    const expected = rawNew > 0 ? rawNew - 1 : 0;
    const atStart = rawOld <= 1;
    const atEnd = trailing === 0;
    const endPosition = lines.length - before.length;
    let at: number;
    if (atStart && atEnd) at = endPosition === 0 && matchesAt(lines, before, 0) ? 0 : -1;
    else if (atStart) at = matchesAt(lines, before, 0) ? 0 : -1;
    else if (atEnd) at = matchesAt(lines, before, endPosition) ? endPosition : -1;
    else at = findNearest(lines, before, expected);
    if (at < 0) return { ok: false, hunk: index, error: `hunk ${index + 1} (@@ -${rawOld},${hunk.oldLines} +${rawNew},${hunk.newLines} @@) does not apply` };
    lines = [...lines.slice(0, at), ...after, ...lines.slice(at + before.length)];
  }
  return { ok: true, content: lines.join("") };
}
