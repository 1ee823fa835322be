import type { SyntaxProblem } from "./types.js";

/**
 * A Python block as the parser saw it. tree-sitter's Python grammar accepts a header with no indented body
 * (`def f():` followed by a line at its own level) and statements of one block at different indents, which
 * Python refuses; these rules say what Python would.
 */
export interface PythonBlock {
  /** Where the compound statement (`def`, `if`, `else`, …) starts. */
  headerLine: number;
  headerColumn: number;
  /** The line of the header's `:`. */
  colonLine: number;
  /** Where each statement of the block starts, in order (comments left out). */
  statements: Array<{ line: number; column: number }>;
}

/** Statements that start a line of their own: not after a `;`, not on the header's line. */
function ownLines(statements: PythonBlock["statements"], after: number): PythonBlock["statements"] {
  const out: PythonBlock["statements"] = [];
  let lastLine = after;
  for (const s of statements) {
    if (s.line > lastLine) out.push(s);
    lastLine = Math.max(lastLine, s.line);
  }
  return out;
}

function problem(line: number, column: number, detail: string): SyntaxProblem {
  return { kind: "indent", line, column, endLine: line, detail };
}

/** Python's indentation errors in the blocks: an empty or unindented body, a statement off its block's indent. */
export function pythonBlockProblems(blocks: readonly PythonBlock[], module: PythonBlock["statements"]): SyntaxProblem[] {
  const out: SyntaxProblem[] = [];
  for (const block of blocks) {
    const first = block.statements[0];
    if (first === undefined) {
      out.push(problem(block.colonLine, block.headerColumn, `expected an indented block after the statement on line ${block.headerLine + 1}`));
      continue;
    }
    const lines = ownLines(block.statements, block.colonLine);
    const indent = lines[0];
    if (indent === undefined) continue;
    if (indent === first && indent.column <= block.headerColumn) {
      out.push(problem(indent.line, indent.column, `expected an indented block after the statement on line ${block.headerLine + 1}`));
      continue;
    }
    for (const s of lines.slice(1)) {
      if (s.column === indent.column) continue;
      out.push(problem(s.line, s.column, s.column > indent.column ? "unexpected indent" : "unindent does not match any outer indentation level"));
    }
  }
  for (const s of ownLines(module, -1)) if (s.column > 0) out.push(problem(s.line, s.column, "unexpected indent"));
  return out;
}
