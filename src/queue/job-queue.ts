import type { Job } from "./job.js";

/**
 * - `duplicate`: the delivery id was seen before (a redelivery).
 * - `coalesced`: the same request for the same issue is already queued or running (see `jobRunKey`).
 * - `closed`: the queue is shutting down.
 * - `full`: too many jobs are waiting, in all or for this repository (the in-process queue); the job is dropped and logged.
 */
export type EnqueueResult = { accepted: true } | { accepted: false; reason: "duplicate" | "coalesced" | "closed" | "full" };

/** Runs one job. What it returns is kept with the job where the queue can store it (BullMQ). */
export type JobHandler = (job: Job) => Promise<unknown>;

/** Where webhooks put work and workers take it. */
export interface JobQueue {
  enqueue(job: Job): Promise<EnqueueResult>;
  /** Resolves when no job is queued or running (tests, graceful shutdown). */
  drain(): Promise<void>;
  close(): Promise<void>;
  /** Why the queue cannot take jobs now (Redis unreachable), or null when it can; none: always can. */
  problem?(): Promise<string | null>;
}
