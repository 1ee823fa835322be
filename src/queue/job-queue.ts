import type { Job } from "./job.js";

export type EnqueueResult = { accepted: true } | { accepted: false; reason: "duplicate" | "closed" };

export type JobHandler = (job: Job) => Promise<void>;

/** Where webhooks put work and workers take it. */
export interface JobQueue {
  enqueue(job: Job): Promise<EnqueueResult>;
  /** Resolves when no job is queued or running (tests, graceful shutdown). */
  drain(): Promise<void>;
  close(): Promise<void>;
}
