import { allBlank, dominantEol, joinLines, splitLines } from "./lines.js";
import { pathProblem } from "./path-safety.js";
import { replaceBlock } from "./replace-block.js";
import { containsLines, findSimilarLines } from "./similar-lines.js";
import { MAX_FILE_BYTES, type ApplyOptions, type ApplyResult, type Edit, type EditFailure, type EditOutcome, type FileState, type MatchStrategy } from "./types.js";

const encoder = new TextEncoder();

/** UTF-8 length, without encoding text that cannot reach the limit (at most 3 bytes per UTF-16 unit). */
function overLimit(content: string, limit: number): number | null {
  if (content.length * 3 <= limit) return null;
  const bytes = encoder.encode(content).byteLength;
  return bytes > limit ? bytes : null;
}

type Step = { ok: true; content: string | null; strategy: MatchStrategy } | { ok: false; failure: EditFailure };

/** Appends REPLACE to a file, after a line break when the file lacks a final one, in the file's line endings. */
function append(content: string, replace: string): string {
  const lines = splitLines(content);
  const eol = dominantEol(lines);
  const last = lines[lines.length - 1];
  if (last !== undefined && last.eol === "") last.eol = eol;
  const added = splitLines(replace).map((line) => (line.eol === "\n" && eol === "\r\n" ? { ...line, eol } : line));
  return joinLines([...lines, ...added]);
}

/** One edit against a path's current content (null: the path does not exist). */
function applyOne(edit: Edit, current: string | null): Step {
  if (edit.search === edit.replace && edit.search !== "") return { ok: false, failure: { kind: "identical" } };
  if (current === null) {
    if (!allBlank(splitLines(edit.search))) return { ok: false, failure: { kind: "missing-file" } };
    return { ok: true, content: edit.replace, strategy: "new-file" };
  }
  if (edit.search === "") {
    if (edit.replace !== "") return { ok: true, content: append(current, edit.replace), strategy: "append" };
    if (current === "") return { ok: true, content: null, strategy: "delete-file" };
    return { ok: false, failure: { kind: "identical" } };
  }
  const result = replaceBlock(current, edit.search, edit.replace);
  switch (result.kind) {
    case "applied":
      if (result.content === "" && edit.replace === "") return { ok: true, content: null, strategy: "delete-file" };
      return { ok: true, content: result.content, strategy: result.strategy };
    case "ambiguous":
      return { ok: false, failure: { kind: "ambiguous", lines: result.lines } };
    case "no-match": {
      const closest = findSimilarLines(current, edit.search);
      return {
        ok: false,
        failure: { kind: "no-match", similar: closest?.text ?? null, closest, replaceAlreadyPresent: containsLines(current, edit.replace) },
      };
    }
  }
}

/**
 * Applies edits in order, each against the result of the previous ones; failures are values
 * and a failed edit changes nothing.
 *
 * Rules (the agent's own; SWE-RL's reward has its own parser and rules in src/dataset):
 * - Matching falls back like aider's: exact lines, then ignoring leading whitespace
 *   (REPLACE re-indented), then the same without a spurious leading blank line, then `...`
 *   elision. A SEARCH that matches in more than one place is refused as ambiguous, with
 *   its line numbers; nothing is ever replaced twice.
 * - An empty SEARCH creates the file when the path does not exist (a SEARCH of blank lines
 *   counts as empty there, as SWE-RL-style answers write it), and appends REPLACE to the
 *   end of an existing file.
 * - A file is deleted by a block whose SEARCH is the whole file and whose REPLACE is
 *   empty. (SEARCH and REPLACE both empty: creates an empty file at a missing path, deletes
 *   an existing empty file.) An edit never leaves an existing file empty.
 * - Refused before matching: paths outside the repository (absolute, `..`, `.git/`),
 *   protected paths, binary files, symlinks, submodules, files too large to edit, a path
 *   that is a directory or lies below a file, and a SEARCH identical to its REPLACE.
 * - Refused after matching: a result larger than the written-file limit (the same 1 MiB
 *   files are read with), so the limit holds for what is written, not only for what was there.
 */
export function applyEdits(edits: readonly Edit[], files: ReadonlyMap<string, FileState>, options: ApplyOptions): ApplyResult {
  const working = new Map<string, string | null>();
  const outcomes: EditOutcome[] = [];
  const currentOf = (path: string, state: FileState): string | null =>
    working.has(path) ? (working.get(path) ?? null) : state.kind === "text" ? state.content : null;

  edits.forEach((edit, index) => {
    const fail = (failure: EditFailure): void => void outcomes.push({ index, edit, status: "failed", failure });
    const problem = pathProblem(edit.path);
    if (problem !== null) return fail({ kind: "outside-repo", reason: problem });
    if (options.isProtected(edit.path)) return fail({ kind: "protected" });
    const state = files.get(edit.path) ?? { kind: "missing" };
    if (state.kind === "too-large") return fail({ kind: "unsupported-file", file: state.kind, bytes: state.bytes });
    if (state.kind === "directory") return fail({ kind: "path-taken", by: "directory" });
    if (state.kind === "under-file") return fail({ kind: "path-taken", by: { parent: state.parent } });
    if (state.kind !== "text" && state.kind !== "missing") return fail({ kind: "unsupported-file", file: state.kind });
    const step = applyOne(edit, currentOf(edit.path, state));
    if (!step.ok) return fail(step.failure);
    const limit = options.maxFileBytes ?? MAX_FILE_BYTES;
    const bytes = step.content === null ? null : overLimit(step.content, limit);
    if (bytes !== null) return fail({ kind: "too-large-result", bytes, limit });
    working.set(edit.path, step.content);
    outcomes.push({ index, edit, status: "applied", strategy: step.strategy });
  });

  const changes = new Map<string, string | null>();
  for (const [path, content] of working) {
    const state = files.get(path);
    const original = state?.kind === "text" ? state.content : null;
    if (content !== original) changes.set(path, content);
  }
  return { outcomes, changes };
}
