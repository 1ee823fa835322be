import type { FileChange } from "../git/workspace.js";
import { mergeTrees } from "./rebase.js";
import { resolveConflicts } from "./resolve-conflicts.js";
import type { RunContext } from "./run-context.js";

export type MoveOutcome =
  | { kind: "moved"; commit: string; resolved: { paths: string[]; summary: string } | null }
  | { kind: "conflict"; paths: string[]; reason: string };

export interface MoveRequest {
  /** Where the part's own changes start (the rebase's upstream), its head, and the commit it moves onto. */
  oldBase: string;
  head: string;
  onto: string;
  /** The branch `onto` is the head of, as a reader knows it. */
  ontoName: string;
  /** Merge `onto` into the branch (a merge commit on its head) instead of rebasing the branch onto it. */
  merge: boolean;
}

export function commitMessage(subtask: { title: string }, k: number, n: number, issue: number, note = ""): string {
  return `${subtask.title}\n\n${note === "" ? "" : `${note}\n\n`}${k === n ? "Fixes" : `Part ${k} of ${n} for`} #${issue}`;
}

/**
 * Moves part k's changes onto `onto` in memory: every file merged three ways, and the files
 * both sides changed in the same lines given to the model to resolve (resolve-conflicts.ts).
 * A rebase is one commit on `onto`; a merge is a commit on the branch's head with `onto` as its
 * second parent, so nothing on the branch is rewritten. Nothing is pushed here.
 */
export async function movePart(ctx: RunContext, k: number, move: MoveRequest): Promise<MoveOutcome> {
  const subtask = ctx.progress.state.subtasks[k - 1];
  if (subtask === undefined) throw new Error(`there is no part ${k}`);
  const n = ctx.progress.state.subtasks.length;
  const ws = await ctx.workspace();
  const tree = await mergeTrees(ws, { oldBase: move.oldBase, head: move.head, newBase: move.onto });
  const conflicted = [...tree.unmergeable, ...tree.conflicts.map((c) => c.path)].sort();
  if (tree.unmergeable.length > 0) {
    return { kind: "conflict", paths: conflicted, reason: `${tree.unmergeable.join(", ")} cannot be merged as text (a binary file, or one side deleted what the other changed)` };
  }
  let changes: FileChange[] = tree.changes;
  let resolved: { paths: string[]; summary: string } | null = null;
  if (tree.conflicts.length > 0) {
    const resolution = await resolveConflicts(ctx, {
      k,
      n,
      title: subtask.title,
      goal: subtask.goal,
      onto: move.onto,
      ontoName: `\`${move.ontoName}\``,
      clean: tree.changes,
      conflicts: tree.conflicts,
    });
    if (resolution.kind === "unresolved") return { kind: "conflict", paths: conflicted, reason: resolution.reason };
    changes = resolution.changes;
    resolved = { paths: conflicted, summary: resolution.summary };
  }
  const note = resolved === null ? "" : `Resolved conflicts with ${move.ontoName} in ${resolved.paths.join(", ")}.`;
  const message = move.merge ? `Merge ${move.ontoName} into ${subtask.branch}${note === "" ? "" : `\n\n${note}`}` : commitMessage(subtask, k, n, ctx.issue, note);
  const commit = await ws.commit({
    parent: move.merge ? move.head : move.onto,
    ...(move.merge ? { mergeParents: [move.onto] } : {}),
    treeFrom: move.onto,
    changes,
    message: ctx.redactor.text(message),
    author: ctx.deps.author,
    timestamp: ctx.timestamp,
  });
  return { kind: "moved", commit, resolved };
}
