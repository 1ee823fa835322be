import type { JobDeps } from "./agent/run-job.js";
import type { Env } from "./config/env.js";
import { BullMqQueue } from "./queue/bullmq-queue.js";
import type { JobQueue } from "./queue/job-queue.js";
import type { QueueSettings } from "./queue/queue-settings.js";
import { createInProcessQueue } from "./runtime.js";

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
    return new BullMqQueue(settings, probot.log);
  }
  return createInProcessQueue(probot, env, overrides);
}
