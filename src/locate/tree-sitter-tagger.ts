/** The tree-sitter tagger: definitions, references and imports, with grammars from tree-sitter-grammars.ts. */
import { Query, type Node, type Parser } from "web-tree-sitter";
import { regexTags } from "./regex-tagger.js";
import { loadLanguage, parserFor } from "./tree-sitter-grammars.js";
import { GRAMMAR_OF_EXTENSION, SCOPE_TYPES, TAG_PATTERNS, TYPE_SCOPE_TYPES, type GrammarName } from "./tree-sitter-queries.js";
import type { Definition, FileTags, Tagger } from "./types.js";

interface LoadedGrammar {
  parser: Parser;
  query: Query;
  /** Patterns the grammar did not accept (kept for diagnostics and tests). */
  skipped: string[];
}

export interface TreeSitterTaggerOptions {
  /** Files larger than this are tagged by regexes instead (parsing cost grows with size). */
  maxParseBytes?: number;
  /** Languages to load; defaults to all with a grammar. */
  languages?: readonly GrammarName[];
}

export interface TreeSitterTagger extends Tagger {
  readonly languages: readonly GrammarName[];
  readonly skippedPatterns: Readonly<Record<string, readonly string[]>>;
}

/** Grammars are loaded once per process and shared by every tagger. */
const loaded = new Map<GrammarName, Promise<LoadedGrammar>>();

/** The grammars needed for these paths (so a Python repository does not load the Java grammar). */
export function grammarsFor(paths: Iterable<string>): GrammarName[] {
  const names = new Set<GrammarName>();
  for (const path of paths) {
    const grammar = GRAMMAR_OF_EXTENSION[/\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase() ?? ""];
    if (grammar !== undefined) names.add(grammar);
  }
  return [...names];
}

async function loadGrammar(name: GrammarName): Promise<LoadedGrammar> {
  const language = await loadLanguage(name);
  const parser = await parserFor(name);
  const accepted: string[] = [];
  const skipped: string[] = [];
  for (const pattern of TAG_PATTERNS[name]) {
    try {
      new Query(language, pattern).delete();
      accepted.push(pattern);
    } catch {
      skipped.push(pattern);
    }
  }
  return { parser, query: new Query(language, accepted.join("\n")), skipped };
}

/** Loads the grammars (wasm, from node_modules; no network) and returns a tagger using them. */
export async function createTreeSitterTagger(options: TreeSitterTaggerOptions = {}): Promise<TreeSitterTagger> {
  const names = options.languages ?? (["python", "javascript", "typescript", "tsx", "go", "rust", "java"] as const);
  const grammars = new Map<GrammarName, LoadedGrammar>();
  for (const name of names) {
    let grammar = loaded.get(name);
    if (grammar === undefined) {
      grammar = loadGrammar(name);
      loaded.set(name, grammar);
    }
    grammars.set(name, await grammar);
  }
  const maxParseBytes = options.maxParseBytes ?? 512 * 1024;
  const grammarOf = (path: string): LoadedGrammar | undefined => {
    const name = GRAMMAR_OF_EXTENSION[/\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase() ?? ""];
    return name === undefined ? undefined : grammars.get(name);
  };
  const skippedPatterns: Record<string, readonly string[]> = {};
  for (const [name, g] of grammars) skippedPatterns[name] = g.skipped;
  return {
    name: "tree-sitter",
    languages: [...grammars.keys()],
    skippedPatterns,
    handles: (path: string): boolean => grammarOf(path) !== undefined,
    tag(path: string, text: string): FileTags | null {
      const grammar = grammarOf(path);
      if (grammar === undefined) return null;
      if (text.length > maxParseBytes) return regexTags(path, text);
      const tree = grammar.parser.parse(text);
      if (tree === null) return regexTags(path, text);
      try {
        return collectTags(grammar.query, tree.rootNode, text);
      } finally {
        tree.delete();
      }
    },
  };
}

function collectTags(query: Query, root: Node, text: string): FileTags {
  const defs: Definition[] = [];
  const refs = new Set<string>();
  const imports: string[] = [];
  let fromModule: string | undefined;
  const lines = lineStarts(text);
  for (const { name, node } of query.captures(root)) {
    if (name.startsWith("def.")) {
      const def = definition(name.slice(4) as Definition["kind"], node, text, lines);
      defs.push(def);
      // `mod util;` (Rust) declares a module kept in another file: an import of it.
      if (def.kind === "module" && node.parent?.childForFieldName("body") === null) imports.push(`mod ${def.name}`);
    } else if (name === "ref") {
      refs.add(node.text);
    } else if (name === "import") {
      imports.push(unquote(node.text));
    } else if (name === "import.from") {
      fromModule = node.text;
      if (!/^\.+$/.test(fromModule)) imports.push(fromModule);
    } else if (name === "import.name" && fromModule !== undefined) {
      imports.push(fromModule.endsWith(".") ? `${fromModule}${node.text}` : `${fromModule}.${node.text}`);
    }
  }
  defs.sort((a, b) => a.line - b.line);
  return { defs, refs: [...refs], imports };
}

function definition(kind: Definition["kind"], nameNode: Node, text: string, lines: number[]): Definition {
  const declaration = nameNode.parent ?? nameNode;
  let depth = 0;
  let inType = false;
  for (let p = declaration.parent; p !== null; p = p.parent) {
    if (SCOPE_TYPES.has(p.type)) {
      depth++;
      if (depth === 1 && TYPE_SCOPE_TYPES.has(p.type)) inType = true;
    }
  }
  const row = declaration.startPosition.row;
  const start = lines[row] ?? 0;
  const end = lines[row + 1] ?? text.length;
  const signature = text.slice(start, end).trim().slice(0, 200);
  return { name: nameNode.text, kind: kind === "function" && inType ? "method" : kind, line: nameNode.startPosition.row, signature, depth };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

function unquote(s: string): string {
  return s.replace(/^["'`]|["'`]$/g, "");
}
