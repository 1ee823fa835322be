import type { SyntaxProblem } from "./types.js";

/**
 * Two of Python's compile-time rules that tree-sitter's grammar does not enforce, on what the parser
 * read: a parameter without a default after one with a default, and a trailing comma in a `from … import`
 * without parentheses.
 */
export type ParameterKind = "plain" | "default" | "star";

export interface PythonParameter {
  kind: ParameterKind;
  line: number;
  column: number;
}

/** Each parameter list's problem: a plain parameter after a default one, before any `*`. */
export function parameterProblems(lists: ReadonlyArray<readonly PythonParameter[]>): SyntaxProblem[] {
  const out: SyntaxProblem[] = [];
  for (const list of lists) {
    let defaulted = false;
    for (const p of list) {
      if (p.kind === "star") break;
      if (p.kind === "default") defaulted = true;
      else if (defaulted) {
        out.push({ kind: "invalid", line: p.line, column: p.column, endLine: p.line, detail: "a parameter without a default follows a parameter with a default" });
        break;
      }
    }
  }
  return out;
}

/** A `from … import a, b,` whose names are not in parentheses, where it ends. */
export function trailingCommaProblem(line: number, column: number): SyntaxProblem {
  return { kind: "invalid", line, column, endLine: line, detail: "a trailing comma is not allowed without surrounding parentheses" };
}
