import { checkFiles, type FileEdit } from "../check/check-files.js";
import { createDataFormatParser } from "../check/data-format-parser.js";
import { normaliseEdit } from "../check/normalise.js";
import { createTreeSitterParser } from "../check/tree-sitter-parser.js";
import type { Finding, SourceParser } from "../check/types.js";
import type { RepoView } from "./repo-view.js";

/** What the edit loop asks of the checks: the problems in the files its edits changed. */
export interface EditChecks {
  check(edits: readonly FileEdit[]): Promise<Finding[]>;
}

let parsers: readonly SourceParser[] | undefined;

/** The parsers, made once per process (tree-sitter grammars load on first use). */
function standardParsers(): readonly SourceParser[] {
  parsers ??= [createDataFormatParser(), createTreeSitterParser()];
  return parsers;
}

/** The checks every edit passes before it is pushed: syntax, conflict markers, placeholders, indentation. */
export function standardChecks(): EditChecks {
  return { check: (edits) => checkFiles(edits, { parsers: standardParsers() }) };
}

/** The changed files with their text before the edit (from the view) and after. */
export async function fileEdits(view: RepoView, changes: ReadonlyMap<string, string | null>): Promise<FileEdit[]> {
  const out: FileEdit[] = [];
  for (const [path, after] of changes) {
    const state = await view.state(path);
    out.push({ path, before: state.kind === "text" ? state.content : null, after });
  }
  return out;
}

/** The changes with each file's line endings, final newline and absence of trailing whitespace kept. */
export async function normaliseChanges(view: RepoView, changes: ReadonlyMap<string, string | null>): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  for (const edit of await fileEdits(view, changes)) {
    out.set(edit.path, edit.after === null ? null : normaliseEdit(edit.path, edit.before, edit.after).text);
  }
  return out;
}
