import type { Hunk, LineMap } from "../edit/line-map.js";
import type { Finding, ParsedFile, SyntaxProblem } from "./types.js";

/**
 * Where an old problem lands in the new text: on the line its unchanged line became, or anywhere in the
 * lines that replaced its changed line.
 */
type Landing = { kind: "line"; line: number; column: number } | { kind: "hunk"; hunk: Hunk };

function landing(problem: SyntaxProblem, map: LineMap): Landing | null {
  const line = map.newLineOf(problem.line);
  if (line !== null) return { kind: "line", line, column: problem.column };
  const hunk = map.hunkOfOld(problem.line);
  return hunk === null ? null : { kind: "hunk", hunk };
}

function sameKind(a: SyntaxProblem, b: SyntaxProblem): boolean {
  return a.kind === b.kind && (a.kind !== "missing" || a.detail === b.detail);
}

function lands(old: Landing, problem: SyntaxProblem): boolean {
  if (old.kind === "line") return old.line === problem.line && old.column === problem.column;
  // A problem in lines the edit rewrote stays the old one when it is still in what replaced them.
  return problem.line >= old.hunk.newStart && problem.line < Math.max(old.hunk.newEnd, old.hunk.newStart + 1);
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
