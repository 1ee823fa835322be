import { performance } from "node:perf_hooks";
import { z } from "zod";
import { classifyBytes } from "../agent/repo-view.js";
import { applyEdits } from "../edit/apply.js";
import { diffToEdits } from "../edit/diff-to-edits.js";
import { parseUnifiedDiff } from "../edit/parse-diff.js";
import { parseEdits } from "../edit/parse.js";
import { renderEdits } from "../edit/render-edits.js";
import type { FileState } from "../edit/types.js";
import type { GitRepository } from "../git/git-repository.js";
import { FILE_MODE } from "../git/workspace.js";
import { nativeGitApply } from "./bench-replay-native.js";

/** One benchmark instance (a line of the SWE-bench JSONL); other fields are ignored. */
export const ReplayTask = z.object({
  instance_id: z.string().min(1),
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  base_commit: z.string().regex(/^[0-9a-f]{40}$/),
  patch: z.string().min(1),
});
export type ReplayTask = z.infer<typeof ReplayTask>;

/**
 * The SWE-RL reward of an answer against the oracle (src/dataset's
 * `calculateSearchReplaceReward`), passed in so the replay can check that the gold patch,
 * written as SEARCH/REPLACE blocks, scores 1.0 against itself.
 */
export type OracleReward = (codeContext: Readonly<Record<string, string>>, oracleNewContent: Readonly<Record<string, string>>, output: string) => { reward: number };

export type ReplayOutcome =
  | ({ id: string; status: "identical"; edits: number; reward: number | null } & Timings)
  | ({ id: string; status: "different"; detail: string } & Timings)
  | { id: string; status: "error"; detail: string };

/** Milliseconds: diff to SEARCH/REPLACE text; parsing and applying that text; native git apply. */
export interface Timings {
  convertMs: number;
  applyMs: number;
  gitMs: number;
}

interface BaseFiles {
  states: Map<string, FileState>;
  texts: Map<string, string>;
}

async function readBase(repository: GitRepository, commit: string, paths: readonly string[]): Promise<BaseFiles> {
  const entries = new Map((await repository.listFiles(commit)).map((entry) => [entry.path, entry]));
  const states = new Map<string, FileState>();
  const texts = new Map<string, string>();
  for (const path of paths) {
    const entry = entries.get(path);
    let state: FileState;
    if (entry === undefined) state = { kind: "missing" };
    else if (entry.mode === FILE_MODE.symlink) state = { kind: "symlink" };
    else if (entry.mode === FILE_MODE.submodule) state = { kind: "submodule" };
    else state = classifyBytes(await repository.readBlob(entry.oid));
    states.set(path, state);
    if (state.kind === "text") texts.set(path, state.content);
  }
  return { states, texts };
}

function firstDifference(engine: ReadonlyMap<string, Buffer>, native: ReadonlyMap<string, Buffer>): string | null {
  for (const path of new Set([...engine.keys(), ...native.keys()])) {
    const a = engine.get(path);
    const b = native.get(path);
    if (a === undefined || b === undefined) return `${path}: ${a === undefined ? "missing from the engine's result" : "missing from git apply's result"}`;
    if (!a.equals(b)) {
      let at = 0;
      while (at < a.length && a[at] === b[at]) at++;
      return `${path}: differs from byte ${at} (engine ${a.length} bytes, git apply ${b.length} bytes)`;
    }
  }
  return null;
}

/**
 * Replays one gold patch: converts it to SEARCH/REPLACE edits, renders them as a model would
 * write them, parses and applies that text at the base commit, and compares the touched
 * files byte for byte with what native `git apply` makes of the patch. With `reward`, also
 * scores that SEARCH/REPLACE text against the oracle (git apply's files).
 */
export async function replayTask(
  task: ReplayTask,
  repository: GitRepository,
  gitDir: string,
  env: NodeJS.ProcessEnv,
  reward?: OracleReward,
): Promise<ReplayOutcome> {
  const id = task.instance_id;
  const diff = parseUnifiedDiff(task.patch);
  if (!diff.ok) return { id, status: "error", detail: `the patch does not parse: ${diff.error}` };
  const paths = [...new Set(diff.files.flatMap((f) => [f.oldPath, f.newPath]).filter((p): p is string => p !== null))];
  const base = await readBase(repository, task.base_commit, paths);

  const started = performance.now();
  const converted = diffToEdits(task.patch, base.texts);
  const text = converted.ok ? renderEdits(converted.edits, { language: "python" }) : null;
  const converting = performance.now();
  const answer = text === null ? null : parseEdits(text);
  const result = answer === null ? null : applyEdits(answer.edits, base.states, { isProtected: () => false });
  const applied = performance.now();

  const native = await nativeGitApply(gitDir, task.base_commit, task.patch, paths, env);
  if (!native.ok) return { id, status: "error", detail: native.error };
  const timings: Timings = { convertMs: converting - started, applyMs: applied - converting, gitMs: native.ms };
  if (!converted.ok) return { id, status: "different", detail: `conversion failed: ${converted.error}`, ...timings };
  if (answer === null || result === null) return { id, status: "different", detail: "no edits", ...timings };
  if (answer.errors.length > 0) return { id, status: "different", detail: `the rendered blocks do not parse: ${answer.errors[0]?.message}`, ...timings };
  const failed = result.outcomes.find((o) => o.status === "failed");
  if (failed !== undefined && failed.status === "failed") {
    return { id, status: "different", detail: `block ${failed.index + 1} failed: ${failed.failure.kind}`, ...timings };
  }

  const engineFiles = new Map<string, Buffer>();
  for (const path of paths) {
    const content = result.changes.has(path) ? result.changes.get(path) : base.texts.get(path);
    if (content !== null && content !== undefined) engineFiles.set(path, Buffer.from(content, "utf8"));
  }
  const difference = firstDifference(engineFiles, native.files);
  if (difference !== null) return { id, status: "different", detail: difference, ...timings };
  let score: number | null = null;
  if (reward !== undefined && text !== null) {
    const oracle = Object.fromEntries([...native.files].map(([path, bytes]) => [path, bytes.toString("utf8")]));
    score = reward(Object.fromEntries(base.texts), oracle, `<think>\nReplay of the gold patch.\n</think>\n<solution>\n${text}</solution>\n`).reward;
  }
  return { id, status: "identical", edits: answer.edits.length, reward: score, ...timings };
}
