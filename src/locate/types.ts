/** Shared shapes of the locate step: files in, ranked files out. */

/** A text file of the repository at one commit. */
export interface SourceFile {
  path: string;
  text: string;
  /** The git blob oid of the text, when read from a commit (it keys the per-blob cache). */
  oid?: string;
  /** The text as read (UTF-8), when the reader still holds it: tokenising reads these instead of the text. */
  readonly bytes?: Uint8Array;
}

/** The signals the prefilter combines; each is measured alone by the benchmark. */
export const SIGNALS = ["bm25", "path", "trace", "symbol", "graph"] as const;
export type SignalName = (typeof SIGNALS)[number];
export type SignalScores = Record<SignalName, number>;

/**
 * What a file is for, as far as its path tells: fixes rarely live in tests or docs, and less often in
 * support files (configuration and data, or tooling code under `scripts/`, `examples/`, `.github/`…).
 */
export type FileRole = "source" | "test" | "doc" | "support";

export interface RankedFile {
  path: string;
  /** The combined score (higher is better). */
  score: number;
  /** Each signal's score in [0, 1] before weighting. */
  signals: SignalScores;
  role: FileRole;
}

/** A definition found in a file. */
export interface Definition {
  name: string;
  kind: "class" | "function" | "method" | "type" | "variable" | "module";
  /** 0-based line of the definition's name. */
  line: number;
  /** The definition's header line(s), trimmed, for the repo map. */
  signature: string;
  /** Nesting depth (0 for top level), for indenting the repo map. */
  depth: number;
}

/** What a tagger extracts from one file. */
export interface FileTags {
  defs: Definition[];
  /** Identifiers the file uses (calls, attributes, type names), deduplicated. */
  refs: string[];
  /** Module specifiers the file imports, as written (`..x.y`, `./foo`, `github.com/a/b`). */
  imports: string[];
}

/** Extracts tags from a file; returns null when it does not handle the file's language. */
export interface Tagger {
  readonly name: string;
  tag(path: string, text: string): FileTags | null;
  /** Whether `tag` handles the path's language (when false it returns null); unknown when absent. */
  handles?(path: string): boolean;
}
