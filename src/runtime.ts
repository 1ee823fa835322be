import type { Env } from "./config/env.js";
import { githubForJob } from "./github/installation.js";
import { runJob, type JobDeps } from "./agent/run-job.js";
import { jsonlOutcomeSink } from "./dataset/jsonl-outcome-sink.js";
import { cloneInMemory } from "./git/memory-clone.js";
import { AnthropicModelClient } from "./llm/anthropic-client.js";
import type { JobQueue } from "./queue/job-queue.js";
import { InProcessQueue } from "./queue/in-process-queue.js";
import { systemClock } from "./shared/clock.js";
import { StacksmithError } from "./shared/errors.js";
import type { Logger } from "./shared/logger.js";
import type { GitHubClient } from "./github/github-client.js";
import type { Job } from "./queue/job.js";

export const BOT_AUTHOR = { name: "stacksmith[bot]", email: "stacksmith[bot]@users.noreply.github.com" };

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
    author: BOT_AUTHOR,
    clock: systemClock,
    log,
    ...(env.STACKSMITH_DATA_DIR === undefined ? {} : { outcomes: jsonlOutcomeSink(env.STACKSMITH_DATA_DIR) }),
    ...overrides,
  };
}

/** The in-process queue running jobs for a Probot app. */
export function createInProcessQueue(probot: { auth: Parameters<typeof githubForJob>[0]["auth"]; log: Logger }, env: Env, overrides: Partial<JobDeps> = {}): JobQueue {
  const deps = createJobDeps(githubForJob(probot), env, probot.log, overrides);
  return new InProcessQueue({
    concurrency: env.STACKSMITH_CONCURRENCY,
    log: probot.log,
    handler: async (job) => {
      await runJob(job, deps);
    },
  });
}
