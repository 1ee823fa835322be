import { CONFIG_PATH } from "../agent/run-job.js";
import { withSettings } from "../config/repo-config.js";
import type { EvalRow } from "../dataset/eval/eval-result.js";
import { codeContextOf, oracleNewContentOf, type MinedRecord } from "../dataset/mine/mined-record.js";
import { calculateReward } from "../dataset/reward/reward.js";
import { isTestFile } from "../dataset/mine/test-files.js";
import type { GitRepository } from "../git/git-repository.js";
import { zeroUsage, type ModelClient } from "../llm/model-client.js";
import type { Logger } from "../shared/logger.js";
import { runLocal } from "./run-local.js";

export interface AgentEvalSettings {
  model: ModelClient;
  /** Settings over the repository's `.github/stacksmith.yml` at the record's base (maxEditRounds, modelLocateMinFiles…). */
  settings: Readonly<Record<string, unknown>>;
  /** Values no text the run writes may contain (the model's key). */
  secrets?: readonly string[];
  /** Where a run's unexpected errors are written. */
  log?: Logger;
}

/** The task as the agent's issue: the first line is the title; the number is the pull request's or issue's when the record has one. */
export function issueOf(record: MinedRecord): { title: string; body: string; number: number } {
  const [title = "", ...rest] = record.task.split("\n");
  const number = record.source.kind === "pull_request" ? record.source.number : record.source.kind === "outcome" ? record.source.issue : 1;
  return { title: title.trim(), body: rest.join("\n").trim(), number };
}

/** The repository's name as `owner/name` parts, from the record's `repo` (a slug, a URL or a path). */
function nameParts(repo: string): { owner: string; name: string } {
  const parts = repo.replace(/\.git$/, "").split(/[/:]/).filter((p) => p !== "");
  const clean = (s: string | undefined, fallback: string): string => (s ?? fallback).replace(/[^A-Za-z0-9._-]/g, "-").replace(/^[.-]+/, "") || fallback;
  return { owner: clean(parts.at(-2), "local").replace(/_/g, "-").replace(/-+$/, "") || "local", name: clean(parts.at(-1), "repo") };
}

/**
 * A record as an issue for the app's own pipeline (`runLocal`: locate, plan, the parts, the
 * budgets) at the record's base commit, with every write kept in memory (`repo` is opened as a
 * scratch repository), scored: locate's recall of the changed files, and SWE-RL's reward
 * (`calculate_reward`) of the code the stack's top part holds against the real change (test
 * files, the record's and the agent's, are left out of the score).
 */
export async function evalAgent(repo: GitRepository, record: MinedRecord, options: AgentEvalSettings): Promise<EvalRow> {
  const changed = record.changed_files.map((f) => f.path);
  if (!(await repo.hasCommit(record.base_sha))) {
    return { id: record.id, locateHit: null, locateRecall: null, reward: -1, applied: false, tokens: zeroUsage, costUsd: null, error: `the record's base commit ${record.base_sha.slice(0, 12)} is not in the repository` };
  }
  const seen: { located: string[] | null } = { located: null };
  const configBytes = await repo.readFile(record.base_sha, CONFIG_PATH).catch(() => null);
  const { owner, name } = nameParts(record.repo);
  const issue = issueOf(record);
  const run = await runLocal({
    repo,
    head: record.base_sha,
    baseName: "HEAD",
    writeRefs: false,
    owner,
    name,
    issue,
    configText: withSettings(configBytes === null ? null : new TextDecoder().decode(configBytes), options.settings),
    model: options.model,
    author: { name: "Stacksmith", email: "stacksmith@users.noreply.github.com" },
    ...(options.secrets === undefined ? {} : { secrets: options.secrets }),
    ...(options.log === undefined ? {} : { log: options.log }),
    onLocated: (l) => {
      seen.located = [...l.edit, ...l.read.filter((p) => !l.edit.includes(p))];
    },
  });
  const tokens = run.progress.usage;
  const found = seen.located;
  const recall = found === null ? null : changed.length === 0 ? 1 : changed.filter((p) => found.includes(p)).length / changed.length;
  const base = { id: record.id, locateHit: recall === null ? null : recall === 1, locateRecall: recall, tokens, costUsd: run.costUsd };
  if (run.outcome.kind !== "done") {
    const reason = run.outcome.reason;
    return { ...base, reward: -1, applied: false, error: reason.split("\n")[0] ?? reason };
  }
  const top = [...run.progress.subtasks].reverse().find((s) => s.head !== null)?.head ?? null;
  if (top === null) return { ...base, reward: -1, applied: false, error: "the run opened no part" };
  // SWE-RL's code context: the originals of every file either side changed.
  const context = codeContextOf(record);
  const predicted = new Map<string, string>();
  const decoder = new TextDecoder();
  for (const change of await repo.diffCommits(record.base_sha, top)) {
    // The reward is on code: tests the agent wrote are its own business, as the record's are.
    if (isTestFile(change.path)) continue;
    const after = change.newOid === null ? null : await repo.readFile(top, change.path);
    predicted.set(change.path, after === null ? "" : decoder.decode(after));
    if (!Object.hasOwn(context, change.path)) {
      const before = await repo.readFile(record.base_sha, change.path);
      if (before !== null) context[change.path] = decoder.decode(before);
    }
  }
  const { reward } = calculateReward(context, oracleNewContentOf(record), predicted);
  return { ...base, reward, applied: true, error: null };
}
