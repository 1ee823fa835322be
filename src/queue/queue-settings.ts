import { z } from "zod";
import { EnvError, positiveInt } from "../config/env.js";

const name = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === "" ? fallback : v))
    .pipe(z.string().regex(/^[A-Za-z0-9._-]+$/, "letters, digits, '.', '_' and '-' only"));

/** The queue's part of the environment. Without REDIS_URL jobs run in the server's own process. */
export const QueueEnv = z.object({
  REDIS_URL: z
    .string()
    .optional()
    .transform((v) => (v === "" ? undefined : v))
    .pipe(z.string().url().optional()),
  STACKSMITH_QUEUE_NAME: name("jobs"),
  STACKSMITH_QUEUE_PREFIX: name("stacksmith"),
  STACKSMITH_LOCK_MS: positiveInt(60_000),
  STACKSMITH_STALLED_INTERVAL_MS: positiveInt(30_000),
  STACKSMITH_MAX_STALLED: positiveInt(1),
  STACKSMITH_JOB_ATTEMPTS: positiveInt(3),
  STACKSMITH_RETRY_DELAY_MS: positiveInt(30_000),
  STACKSMITH_BUSY_DELAY_MS: positiveInt(10_000),
});
export type QueueEnv = z.infer<typeof QueueEnv>;

/** How the shared (BullMQ) queue behaves; every worker and the server must agree on name and prefix. */
export interface RedisQueueSettings {
  redisUrl: string;
  /** The BullMQ queue name. */
  name: string;
  /** The prefix of every Redis key the queue and its locks use. */
  prefix: string;
  /** How long a worker's claim on a job, and on its issue, lasts without renewal. */
  lockMs: number;
  /** How often each worker looks for jobs whose worker died. */
  stalledIntervalMs: number;
  /** Times a job may be recovered from a dead worker before it fails. */
  maxStalled: number;
  /** Runs of a job that throws, the first included. */
  attempts: number;
  /** First retry delay; doubled on each further retry. */
  retryDelayMs: number;
  /** Delay before a job retries when another job holds its issue. */
  busyDelayMs: number;
}

export type QueueSettings = { kind: "in-process" } | ({ kind: "redis" } & RedisQueueSettings);

export function parseQueueSettings(source: NodeJS.ProcessEnv): QueueSettings {
  const result = QueueEnv.safeParse(source);
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new EnvError(`invalid environment: ${detail}`);
  }
  const env = result.data;
  if (env.REDIS_URL === undefined) return { kind: "in-process" };
  return {
    kind: "redis",
    redisUrl: env.REDIS_URL,
    name: env.STACKSMITH_QUEUE_NAME,
    prefix: env.STACKSMITH_QUEUE_PREFIX,
    lockMs: env.STACKSMITH_LOCK_MS,
    stalledIntervalMs: env.STACKSMITH_STALLED_INTERVAL_MS,
    maxStalled: env.STACKSMITH_MAX_STALLED,
    attempts: env.STACKSMITH_JOB_ATTEMPTS,
    retryDelayMs: env.STACKSMITH_RETRY_DELAY_MS,
    busyDelayMs: env.STACKSMITH_BUSY_DELAY_MS,
  };
}

/** Redis keys of our own, beside BullMQ's `<prefix>:<name>:*`. */
export function redisKeys(settings: Pick<RedisQueueSettings, "prefix" | "name">) {
  const base = `${settings.prefix}:${settings.name}`;
  return {
    delivery: (deliveryId: string) => `${base}:delivery:${deliveryId}`,
    issueLock: (issueKey: string) => `${base}:issue-lock:${issueKey}`,
    usage: (day: string, repo: string) => `${base}:usage:${day}:${repo}`,
    reply: (key: string) => `${base}:reply:${key}`,
  };
}
