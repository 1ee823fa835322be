import { checkFiles, type CodeCheck, type FileEdit } from "../check/check-files.js";
import { createDataFormatParser } from "../check/data-format-parser.js";
import { normaliseEdit } from "../check/normalise.js";
import { missingImportCheck, unknownCallCheck, type WorkspaceFiles } from "../check/static-checks.js";
import { createTreeSitterParser } from "../check/tree-sitter-parser.js";
import type { Finding, SourceParser } from "../check/types.js";
import { namesDefinedIn } from "./defined-names.js";
import type { RepoView } from "./repo-view.js";

/** What the edit loop asks of the checks: the problems in the files its edits changed. */
export interface EditChecks {
  check(edits: readonly FileEdit[]): Promise<Finding[]>;
}

/** Which static checks run (the syntax and cheap checks always do). */
export interface StaticCheckSettings {
  /** A relative import the edit adds must name a file of the workspace (Python, JavaScript, TypeScript). */
  imports: boolean;
  /** Languages where a newly called name defined nowhere is a warning. */
  calls: ReadonlySet<"python" | "javascript">;
}

/** Measured on SWE-bench Lite dev's gold patches (`npm run bench:syntax`): see the README. */
export const STATIC_CHECKS: StaticCheckSettings = { imports: true, calls: new Set(["python"]) };

let parsers: readonly SourceParser[] | undefined;

/** The parsers, made once per process (tree-sitter grammars load on first use). */
function standardParsers(): readonly SourceParser[] {
  parsers ??= [createDataFormatParser(), createTreeSitterParser()];
  return parsers;
}

/** The workspace's files once the edits are in: the view's, with created files added and deleted ones gone. */
export function workspaceFiles(paths: Iterable<string>, edits: readonly FileEdit[]): WorkspaceFiles {
  const files = new Set(paths);
  for (const edit of edits) {
    if (edit.after === null) files.delete(edit.path);
    else files.add(edit.path);
  }
  const dirs = new Set<string>();
  for (const path of files) for (let i = path.indexOf("/"); i >= 0; i = path.indexOf("/", i + 1)) dirs.add(path.slice(0, i));
  return { has: (path) => files.has(path), hasDir: (dir) => dirs.has(dir) };
}

/** The names a repository defines, with those the edit's own files define. */
function definedWithEdits(repository: () => Promise<ReadonlySet<string>>, edits: readonly FileEdit[]): () => Promise<ReadonlySet<string>> {
  let names: Promise<ReadonlySet<string>> | undefined;
  return () => {
    names ??= (async () => {
      const edited = await namesDefinedIn(edits.flatMap((e) => (e.after === null ? [] : [{ path: e.path, text: e.after }])));
      return new Set([...(await repository()), ...edited]);
    })();
    return names;
  };
}

/** What the static checks need of the repository (a RepoView has it). */
export interface RepoFacts {
  readonly files: ReadonlyArray<{ path: string }>;
  definedNames(): Promise<ReadonlySet<string>>;
}

/**
 * The checks every edit passes before it is pushed: syntax, conflict markers, placeholders, indentation;
 * with the repository's facts, also the static checks `settings` turns on.
 */
export function standardChecks(view?: RepoFacts, settings: StaticCheckSettings = STATIC_CHECKS): EditChecks {
  return {
    check: async (edits) => {
      const codeChecks: CodeCheck[] = [];
      if (view !== undefined && settings.imports) codeChecks.push(missingImportCheck(workspaceFiles(view.files.map((f) => f.path), edits)));
      if (view !== undefined && settings.calls.size > 0) {
        codeChecks.push(unknownCallCheck({ definedNames: definedWithEdits(() => view.definedNames(), edits), languages: settings.calls }));
      }
      return checkFiles(edits, { parsers: standardParsers(), codeChecks });
    },
  };
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
