import { conflictMarkerLines } from "../edit/three-way-merge.js";
import { renderUnifiedDiff } from "../edit/unified-diff.js";
import type { FileChange } from "../git/workspace.js";
import { standardChecks, type EditChecks } from "./edit-checks.js";
import { runEditLoop } from "./edit-loop.js";
import { EDIT_SYSTEM_PROMPT, renderConflictPrompt } from "./prompts.js";
import { protectedPathMatcher } from "./protected-paths.js";
import type { ConflictFile } from "./rebase.js";
import { REPO_TOOLS } from "./repo-tools.js";
import { writeProblem } from "./write-guard.js";
import { RepoView } from "./repo-view.js";
import type { RunContext } from "./run-context.js";

const MAX_OUTPUT_TOKENS = 16_000;

export type Resolution = { kind: "resolved"; changes: FileChange[]; summary: string } | { kind: "unresolved"; reason: string };

export interface ConflictTask {
  k: number;
  n: number;
  title: string;
  goal: string;
  /** The commit the part moves onto, and how a reader knows it. */
  onto: string;
  ontoName: string;
  /** The part's cleanly merged files, and the conflicted ones. */
  clean: readonly FileChange[];
  conflicts: readonly ConflictFile[];
}

const diffOf = (path: string, from: string, to: string) => renderUnifiedDiff(new Map([[path, from]]), new Map([[path, to]]));

/** The clean merge with the model's edits on top, one change per path. */
function merged(clean: readonly FileChange[], ...layers: ReadonlyArray<Map<string, string | null>>): FileChange[] {
  const changes = new Map<string, FileChange>(clean.map((c) => [c.path, c]));
  for (const layer of layers) for (const [path, content] of layer) changes.set(path, { path, content });
  return [...changes.values()];
}

/**
 * The checks the model's answer must pass: the standard ones (a syntax error, a leftover marker,
 * a placeholder the answer adds), each conflicted file judged against the new base's version of it
 * rather than the marked one, and none of the merge's own markers left in a file it edited.
 */
function conflictChecks(view: RepoView, conflicts: readonly ConflictFile[]): EditChecks {
  const byPath = new Map(conflicts.map((c) => [c.path, c]));
  const standard = standardChecks(view);
  return {
    check: async (edits) => {
      const found = await standard.check(edits.map((e) => ({ ...e, before: byPath.get(e.path)?.ours ?? e.before })));
      for (const e of edits) {
        if (!byPath.has(e.path) || e.after === null) continue;
        for (const line of conflictMarkerLines(e.after)) {
          found.push({ rule: "conflict-marker", severity: "error", path: e.path, line: line - 1, column: 0, message: "a conflict marker left in", detail: "replace the whole marked region with the resolved lines" });
        }
      }
      return found;
    },
  };
}

/** What is still wrong with a conflicted file once the model is done: markers left (it was not edited, or not all of it). */
function leftOver(file: ConflictFile, text: string | null): string | null {
  if (text === null) return `${file.path} was deleted; keep it and resolve its conflicts`;
  const markers = conflictMarkerLines(text);
  return markers.length === 0 ? null : `${file.path} still has conflict markers on line${markers.length === 1 ? "" : "s"} ${markers.slice(0, 10).join(", ")}`;
}

/**
 * Gives a merge conflict to the model as an edit task: the merged files with their markers on
 * the new base, what each side changed, and the edit tools over that tree. The answer counts
 * only when no marker is left and each file passes the edit checks against the new base's
 * version (edit-checks.ts); the edit loop tells the model what is wrong, within its rounds.
 */
export async function resolveConflicts(ctx: RunContext, task: ConflictTask): Promise<Resolution> {
  const ws = await ctx.workspace();
  const marked = new Map<string, string | null>(task.conflicts.map((c) => [c.path, c.marked]));
  // A scratch commit that is never pushed: the tree the model reads and edits.
  const scratch = await ws.commit({ parent: task.onto, changes: merged(task.clean, marked), message: "conflicts to resolve", author: ctx.deps.author, timestamp: ctx.timestamp });
  const view = await RepoView.open(ws, scratch);
  const isProtected = protectedPathMatcher(ctx.config.protectedPaths);
  const prompt = renderConflictPrompt({
    k: task.k,
    n: task.n,
    title: task.title,
    goal: task.goal,
    onto: task.ontoName,
    files: task.conflicts.map((c) => ({ path: c.path, marked: c.marked, baseChange: diffOf(c.path, c.base, c.ours), partChange: diffOf(c.path, c.base, c.theirs) })),
    nonce: ctx.frameNonce,
  });
  const result = await runEditLoop({
    model: ctx.model(),
    view,
    system: EDIT_SYSTEM_PROMPT,
    prompt,
    tools: REPO_TOOLS,
    maxToolTurns: ctx.config.maxToolTurns,
    maxEditRounds: ctx.config.maxEditRounds,
    maxOutputTokens: MAX_OUTPUT_TOKENS,
    isProtected,
    checks: conflictChecks(view, task.conflicts),
    nonce: ctx.frameNonce,
  });
  if (result.kind === "failed") return { kind: "unresolved", reason: result.reason };
  const edited = new Map<string, string | null>();
  for (const [path, content] of result.changes) edited.set(path, content === null ? null : ctx.redactor.text(content));
  const left = task.conflicts.map((c) => leftOver(c, edited.has(c.path) ? (edited.get(c.path) ?? null) : c.marked)).filter((p): p is string => p !== null);
  if (left.length > 0) return { kind: "unresolved", reason: left.join("; ") };
  const problem = writeProblem(view, [...edited].map(([path, content]) => ({ path, content })), { isProtected });
  if (problem !== null) return { kind: "unresolved", reason: problem };
  return { kind: "resolved", changes: merged(task.clean, marked, edited), summary: result.summary };
}
