import { gitBaseUrl, priceTable, type Env } from "./config/env.js";
import { resolvePrivateKey } from "./github/private-key.js";
import { StateKey } from "./github/state-key.js";
import { githubForJob } from "./github/installation.js";
import { runJob, type JobDeps } from "./agent/run-job.js";
import { jsonlOutcomeSink } from "./dataset/outcomes/jsonl-outcome-sink.js";
import { cloneInMemory } from "./git/memory-clone.js";
import { packLimitsForRepoMb } from "./git/pack-limits.js";
import type { ModelClient } from "./llm/model-client.js";
import { createModelClient } from "./llm/provider.js";
import { MemoryReplyLimiter } from "./agent/reply-limiter.js";
import { MemoryUsageLedger } from "./agent/usage-ledger.js";
import type { JobQueue } from "./queue/job-queue.js";
import { InProcessQueue } from "./queue/in-process-queue.js";
import { systemClock } from "./shared/clock.js";
import { StacksmithError } from "./shared/errors.js";
import type { Logger } from "./shared/logger.js";
import type { AppIdentity, GitHubClient } from "./github/github-client.js";
import type { Job } from "./queue/job.js";

export const BOT_AUTHOR = { name: "stacksmith[bot]", email: "stacksmith[bot]@users.noreply.github.com" };

/**
 * The secrets this server holds, which no comment, pull request, commit or state may ever
 * show: the keys as given, the private key as read, and each line of the private key's body
 * (so a part of it is caught too).
 */
export function serverSecrets(env: Env): string[] {
  const privateKey = resolvePrivateKey(env);
  const keyLines = (privateKey ?? "").split(/\r?\n/).filter((line) => line.length >= 16 && !line.startsWith("-----"));
  return [env.ANTHROPIC_API_KEY, env.OPENAI_API_KEY, env.WEBHOOK_SECRET, env.PRIVATE_KEY, env.STACKSMITH_STATE_SECRET, privateKey, ...keyLines].filter(
    (s): s is string => s !== undefined && s !== null && s !== "",
  );
}

/**
 * The key for the app's hidden state: STACKSMITH_STATE_SECRET, else the app's private key
 * (every server and worker of the app has it), else, in Action mode, the model API key.
 */
export function stateKeyOf(env: Env): StateKey {
  const secret = env.STACKSMITH_STATE_SECRET ?? resolvePrivateKey(env) ?? (env.STACKSMITH_PROVIDER === "openai-compatible" ? env.OPENAI_API_KEY : env.ANTHROPIC_API_KEY);
  if (secret === undefined || secret === null || secret.length < 16) {
    throw new StacksmithError("MODEL_NOT_CONFIGURED", "set STACKSMITH_STATE_SECRET (16 characters or more): the app signs the state it keeps in its comments with it");
  }
  return new StateKey(secret);
}

/** Who the app is on GitHub: the GitHub App APP_ID names. */
export function appIdentity(env: Env): AppIdentity {
  if (env.APP_ID === undefined) throw new StacksmithError("INVALID_INPUT", "set APP_ID: the app tells its own comments from others' by it");
  return { kind: "app", appId: env.APP_ID };
}

/** The model client for a run, through the provider the operator chose. */
export function serverModel(env: Env, modelId: string): ModelClient {
  const timeoutMs = env.STACKSMITH_MODEL_TIMEOUT_MS;
  if (env.STACKSMITH_PROVIDER === "openai-compatible") {
    const baseUrl = env.OPENAI_BASE_URL ?? "";
    return createModelClient({ provider: "openai", model: modelId, baseUrl, timeoutMs, ...(env.OPENAI_API_KEY ? { apiKey: env.OPENAI_API_KEY } : {}) });
  }
  if (env.ANTHROPIC_API_KEY === undefined || env.ANTHROPIC_API_KEY === "") {
    throw new StacksmithError("MODEL_NOT_CONFIGURED", "the server has no ANTHROPIC_API_KEY set; the app's operator must configure one");
  }
  return createModelClient({ provider: "anthropic", model: modelId, apiKey: env.ANTHROPIC_API_KEY, timeoutMs, ...(env.ANTHROPIC_BASE_URL ? { baseUrl: env.ANTHROPIC_BASE_URL } : {}) });
}

/** Builds the adapters a job needs from the environment. Tests override single pieces. */
export function createJobDeps(
  github: (job: Job) => Promise<GitHubClient>,
  env: Env,
  log: Logger,
  overrides: Partial<JobDeps> = {},
): JobDeps {
  return {
    github,
    clone: (input) => cloneInMemory({ ...input, limits: packLimitsForRepoMb(env.STACKSMITH_MAX_REPO_MB) }),
    gitBaseUrl: gitBaseUrl(env),
    stateKey: stateKeyOf(env),
    secrets: serverSecrets(env),
    model: (modelId) => serverModel(env, modelId),
    defaultModel: env.STACKSMITH_MODEL,
    prices: priceTable(env),
    limits: {
      maxUsdPerRun: env.STACKSMITH_MAX_USD_PER_RUN,
      maxRunsPerRepoPerDay: env.STACKSMITH_MAX_RUNS_PER_REPO_PER_DAY,
      maxUsdPerRepoPerDay: env.STACKSMITH_MAX_USD_PER_REPO_PER_DAY,
      maxRepoMb: env.STACKSMITH_MAX_REPO_MB,
      maxFiles: env.STACKSMITH_MAX_FILES,
    },
    ledger: new MemoryUsageLedger(),
    replies: new MemoryReplyLimiter(overrides.clock ?? systemClock),
    author: BOT_AUTHOR,
    clock: systemClock,
    log,
    ...(env.STACKSMITH_DATA_DIR === undefined ? {} : { outcomes: jsonlOutcomeSink(env.STACKSMITH_DATA_DIR) }),
    ...overrides,
  };
}

/** The in-process queue running jobs for a Probot app. */
export function createInProcessQueue(probot: { auth: Parameters<typeof githubForJob>[0]["auth"]; log: Logger }, env: Env, overrides: Partial<JobDeps> = {}): JobQueue {
  const deps = createJobDeps(githubForJob(probot, appIdentity(env)), env, probot.log, overrides);
  return new InProcessQueue({
    concurrency: env.STACKSMITH_CONCURRENCY,
    maxQueued: env.STACKSMITH_MAX_QUEUED,
    log: probot.log,
    handler: async (job) => {
      await runJob(job, deps);
    },
  });
}
