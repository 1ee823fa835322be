/**
 * The one place that loads web-tree-sitter and the wasm grammars of tree-sitter-wasms (from node_modules, no
 * network). Each grammar is loaded once per process and shared by the tagger and the syntax check.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Language, Parser } from "web-tree-sitter";

const require = createRequire(import.meta.url);

/**
 * The grammars of tree-sitter-wasms that load with this web-tree-sitter (elm's and ql's do not), by the file
 * extensions they parse. Ambiguous extensions are left out (`.h` is C, C++ or Objective-C; `.m` Objective-C or
 * MATLAB). JSON, YAML and TOML are checked by their own parsers instead.
 */
export const WASM_GRAMMAR_OF_EXTENSION = {
  py: "python",
  pyi: "python",
  js: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  jsx: "javascript",
  ts: "typescript",
  mts: "typescript",
  cts: "typescript",
  tsx: "tsx",
  go: "go",
  rs: "rust",
  java: "java",
  rb: "ruby",
  c: "c",
  cc: "cpp",
  cpp: "cpp",
  cxx: "cpp",
  hpp: "cpp",
  hh: "cpp",
  cs: "c_sharp",
  css: "css",
  sh: "bash",
  bash: "bash",
  php: "php",
  lua: "lua",
  kt: "kotlin",
  kts: "kotlin",
  scala: "scala",
  swift: "swift",
  dart: "dart",
  ex: "elixir",
  exs: "elixir",
  ml: "ocaml",
  sol: "solidity",
  zig: "zig",
  html: "html",
  htm: "html",
  vue: "vue",
  res: "rescript",
  el: "elisp",
  erb: "embedded_template",
} as const;

export type WasmGrammar = (typeof WASM_GRAMMAR_OF_EXTENSION)[keyof typeof WASM_GRAMMAR_OF_EXTENSION];

/** The lower-cased extension of a path ("" when it has none). */
export function extensionOf(path: string): string {
  return /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase() ?? "";
}

/** The grammar for a path, or undefined when tree-sitter-wasms has none for it. */
export function wasmGrammarOf(path: string): WasmGrammar | undefined {
  const ext = extensionOf(path);
  return Object.hasOwn(WASM_GRAMMAR_OF_EXTENSION, ext) ? WASM_GRAMMAR_OF_EXTENSION[ext as keyof typeof WASM_GRAMMAR_OF_EXTENSION] : undefined;
}

/**
 * A grammar's wasm file: beside this module when it is bundled (the Action's dist-action/ holds the
 * grammars it ships next to its one file, and no node_modules), else from the tree-sitter-wasms package.
 */
export function grammarFile(name: WasmGrammar): string {
  const file = `tree-sitter-${name}.wasm`;
  const beside = fileURLToPath(new URL(file, import.meta.url));
  return existsSync(beside) ? beside : require.resolve(`tree-sitter-wasms/out/${file}`);
}

let initialised: Promise<void> | undefined;
const languages = new Map<WasmGrammar, Promise<Language>>();

/** A grammar, loaded once per process. */
export async function loadLanguage(name: WasmGrammar): Promise<Language> {
  initialised ??= Parser.init();
  await initialised;
  let language = languages.get(name);
  if (language === undefined) {
    language = Language.load(grammarFile(name));
    languages.set(name, language);
  }
  return language;
}

/** A parser set to a grammar. Parsers are cheap; callers keep one per grammar. */
export async function parserFor(name: WasmGrammar): Promise<Parser> {
  const language = await loadLanguage(name);
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}
