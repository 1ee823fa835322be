import type { LineMap } from "../edit/line-map.js";
import type { Finding, ParsedFile, SyntaxProblem } from "./types.js";

/**
 * Where an old problem lands in the new text: the lines its span covers once mapped through the edit (a line
 * the edit rewrote maps to the lines that replaced it), and its exact place when its line is unchanged.
 */
interface Landing {
  from: number;
  to: number;
  at: { line: number; column: number } | null;
}

function newRange(line: number, map: LineMap): [number, number] | null {
  const mapped = map.newLineOf(line);
  if (mapped !== null) return [mapped, mapped];
  const hunk = map.hunkOfOld(line);
  return hunk === null ? null : [hunk.newStart, Math.max(hunk.newStart, hunk.newEnd - 1)];
}

function landing(problem: SyntaxProblem, map: LineMap): Landing | null {
  const start = newRange(problem.line, map);
  const end = newRange(problem.endLine, map) ?? start;
  if (start === null || end === null) return null;
  const line = map.newLineOf(problem.line);
  return { from: start[0], to: Math.max(start[1], end[1]), at: line === null ? null : { line, column: problem.column } };
}

function sameKind(a: SyntaxProblem, b: SyntaxProblem): boolean {
  return a.kind === b.kind && (a.kind !== "missing" || a.detail === b.detail);
}

/**
 * Whether an old problem still explains a new one. A run of unplaceable text moves as the parser
 * recovers differently around an edit, so it explains a new run it overlaps; other problems must be at
 * the same place, or in the lines that replaced the old one's line.
 */
function lands(old: Landing, problem: SyntaxProblem): boolean {
  if (problem.kind === "error") return problem.line <= old.to && problem.endLine >= old.from;
  if (old.at !== null) return old.at.line === problem.line && old.at.column === problem.column;
  return problem.line >= old.from && problem.line <= old.to;
}

/**
 * The problems of the new text that the old text did not have: each old problem excuses one new problem of
 * the same kind at the same place, mapped through the edit, so a file already broken elsewhere is not
 * blamed on the edit. A parser that reports only its first problem can tell nothing once the old text was
 * broken: then nothing is blamed.
 */
export function addedProblems(before: ParsedFile | null, after: ParsedFile, map: LineMap): SyntaxProblem[] {
  if (before === null || before.problems.length === 0) return after.problems;
  if (!before.complete || !after.complete) return [];
  const excuses = before.problems.map((p) => ({ problem: p, at: landing(p, map) }));
  const used = new Set<number>();
  return after.problems.filter((problem) => {
    const k = excuses.findIndex((e, i) => !used.has(i) && e.at !== null && sameKind(e.problem, problem) && lands(e.at, problem));
    if (k < 0) return true;
    used.add(k);
    return false;
  });
}

/** A syntax problem as a finding, placed on the first line the edit wrote when it starts before the edit. */
export function syntaxFinding(path: string, problem: SyntaxProblem, map: LineMap): Finding {
  let line = problem.line;
  let column = problem.column;
  const described = describeProblem(problem);
  let detail = described.detail;
  if (!map.isAdded(line)) {
    for (let l = line + 1; l <= problem.endLine; l++) {
      if (map.isAdded(l)) {
        detail = `${detail === undefined ? "" : `${detail}; `}the code stops parsing from line ${problem.line + 1}, column ${problem.column + 1} on`;
        line = l;
        column = 0;
        break;
      }
    }
  }
  const finding: Finding = { rule: "syntax", severity: "error", path, line, column, message: described.message };
  if (detail !== undefined) finding.detail = detail;
  if (problem.endLine > problem.line) finding.endLine = problem.endLine;
  return finding;
}

function quoted(text: string): string {
  const fence = text.includes("`") ? "``" : "`";
  return `${fence}${text}${fence}`;
}

export function describeProblem(problem: SyntaxProblem): { message: string; detail?: string } {
  switch (problem.kind) {
    case "missing":
      return { message: "a syntax error", detail: /^[A-Za-z_]/.test(problem.detail) ? `the parser expected ${problem.detail.replace(/_/g, " ")} here` : `${quoted(problem.detail)} is missing` };
    case "error":
      return problem.detail === "" ? { message: "a syntax error" } : { message: "a syntax error", detail: `the code stops parsing at ${quoted(problem.detail)}` };
    case "indent":
      return { message: "an indentation error", detail: problem.detail };
    case "invalid":
      return { message: "a syntax error", detail: problem.detail };
  }
}
