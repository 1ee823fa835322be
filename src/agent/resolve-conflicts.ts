import { conflictMarkerLines } from "../edit/three-way-merge.js";
import { renderUnifiedDiff } from "../edit/unified-diff.js";
import type { FileChange } from "../git/workspace.js";
import { syntaxErrorLine } from "../locate/tree-sitter-tagger.js";
import { runEditLoop } from "./edit-loop.js";
import { EDIT_SYSTEM_PROMPT, renderConflictPrompt } from "./prompts.js";
import { protectedPathMatcher } from "./protected-paths.js";
import type { ConflictFile } from "./rebase.js";
import { REPO_TOOLS } from "./repo-tools.js";
import { RepoView } from "./repo-view.js";
import type { RunContext } from "./run-context.js";

const MAX_OUTPUT_TOKENS = 16_000;
/** Answers the model may give before a conflict is said to be unresolved. */
const ATTEMPTS = 2;

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

/** What is still wrong with a resolved file: markers left, or code that no longer parses where the new base's did. */
async function problemsOf(file: ConflictFile, text: string | null): Promise<string | null> {
  if (text === null) return `${file.path} was deleted; keep it and resolve its conflicts`;
  const markers = conflictMarkerLines(text);
  if (markers.length > 0) return `${file.path} still has conflict markers on line${markers.length === 1 ? "" : "s"} ${markers.slice(0, 10).join(", ")}`;
  const before = await syntaxErrorLine(file.path, file.ours);
  if (before !== 0) return null;
  const after = await syntaxErrorLine(file.path, text);
  return after !== null && after > 0 ? `${file.path} no longer parses (a syntax error near line ${after})` : null;
}

/**
 * Gives a merge conflict to the model as an edit task: the merged files with their markers on
 * the new base, what each side changed, and the edit tools over that tree. The answer counts
 * only when no marker is left and each file still parses where the new base's version did;
 * otherwise the model is told what is wrong, once more, and then it is unresolved.
 */
export async function resolveConflicts(ctx: RunContext, task: ConflictTask): Promise<Resolution> {
  const ws = await ctx.workspace();
  const current = new Map<string, string | null>(task.conflicts.map((c) => [c.path, c.marked]));
  const edited = new Map<string, string | null>();
  let feedback: string | null = null;
  let summary = "";
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    // A scratch commit that is never pushed: the tree the model reads and edits.
    const scratch = await ws.commit({
      parent: task.onto,
      changes: merged(task.clean, edited, current),
      message: "conflicts to resolve",
      author: ctx.deps.author,
      timestamp: ctx.timestamp,
    });
    const prompt = renderConflictPrompt({
      k: task.k,
      n: task.n,
      title: task.title,
      goal: task.goal,
      onto: task.ontoName,
      files: task.conflicts.map((c) => ({ path: c.path, marked: current.get(c.path) ?? c.marked, baseChange: diffOf(c.path, c.base, c.ours), partChange: diffOf(c.path, c.base, c.theirs) })),
      feedback,
      nonce: ctx.frameNonce,
    });
    const result = await runEditLoop({
      model: ctx.model(),
      view: await RepoView.open(ws, scratch),
      system: EDIT_SYSTEM_PROMPT,
      prompt,
      tools: REPO_TOOLS,
      maxToolTurns: ctx.config.maxToolTurns,
      maxEditRounds: ctx.config.maxEditRounds,
      maxOutputTokens: MAX_OUTPUT_TOKENS,
      isProtected: protectedPathMatcher(ctx.config.protectedPaths),
    });
    if (result.kind === "failed") return { kind: "unresolved", reason: result.reason };
    if (summary === "") summary = result.summary;
    for (const [path, content] of result.changes) {
      const text = content === null ? null : ctx.redactor.text(content);
      if (current.has(path)) current.set(path, text);
      else edited.set(path, text);
    }
    const problems = (await Promise.all(task.conflicts.map((c) => problemsOf(c, current.get(c.path) ?? null)))).filter((p): p is string => p !== null);
    if (problems.length === 0) return { kind: "resolved", changes: merged(task.clean, edited, current), summary };
    feedback = problems.join("; ");
  }
  return { kind: "unresolved", reason: feedback ?? "the model did not resolve it" };
}
