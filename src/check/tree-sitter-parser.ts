/**
 * The tree-sitter side of the syntax check: parses a file with its tree-sitter-wasms grammar (loaded by
 * src/locate/tree-sitter-grammars.ts, the one place grammars are loaded) and reads off its syntax problems
 * and, for Python, JavaScript and TypeScript, the facts static checks need. Rules live in pure modules.
 */
import type { Edit, Language, Node, Parser, Query, Tree } from "web-tree-sitter";
import { parserFor, wasmGrammarOf, type WasmGrammar } from "../locate/tree-sitter-grammars.js";
import { factQueries, factsOf } from "./tree-sitter-facts.js";
import type { SourceParser, SyntaxProblem } from "./types.js";

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
      entry = parserFor(grammar).then((parser) => ({ parser, ...factQueries(grammar, parser.language as Language) }));
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
      const { facts, indent } = factsOf(grammar, query, tree.rootNode, text);
      return { language: grammar, problems: [...problems, ...indent], complete: true, facts: query === factQuery ? facts : null };
    },
  };
}
