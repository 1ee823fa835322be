/** The edit engine's vocabulary. Everything in src/edit is pure: text in, values out. */

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
  | { kind: "too-large"; bytes: number };

export interface ApplyOptions {
  /** Paths the model may not touch (workflows, agent-steering files, …). */
  isProtected: (path: string) => boolean;
}

export type MatchStrategy = "exact" | "whitespace" | "leading-blank" | "elision" | "new-file" | "append" | "delete-file";

export type EditFailure =
  | { kind: "no-match"; similar: string | null }
  | { kind: "ambiguous"; lines: number[] }
  | { kind: "outside-repo" }
  | { kind: "protected" }
  | { kind: "unsupported-file"; file: Exclude<FileState["kind"], "text" | "missing"> }
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
