import { hostname } from "node:os";
import { DelayedError, UnrecoverableError, Worker, type Job as BullJob } from "bullmq";
import type { Logger } from "../shared/logger.js";
import { Job, jobIssueKey } from "./job.js";
import type { JobHandler } from "./job-queue.js";
import { redisKeys, type RedisQueueSettings } from "./queue-settings.js";
import { connectRedis } from "./redis-connection.js";
import { RedisIssueLocks } from "./redis-issue-lock.js";

export interface BullMqWorkerOptions {
  settings: RedisQueueSettings;
  /** Jobs this process runs at once. */
  concurrency: number;
  handler: JobHandler;
  log: Logger;
  /** Stored on each job this worker runs (BullMQ's `processedBy`); host and pid by default. */
  name?: string;
}

export interface RunningWorker {
  /** Resolves once the worker is connected and taking jobs. */
  ready: Promise<void>;
  /** Stops taking jobs, waits for the running ones to finish, then disconnects. */
  close(): Promise<void>;
}

/**
 * Runs jobs from the shared queue.
 *
 * - BullMQ holds a lock on each running job (`lockDuration`), renewed while this
 *   process is alive. When a worker dies, every other worker's stalled-job check
 *   (`stalledInterval`) finds the expired lock and puts the job back (`maxStalledCount`).
 * - One run per issue across workers: the job takes its issue's Redis lock first; when
 *   another run holds it, the job is moved to the delayed set and tries again later.
 *   The issue lock has the same lifetime as the job lock, so a dead worker's issue
 *   frees up about when its job is recovered.
 * - A job that throws is retried with exponential backoff (`attempts`).
 */
function isConnectionError(err: Error): boolean {
  const code = (err as NodeJS.ErrnoException).code ?? "";
  return ["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EHOSTUNREACH", "EAI_AGAIN", "EPIPE"].includes(code) || /Connection is closed/.test(err.message);
}

export function startBullMqWorker(options: BullMqWorkerOptions): RunningWorker {
  const { settings, handler, log } = options;
  const redis = connectRedis(settings.redisUrl, "worker", log);
  const locks = new RedisIssueLocks({ redis, keyOf: redisKeys(settings).issueLock, ttlMs: settings.lockMs, log });

  const processor = async (bullJob: BullJob, token?: string): Promise<unknown> => {
    const parsed = Job.safeParse(bullJob.data);
    if (!parsed.success) throw new UnrecoverableError(`not a job: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`);
    const job = parsed.data;
    const lock = await locks.acquire(jobIssueKey(job));
    if (lock === null) {
      log.info({ jobId: job.id, issue: jobIssueKey(job) }, "issue busy, job delayed");
      await bullJob.moveToDelayed(Date.now() + settings.busyDelayMs, token);
      throw new DelayedError();
    }
    try {
      log.info({ jobId: job.id, issue: jobIssueKey(job), attempt: bullJob.attemptsMade + 1 }, "job started");
      return await handler(job);
    } finally {
      await lock.release();
    }
  };

  const worker = new Worker(settings.name, processor, {
    name: options.name ?? `${hostname()}:${process.pid}`,
    connection: redis,
    prefix: settings.prefix,
    concurrency: options.concurrency,
    lockDuration: settings.lockMs,
    stalledInterval: settings.stalledIntervalMs,
    maxStalledCount: settings.maxStalled,
    autorun: true,
  });
  // Connection errors are reported once per outage by the connection (redis-connection.ts).
  worker.on("error", (err) => {
    if (!isConnectionError(err)) log.error({ err }, "queue worker error");
  });
  worker.on("stalled", (jobId) => log.warn({ jobId }, "job stalled: its worker stopped; it will run again"));
  worker.on("failed", (bullJob, err) => log.warn({ jobId: bullJob?.id, err, attempts: bullJob?.attemptsMade }, "job attempt failed"));
  worker.on("completed", (bullJob) => log.info({ jobId: bullJob.id }, "job completed"));

  let closing: Promise<void> | undefined;
  return {
    ready: worker.waitUntilReady().then(() => undefined),
    close: () => {
      closing ??= (async () => {
        await worker.close();
        redis.disconnect();
      })();
      return closing;
    },
  };
}
