import { runEditLoop } from "../agent/edit-loop.js";
import { protectedPathMatcher } from "../agent/protected-paths.js";
import { defaultRepoConfig } from "../config/repo-config.js";
import { EDIT_SYSTEM_PROMPT, renderSubtaskPrompt } from "../agent/prompts.js";
import { REPO_TOOLS } from "../agent/repo-tools.js";
import { RepoView } from "../agent/repo-view.js";
import type { Workspace } from "../git/workspace.js";
import { addUsage, zeroUsage, type ModelClient, type Usage } from "../llm/model-client.js";
import { costOf } from "../llm/pricing.js";
import { newFrameNonce } from "../shared/frame-nonce.js";
import type { Locate } from "./agent-locate.js";
import type { EvalRow } from "./eval-result.js";
import { codeContextOf, oracleNewContentOf, type MinedRecord } from "./mined-record.js";
import { calculateReward } from "./reward.js";
import { isTestFile } from "./test-files.js";

export interface AgentEvalSettings {
  model: ModelClient;
  locate: Locate;
  maxEditRounds: number;
  maxToolTurns: number;
  maxOutputTokens: number;
  /** The id that frames untrusted text in the prompt; a fresh one for each record when absent. */
  nonce?: string;
}

/** The task as the agent's issue: the first line is the title. */
export function issueOf(record: MinedRecord): { title: string; body: string; number: number } {
  const [title = "", ...rest] = record.task.split("\n");
  return { title: title.trim(), body: rest.join("\n").trim(), number: record.source.kind === "pull_request" ? record.source.number : record.source.kind === "outcome" ? record.source.issue : 0 };
}

/**
 * Runs the agent's locate and edit steps on a record at its base commit, in memory (nothing is
 * written to the repository), and scores the result: locate's recall of the changed files, and
 * SWE-RL's reward (`calculate_reward`) of the code files the agent wrote against the real change
 * (test files, the record's and the agent's, are left out of the score).
 */
export async function evalAgent(workspace: Workspace, record: MinedRecord, settings: AgentEvalSettings): Promise<EvalRow> {
  let tokens: Usage = zeroUsage;
  const priced = (): number | null => costOf(tokens, settings.model.model);
  const changed = record.changed_files.map((f) => f.path);
  let located: string[];
  try {
    const found = await settings.locate(workspace, record.base_sha, record.task);
    tokens = addUsage(tokens, found.usage);
    located = found.files;
  } catch (err) {
    return { id: record.id, locateHit: false, locateRecall: 0, reward: -1, applied: false, tokens, costUsd: priced(), error: `locate failed: ${err instanceof Error ? err.message : String(err)}` };
  }
  const found = changed.filter((p) => located.includes(p)).length;
  const recall = changed.length === 0 ? 1 : found / changed.length;
  const view = await RepoView.open(workspace, record.base_sha);
  const issue = issueOf(record);
  const prompt = renderSubtaskPrompt({
    issue: { repo: record.repo, number: issue.number, title: issue.title, body: issue.body, instructions: null },
    plan: [{ title: issue.title, goal: "Resolve the issue as described.", files: located }],
    k: 1,
    files: view.files.map((f) => f.path),
    maxListedFiles: 400,
    nonce: settings.nonce ?? newFrameNonce(),
  });
  let result: Awaited<ReturnType<typeof runEditLoop>>;
  try {
    result = await runEditLoop({
      model: settings.model,
      view,
      system: EDIT_SYSTEM_PROMPT,
      prompt,
      tools: REPO_TOOLS,
      maxToolTurns: settings.maxToolTurns,
      maxEditRounds: settings.maxEditRounds,
      maxOutputTokens: settings.maxOutputTokens,
      isProtected: protectedPathMatcher(defaultRepoConfig.protectedPaths),
      onUsage: (u) => {
        tokens = addUsage(tokens, u);
      },
    });
  } catch (err) {
    return { id: record.id, locateHit: recall === 1, locateRecall: recall, reward: -1, applied: false, tokens, costUsd: priced(), error: err instanceof Error ? err.message : String(err) };
  }
  if (result.kind === "failed") {
    return { id: record.id, locateHit: recall === 1, locateRecall: recall, reward: -1, applied: false, tokens, costUsd: priced(), error: result.reason.split("\n")[0] ?? result.reason };
  }
  // SWE-RL's code context: the originals of every file either side changed.
  const context = codeContextOf(record);
  const predicted = new Map<string, string>();
  for (const [path, content] of result.changes) {
    // The reward is on code: tests the agent wrote are its own business, as the record's are.
    if (isTestFile(path)) continue;
    predicted.set(path, content ?? "");
    if (!Object.hasOwn(context, path)) {
      const state = await view.state(path);
      if (state.kind === "text") context[path] = state.content;
    }
  }
  const { reward } = calculateReward(context, oracleNewContentOf(record), predicted);
  return { id: record.id, locateHit: recall === 1, locateRecall: recall, reward, applied: true, tokens, costUsd: priced(), error: null };
}
