/**
 * What static checks need of a file's tree, read with queries: bare-name calls, every other identifier,
 * relative imports, star imports, and what Python's own rules need (blocks, parameters, `from` imports).
 */
import { Query, type Language, type Node } from "web-tree-sitter";
import type { WasmGrammar } from "../locate/tree-sitter-grammars.js";
import { pythonBlockProblems, type PythonBlock } from "./python-blocks.js";
import { parameterProblems, trailingCommaProblem, type PythonParameter } from "./python-rules.js";
import type { CallSite, CodeFacts, RelativeImport, SyntaxProblem } from "./types.js";

/** What Python's own rules read (blocks, parameter lists, `from` imports); read on every parse. */
const PYTHON_BLOCKS = ["(block) @block", "(parameters) @params", "(lambda_parameters) @params", "(import_from_statement) @from"].join("\n");

const JS_FACTS = [
  "(call_expression function: (identifier) @call)",
  "(new_expression constructor: (identifier) @call)",
  "(identifier) @name",
  "(shorthand_property_identifier_pattern) @name",
  "(shorthand_property_identifier) @name",
  "(import_statement source: (string) @module)",
  "(export_statement source: (string) @module)",
  '((call_expression function: (identifier) @_require arguments: (arguments . (string) @module)) (#eq? @_require "require"))',
  "(call_expression function: (import) arguments: (arguments . (string) @module))",
].join("\n");

/** Grammars whose code facts are read (calls, names, relative imports), with the queries that find them. */
const FACT_QUERIES: Partial<Record<WasmGrammar, string>> = {
  python: [
    "(call function: (identifier) @call)",
    "(identifier) @name",
    "(import_from_statement module_name: (relative_import) @relative)",
    "(wildcard_import) @star",
    PYTHON_BLOCKS,
  ].join("\n"),
  javascript: JS_FACTS,
  typescript: JS_FACTS,
  tsx: JS_FACTS,
};

/** The queries a grammar needs: the facts (Python's include its blocks), and what every parse reads. */
export function factQueries(grammar: WasmGrammar, language: Language): { facts: Query | null; always: Query | null } {
  const source = FACT_QUERIES[grammar];
  return { facts: source === undefined ? null : new Query(language, source), always: grammar === "python" ? new Query(language, PYTHON_BLOCKS) : null };
}

function statementsOf(node: Node): PythonBlock["statements"] {
  const out: PythonBlock["statements"] = [];
  for (const child of node.namedChildren) {
    if (child === null || child.type === "comment" || child.isError) continue;
    out.push({ line: child.startPosition.row, column: child.startPosition.column });
  }
  return out;
}

function pythonBlock(block: Node): PythonBlock | null {
  const header = block.parent;
  if (header === null) return null;
  let colon = block.previousSibling;
  while (colon !== null && colon.type === "comment") colon = colon.previousSibling;
  return {
    headerLine: header.startPosition.row,
    headerColumn: header.startPosition.column,
    colonLine: colon?.endPosition.row ?? header.startPosition.row,
    statements: statementsOf(block),
  };
}

function unquote(text: string): string {
  return text.replace(/^["'`]|["'`]$/g, "");
}

function pythonImport(relative: Node): RelativeImport {
  const statement = relative.parent;
  const names: string[] = [];
  for (const child of statement?.childrenForFieldName("name") ?? []) {
    const name = child?.type === "aliased_import" ? child.childForFieldName("name") : child;
    if (name !== null && name !== undefined) names.push(name.text);
  }
  return { spec: relative.text.replace(/\s+/g, ""), names, line: relative.startPosition.row, column: relative.startPosition.column };
}

const PARAMETER_KINDS: Readonly<Record<string, PythonParameter["kind"]>> = {
  identifier: "plain",
  typed_parameter: "plain",
  default_parameter: "default",
  typed_default_parameter: "default",
  list_splat_pattern: "star",
  dictionary_splat_pattern: "star",
  keyword_separator: "star",
};

function parametersOf(list: Node): PythonParameter[] {
  const out: PythonParameter[] = [];
  for (const child of list.namedChildren) {
    if (child === null) continue;
    // `*args: int` is a typed parameter around a splat.
    const splat = child.type === "typed_parameter" && /^(list|dictionary)_splat_pattern$/.test(child.namedChild(0)?.type ?? "");
    const kind = splat ? "star" : PARAMETER_KINDS[child.type];
    if (kind !== undefined) out.push({ kind, line: child.startPosition.row, column: child.startPosition.column });
  }
  return out;
}

/** A comma right after an unparenthesised `from … import` (the grammar leaves it out of the statement). */
function trailingComma(statement: Node, source: string): SyntaxProblem | null {
  if (statement.text.includes("(")) return null;
  const after = /^[ \t]*,/.exec(source.slice(statement.endIndex, statement.endIndex + 80));
  if (after === null && !statement.text.trimEnd().endsWith(",")) return null;
  return trailingCommaProblem(statement.endPosition.row, statement.endPosition.column + (after?.[0].length ?? 0) - 1);
}

export function factsOf(grammar: WasmGrammar, query: Query, root: Node, source: string): { facts: CodeFacts; indent: SyntaxProblem[] } {
  const calls: CallSite[] = [];
  const callAt = new Set<number>();
  const named: Node[] = [];
  const relativeImports: RelativeImport[] = [];
  const blocks: PythonBlock[] = [];
  const parameterLists: PythonParameter[][] = [];
  const ruleProblems: SyntaxProblem[] = [];
  let starImport = false;
  for (const { name, node } of query.captures(root)) {
    switch (name) {
      case "call":
        calls.push({ name: node.text, line: node.startPosition.row, column: node.startPosition.column });
        callAt.add(node.startIndex);
        break;
      case "name":
        named.push(node);
        break;
      case "relative":
        relativeImports.push(pythonImport(node));
        break;
      case "module": {
        const spec = unquote(node.text);
        if (/^\.\.?(\/|$)/.test(spec)) relativeImports.push({ spec, names: [], line: node.startPosition.row, column: node.startPosition.column });
        break;
      }
      case "star":
        starImport = true;
        break;
      case "block": {
        const block = pythonBlock(node);
        if (block !== null) blocks.push(block);
        break;
      }
      case "params":
        parameterLists.push(parametersOf(node));
        break;
      case "from": {
        const comma = trailingComma(node, source);
        if (comma !== null) ruleProblems.push(comma);
        break;
      }
    }
  }
  const names = new Set<string>();
  for (const node of named) if (!callAt.has(node.startIndex)) names.add(node.text);
  let indent: SyntaxProblem[] = [];
  if (grammar === "python") {
    const bom = source.startsWith("\uFEFF");
    const module = statementsOf(root).filter((s) => !(bom && s.line === 0));
    indent = [...pythonBlockProblems(blocks, module), ...parameterProblems(parameterLists), ...ruleProblems];
  }
  return { facts: { calls, names, relativeImports, starImport }, indent };
}
