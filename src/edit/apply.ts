import type { ApplyOptions, ApplyResult, Edit, EditOutcome, FileState } from "./types.js";

function isOutsideRepo(path: string): boolean {
  return path.startsWith("/") || path.split("/").some((p) => p === ".." || p === "" || p === ".") || path === ".git" || path.startsWith(".git/");
}

/** Line numbers (1-based) where `search` starts at a line start in `content`. */
function findAll(content: string, search: string): number[] {
  const text = `\n${content}`;
  const needle = `\n${search}`;
  const lines: number[] = [];
  let at = text.indexOf(needle);
  while (at >= 0) {
    lines.push(text.slice(0, at + 1).split("\n").length - 1);
    at = text.indexOf(needle, at + 1);
  }
  return lines;
}

/** Applies edits in order, each against the result of the previous ones. Failures are values. */
export function applyEdits(edits: readonly Edit[], files: ReadonlyMap<string, FileState>, options: ApplyOptions): ApplyResult {
  const changes = new Map<string, string | null>();
  const outcomes: EditOutcome[] = [];
  edits.forEach((edit, index) => {
    const fail = (failure: Extract<EditOutcome, { status: "failed" }>["failure"]) => outcomes.push({ index, edit, status: "failed", failure });
    if (isOutsideRepo(edit.path)) return fail({ kind: "outside-repo" });
    if (options.isProtected(edit.path)) return fail({ kind: "protected" });
    if (edit.search === edit.replace) return fail({ kind: "identical" });
    const state = files.get(edit.path) ?? { kind: "missing" };
    const current = changes.has(edit.path) ? changes.get(edit.path) : state.kind === "text" ? state.content : undefined;
    if (state.kind !== "text" && state.kind !== "missing") return fail({ kind: "unsupported-file", file: state.kind });
    if (current === undefined || current === null) {
      if (edit.search !== "") return fail({ kind: "missing-file" });
      changes.set(edit.path, edit.replace.endsWith("\n") ? edit.replace : `${edit.replace}\n`);
      return outcomes.push({ index, edit, status: "applied", strategy: "new-file" });
    }
    const at = findAll(current, edit.search);
    if (at.length === 0) return fail({ kind: "no-match", similar: null });
    if (at.length > 1) return fail({ kind: "ambiguous", lines: at });
    const text = `\n${current}`;
    changes.set(edit.path, text.replace(`\n${edit.search}`, () => `\n${edit.replace}`).slice(1));
    return outcomes.push({ index, edit, status: "applied", strategy: "exact" });
  });
  return { outcomes, changes };
}
