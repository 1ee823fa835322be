import { priceTable, type Env } from "./config/env.js";
import { githubForJob } from "./github/installation.js";
import { runJob, type JobDeps } from "./agent/run-job.js";
import { jsonlOutcomeSink } from "./dataset/jsonl-outcome-sink.js";
import { cloneInMemory } from "./git/memory-clone.js";
import { AnthropicModelClient } from "./llm/anthropic-client.js";
import { MemoryReplyLimiter } from "./agent/reply-limiter.js";
import { MemoryUsageLedger } from "./agent/usage-ledger.js";
import type { JobQueue } from "./queue/job-queue.js";
import { BullMqQueue } from "./queue/bullmq-queue.js";
import { InProcessQueue } from "./queue/in-process-queue.js";
import type { QueueSettings } from "./queue/queue-settings.js";
import { systemClock } from "./shared/clock.js";
import { StacksmithError } from "./shared/errors.js";
import type { Logger } from "./shared/logger.js";
import type { GitHubClient } from "./github/github-client.js";
import type { Job } from "./queue/job.js";
import { redactingClient } from "./github/redacting-client.js";

export const BOT_AUTHOR = { name: "stacksmith[bot]", email: "stacksmith[bot]@users.noreply.github.com" };

/** The secrets this server holds, which no comment or pull request may ever show. */
export function serverSecrets(env: Env): string[] {
  return [env.ANTHROPIC_API_KEY, env.WEBHOOK_SECRET, env.PRIVATE_KEY].filter((s): s is string => s !== undefined && s !== "");
}

/** Every GitHub client a job gets writes through the redactor. */
export function redactedGitHub(github: (job: Job) => Promise<GitHubClient>, env: Env): (job: Job) => Promise<GitHubClient> {
  return async (job) => redactingClient(await github(job), serverSecrets(env));
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
    clone: cloneInMemory,
    model: (modelId) => {
      if (env.ANTHROPIC_API_KEY === undefined || env.ANTHROPIC_API_KEY === "") {
        throw new StacksmithError("MODEL_NOT_CONFIGURED", "the server has no ANTHROPIC_API_KEY set; the app's operator must configure one");
      }
      return new AnthropicModelClient({ apiKey: env.ANTHROPIC_API_KEY, model: modelId, ...(env.ANTHROPIC_BASE_URL ? { baseURL: env.ANTHROPIC_BASE_URL } : {}) });
    },
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
  const deps = createJobDeps(redactedGitHub(githubForJob(probot), env), env, probot.log, overrides);
  return new InProcessQueue({
    concurrency: env.STACKSMITH_CONCURRENCY,
    maxQueued: env.STACKSMITH_MAX_QUEUED,
    log: probot.log,
    handler: async (job) => {
      await runJob(job, deps);
    },
  });
}

/**
 * The server's queue: in process by default; with REDIS_URL the shared BullMQ queue, which
 * the server only fills and `stacksmith worker` processes empty.
 */
export function createQueue(
  probot: Parameters<typeof createInProcessQueue>[0],
  env: Env,
  settings: QueueSettings,
  overrides: Partial<JobDeps> = {},
): JobQueue {
  if (settings.kind === "redis") {
    probot.log.info({ queue: settings.name, prefix: settings.prefix }, "jobs go to the shared queue; run `stacksmith worker` to process them");
    return new BullMqQueue(settings);
  }
  return createInProcessQueue(probot, env, overrides);
}
