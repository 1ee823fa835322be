import { hostname } from "node:os";
import { createProbot } from "probot";
import { runJob } from "./agent/run-job.js";
import { parseEnv } from "./config/env.js";
import { useSyncSha1 } from "./git/sync-sha1.js";
import { githubForJob } from "./github/installation.js";
import { resolvePrivateKey } from "./github/private-key.js";
import { StacksmithOctokit } from "./github/octokit.js";
import { startBullMqWorker, type RunningWorker } from "./queue/bullmq-worker.js";
import { parseQueueSettings } from "./queue/queue-settings.js";
import { connectRedis, redisOptions, waitForRedis } from "./queue/redis-connection.js";
import { RedisReplyLimiter } from "./queue/redis-reply-limiter.js";
import { RedisUsageLedger } from "./queue/redis-usage-ledger.js";
import { appIdentity, createJobDeps } from "./runtime.js";
import { StacksmithError } from "./shared/errors.js";
import type { Logger } from "./shared/logger.js";

/**
 * The worker process (`stacksmith worker`): takes jobs from the shared queue and runs them.
 *  1. parse the environment: REDIS_URL and the queue settings, APP_ID and the private key; wait
 *     for Redis to answer (resolves null when `signal` stops the worker first)
 *  2. build Probot for installation tokens (GHE_HOST, and REDIS_URL for throttling shared by all processes)
 *  3. run each job through the agent, at most STACKSMITH_CONCURRENCY at once in this process; the
 *     daily per-repository limits and the replies to people without write access are kept in
 *     Redis, so they hold across workers
 */
export async function startWorker(source: NodeJS.ProcessEnv, log: Logger, signal: AbortSignal = new AbortController().signal): Promise<RunningWorker | null> {
  // 1. Environment.
  const env = parseEnv(source);
  const settings = parseQueueSettings(source);
  if (settings.kind !== "redis") {
    throw new StacksmithError("INVALID_INPUT", "the worker takes jobs from Redis: set REDIS_URL (the server's too)");
  }
  if (!source.APP_ID || !(source.PRIVATE_KEY || source.PRIVATE_KEY_PATH)) {
    throw new StacksmithError("INVALID_INPUT", "the worker asks GitHub for installation tokens: set APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH)");
  }
  resolvePrivateKey(env);
  appIdentity(env);
  await useSyncSha1();
  // Until Redis answers, say so once (then once a minute) rather than a trace per reconnection.
  if (!(await waitForRedis(settings.redisUrl, log, signal))) return null;

  // 2. GitHub.
  // Probot's request throttling shares Redis too, reconnecting with the queue's backoff.
  const probot = createProbot({ env: source, overrides: { Octokit: StacksmithOctokit, redisConfig: redisOptions(settings.redisUrl) } });

  // 3. Jobs, with the per-repository daily limits and the replies to strangers kept in Redis, across all workers.
  const redis = connectRedis(settings.redisUrl, "producer", log);
  const deps = createJobDeps(githubForJob(probot, appIdentity(env)), env, log, {
    ledger: new RedisUsageLedger(redis, settings),
    replies: new RedisReplyLimiter(redis, settings),
  });
  const name = `${hostname()}:${process.pid}`;
  const worker = startBullMqWorker({ settings, name, concurrency: env.STACKSMITH_CONCURRENCY, log, handler: (job) => runJob(job, deps) });
  await worker.ready;
  log.info({ worker: name, queue: settings.name, prefix: settings.prefix, concurrency: env.STACKSMITH_CONCURRENCY }, "worker ready");
  return {
    ready: worker.ready,
    close: async () => {
      await worker.close();
      redis.disconnect();
    },
  };
}
