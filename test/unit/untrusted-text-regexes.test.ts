import { readFileSync } from "node:fs";
import { checkSync } from "recheck";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * Every regular expression that runs over untrusted text (issues, comments, reviews, CI logs, and
 * what locate reads of them) is proved to match in linear time by recheck's automaton analysis:
 * no input, however long, makes one backtrack. A new expression in these files is checked too.
 */

const FILES = [
  "src/agent/sanitize.ts",
  "src/agent/ci-fix.ts",
  "src/agent/revise.ts",
  "src/agent/prompts.ts",
  "src/shared/frame.ts",
  "src/shared/actions-log-line.ts",
  "src/github/command.ts",
  "src/github/visible-text.ts",
  "src/github/invisible-characters.ts",
  "src/github/html-tag.ts",
  "src/github/hidden-markup.ts",
  "src/github/markdown-regions.ts",
  "src/locate/locate-prompt.ts",
  "src/locate/issue-sections.ts",
  "src/locate/issue-identifiers.ts",
  "src/locate/path-mentions.ts",
  "src/locate/stack-trace.ts",
  "src/locate/trace-signal.ts",
  "src/locate/symbol-signal.ts",
  "src/locate/tokenize.ts",
  "src/locate/rank.ts",
];

interface Literal {
  where: string;
  source: string;
  flags: string;
}

function regexLiterals(file: string): Literal[] {
  const tree = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: Literal[] = [];
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const text = node.getText(tree);
      const slash = text.lastIndexOf("/");
      found.push({ where: `${file}:${tree.getLineAndCharacterOfPosition(node.getStart(tree)).line + 1}`, source: text.slice(1, slash), flags: text.slice(slash + 1) });
    }
    if (ts.isNewExpression(node) && node.expression.getText(tree) === "RegExp") found.push({ where: `${file}: new RegExp`, source: "(built at run time)", flags: "" });
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

describe("regular expressions over untrusted text", () => {
  it("are all linear", { timeout: 120_000 }, () => {
    const literals = FILES.flatMap(regexLiterals);
    expect(literals.length).toBeGreaterThan(30);
    const slow = literals.flatMap((l) => {
      if (l.source === "(built at run time)") return [`${l.where}: built at run time, so it cannot be checked`];
      const result = checkSync(l.source, l.flags, { checker: "automaton", timeout: 20_000 });
      return result.status === "safe" ? [] : [`${l.where}: /${l.source}/${l.flags} is ${result.status}${result.status === "vulnerable" ? ` (${result.complexity.type})` : ""}`];
    });
    expect(slow).toEqual([]);
  });
});
