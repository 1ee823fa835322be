/**
 * The vocabulary of the checks an edited file passes before it is pushed. Pure: the parsers are adapters
 * behind `SourceParser` (tree-sitter for code, JSON/YAML/TOML parsers for data files).
 *
 * Lines and columns are 0-based here; messages for people and models say them 1-based.
 */

/** A syntax problem a parser reports. */
export interface SyntaxProblem {
  /**
   * `error`: text the grammar could not place; `missing`: a token the parser had to assume (a `)`, a `:`);
   * `indent`: a Python block that is not indented as its header requires; `invalid`: a data-format parser's
   * own message.
   */
  kind: "error" | "missing" | "indent" | "invalid";
  line: number;
  column: number;
  /** The last line the problem covers (an unplaceable run can span lines). */
  endLine: number;
  /** `missing`: the token that is missing; `error`: the first text that could not be placed; otherwise what is wrong. */
  detail: string;
}

/** A bare name called as a function, where it is called. */
export interface CallSite {
  name: string;
  line: number;
  column: number;
}

/** An import of a module by a relative path: `from .x import y` (Python), `import "./x"` (JavaScript, TypeScript). */
export interface RelativeImport {
  /** As written: `.`, `..pkg.mod`, `./util`, `../lib/index.js`. */
  spec: string;
  /** Python's imported names (`from . import a, b`); empty for JavaScript. */
  names: string[];
  line: number;
  column: number;
}

/** What static checks need to know of a file's code (Python, JavaScript, TypeScript). */
export interface CodeFacts {
  /** Calls of bare names (`f(x)`, not `obj.f(x)`). */
  calls: CallSite[];
  /** Every identifier used other than as a called name: what the file binds, imports or mentions. */
  names: ReadonlySet<string>;
  relativeImports: RelativeImport[];
  /** `from m import *`: any name may come from elsewhere. */
  starImport: boolean;
}

/** What a parser makes of one file. */
export interface ParsedFile {
  /** The parser that read it: a tree-sitter grammar, `json`, `yaml`, `toml`. */
  language: string;
  problems: SyntaxProblem[];
  /**
   * Whether problems are all the parser's (tree-sitter recovers and reports each), or only the first one
   * (a data-format parser stops there).
   */
  complete: boolean;
  facts: CodeFacts | null;
}

/** Parses files; null when it has no parser for the path's language. */
export interface SourceParser {
  /** `facts`: also read the code facts (they cost a pass over every identifier). */
  parse(path: string, text: string, options?: { facts?: boolean }): Promise<ParsedFile | null>;
}

export type CheckRule = "syntax" | "conflict-marker" | "placeholder" | "mixed-indent" | "missing-import" | "unknown-call";

/** Something wrong the edit added to a file. Errors stop the push; warnings ask the model to confirm. */
export interface Finding {
  rule: CheckRule;
  severity: "error" | "warning";
  path: string;
  line: number;
  column: number;
  /** What is wrong, as a noun phrase: "a syntax error", "a leftover conflict marker". */
  message: string;
  /** The particulars, when there are any: "`)` is missing", "`frobnicate` is defined nowhere in the repository". */
  detail?: string;
  /** When the problem covers several lines, the last one. */
  endLine?: number;
}

/** A change to a file the checks also made, to keep its style (never a change of meaning in code). */
export type Normalisation = "line-endings" | "final-newline" | "trailing-whitespace";
