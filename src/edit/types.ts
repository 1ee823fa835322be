/**
 * The edit engine's vocabulary. Everything in src/edit is pure: text in, values out.
 *
 * Text convention: `Edit.search` and `Edit.replace` are runs of whole lines, each line
 * ending in "\n" (so "" means no lines). `parseEdits` always produces this shape. A text
 * whose last line has no "\n" stands for a file's last line without a final newline; only
 * `diffToEdits` produces that, to replay such changes byte for byte.
 */

/** One SEARCH/REPLACE block. */
export interface Edit {
  path: string;
  search: string;
  replace: string;
}

export interface ParseError {
  /** 1-based line of the model's output where the problem is. */
  line: number;
  message: string;
}

export interface ParseResult {
  edits: Edit[];
  errors: ParseError[];
}

/** What the agent knows about a path before applying edits to it. */
export type FileState =
  | { kind: "text"; content: string }
  | { kind: "missing" }
  | { kind: "binary" }
  | { kind: "symlink" }
  | { kind: "submodule" }
  /** A Git LFS pointer: the real content is not in the repository. */
  | { kind: "lfs-pointer" }
  | { kind: "too-large"; bytes: number }
  /** A directory in the tree: a file cannot be written in its place. */
  | { kind: "directory" }
  /** Below a path that is a file, symlink or submodule: no directory can be made there. */
  | { kind: "under-file"; parent: string };

/** The most a file may hold to be shown to the model, edited or written, in bytes: one limit for reading and writing. */
export const MAX_FILE_BYTES = 1024 * 1024;

export interface ApplyOptions {
  /** Paths the model may not touch (workflows, agent-steering files, …). */
  isProtected: (path: string) => boolean;
  /** The most an edited or new file may hold, in UTF-8 bytes (default MAX_FILE_BYTES). */
  maxFileBytes?: number;
}

/**
 * How a block was applied. `exact`: the SEARCH lines as written; `whitespace`: after
 * ignoring leading whitespace (REPLACE re-indented); `leading-blank`: after dropping a
 * spurious leading blank line; `elision`: pieces around `...` lines; `new-file`, `append`,
 * `delete-file`: the empty-SEARCH and deletion rules.
 */
export type MatchStrategy = "exact" | "whitespace" | "leading-blank" | "elision" | "new-file" | "append" | "delete-file";

/** Why a path may not be edited at all. */
export type PathProblem = "absolute" | "parent" | "git-dir" | "invalid" | "deceptive";

/** The closest lines to a SEARCH that matched nowhere, to show as "did you mean". */
export interface SimilarLines {
  /** 1-based first line of the closest window. */
  startLine: number;
  /** 1-based last line of the closest window. */
  endLine: number;
  /** The window's lines with a few lines of context on each side, verbatim. */
  text: string;
  /** 1-based line where `text` starts. */
  textStartLine: number;
}

export type EditFailure =
  | {
      kind: "no-match";
      /** The closest window's text, or null when nothing is close (kept for simple callers). */
      similar: string | null;
      closest: SimilarLines | null;
      /** The REPLACE lines are already in the file: the block may have been applied before. */
      replaceAlreadyPresent: boolean;
    }
  | { kind: "ambiguous"; lines: number[] }
  | { kind: "outside-repo"; reason: PathProblem }
  | { kind: "protected" }
  | { kind: "unsupported-file"; file: Exclude<FileState["kind"], "text" | "missing" | "under-file" | "directory">; bytes?: number }
  | { kind: "path-taken"; by: "directory" | { parent: string } }
  /** The file would hold more than the limit after this edit. */
  | { kind: "too-large-result"; bytes: number; limit: number }
  | { kind: "identical" }
  | { kind: "missing-file" };

export type EditOutcome =
  | { index: number; edit: Edit; status: "applied"; strategy: MatchStrategy }
  | { index: number; edit: Edit; status: "failed"; failure: EditFailure };

export interface ApplyResult {
  outcomes: EditOutcome[];
  /** The new content of every changed file; null means the file is deleted. */
  changes: Map<string, string | null>;
}
