/**
 * The tree-sitter side of the syntax check: parses a file with its tree-sitter-wasms grammar (loaded by
 * src/locate/tree-sitter-grammars.ts, the one place grammars are loaded) and reads off its syntax problems
 * and, for Python, JavaScript and TypeScript, the facts static checks need. Rules live in pure modules.
 */
import { Query, type Edit, type Language, type Node, type Parser, type Tree } from "web-tree-sitter";
import { parserFor, wasmGrammarOf, type WasmGrammar } from "../locate/tree-sitter-grammars.js";
import { pythonBlockProblems, type PythonBlock } from "./python-blocks.js";
import type { CallSite, CodeFacts, RelativeImport, SourceParser, SyntaxProblem } from "./types.js";

/** Python's blocks, for its indentation rules; read on every parse. */
const PYTHON_BLOCKS = "(block) @block";

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

interface Loaded {
  parser: Parser;
  /** The facts query (Python's includes its blocks). */
  facts: Query | null;
  /** What every parse reads (Python's blocks), or null. */
  always: Query | null;
}

const DETAIL_CHARS = 40;

function detailOf(node: Node): string {
  const text = node.text.split("\n")[0]?.trim() ?? "";
  return text.length > DETAIL_CHARS ? `${text.slice(0, DETAIL_CHARS)}…` : text;
}

/** The outermost error runs and the missing tokens, visiting only subtrees that hold one. */
function problemsOf(root: Node): SyntaxProblem[] {
  const out: SyntaxProblem[] = [];
  const visit = (node: Node): void => {
    if (node.isMissing) {
      out.push({ kind: "missing", line: node.startPosition.row, column: node.startPosition.column, endLine: node.startPosition.row, detail: node.type });
      return;
    }
    if (node.isError) {
      out.push({ kind: "error", line: node.startPosition.row, column: node.startPosition.column, endLine: node.endPosition.row, detail: detailOf(node) });
      return;
    }
    if (!node.hasError) return;
    for (const child of node.children) if (child !== null) visit(child);
  };
  if (root.hasError || root.isMissing) visit(root);
  return out;
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

function factsOf(grammar: WasmGrammar, query: Query, root: Node, bom: boolean): { facts: CodeFacts; indent: SyntaxProblem[] } {
  const calls: CallSite[] = [];
  const callAt = new Set<number>();
  const named: Node[] = [];
  const relativeImports: RelativeImport[] = [];
  const blocks: PythonBlock[] = [];
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
    }
  }
  const names = new Set<string>();
  for (const node of named) if (!callAt.has(node.startIndex)) names.add(node.text);
  let indent: SyntaxProblem[] = [];
  if (grammar === "python") {
    const module = statementsOf(root).filter((s) => !(bom && s.line === 0));
    indent = pythonBlockProblems(blocks, module);
  }
  return { facts: { calls, names, relativeImports, starImport }, indent };
}

const JS_GRAMMARS: ReadonlySet<WasmGrammar> = new Set(["javascript", "typescript", "tsx"]);

/**
 * Grammars the syntax check does not use, measured on real files: bash's wasm throws on most scripts (its
 * scanner needs a function this web-tree-sitter does not give it), lua's misreads `~=`, C's and C++'s
 * report errors in most files that use the preprocessor, and HTML's (with Vue's and ERB's, which embed it)
 * in most real pages.
 */
const UNRELIABLE: ReadonlySet<WasmGrammar> = new Set(["bash", "lua", "c", "cpp", "html", "vue", "embedded_template"]);

/**
 * The text as the grammar should see it. tree-sitter's JavaScript grammars read `<!--` as the start of an
 * HTML-like comment (a legacy of scripts in web pages) even inside a regular expression or a module, where
 * it is text: it is masked, same length, so positions hold.
 */
function parsable(grammar: WasmGrammar, text: string): string {
  return JS_GRAMMARS.has(grammar) && text.includes("<!--") ? text.replaceAll("<!--", "<!-_") : text;
}

/** Parses with tree-sitter; grammars load on first use. Returns null for a path with no grammar. */
function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/** The one span where two texts differ: their common start and end left out. */
function editBetween(before: string, after: string): Edit {
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < shorter - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return {
    startIndex: start,
    oldEndIndex: before.length - end,
    newEndIndex: after.length - end,
    startPosition: pointAt(before, start),
    oldEndPosition: pointAt(before, before.length - end),
    newEndPosition: pointAt(after, after.length - end),
  };
}

/**
 * Parses with tree-sitter; grammars load on first use. Returns null for a path with no grammar. The last
 * tree is kept (one, whatever the path): the next text of the same path, an edit's new text after its old
 * one, is parsed incrementally from it, reusing what the edit did not touch.
 */
export function createTreeSitterParser(): SourceParser {
  const loaded = new Map<WasmGrammar, Promise<Loaded>>();
  let last: { path: string; text: string; tree: Tree } | null = null;
  const load = (grammar: WasmGrammar): Promise<Loaded> => {
    let entry = loaded.get(grammar);
    if (entry === undefined) {
      entry = parserFor(grammar).then((parser) => {
        const language = parser.language as Language;
        const source = FACT_QUERIES[grammar];
        return {
          parser,
          facts: source === undefined ? null : new Query(language, source),
          always: grammar === "python" ? new Query(language, PYTHON_BLOCKS) : null,
        };
      });
      loaded.set(grammar, entry);
    }
    return entry;
  };
  const parseTree = (parser: Parser, path: string, text: string): Tree | null => {
    const previous = last !== null && last.path === path ? last : null;
    if (previous !== null) previous.tree.edit(editBetween(previous.text, text));
    const tree = parser.parse(text, previous?.tree ?? null);
    last?.tree.delete();
    last = tree === null ? null : { path, text, tree };
    return tree;
  };
  return {
    async parse(path, text, options = {}) {
      const grammar = wasmGrammarOf(path);
      if (grammar === undefined || UNRELIABLE.has(grammar)) return null;
      const { parser, facts: factQuery, always } = await load(grammar);
      const query = options.facts === true ? factQuery : always;
      const tree = parseTree(parser, path, parsable(grammar, text));
      if (tree === null) return null;
      const problems = problemsOf(tree.rootNode);
      if (query === null) return { language: grammar, problems, complete: true, facts: null };
      const { facts, indent } = factsOf(grammar, query, tree.rootNode, text.startsWith("\uFEFF"));
      return { language: grammar, problems: [...problems, ...indent], complete: true, facts: query === factQuery ? facts : null };
    },
  };
}
