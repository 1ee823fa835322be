import type { Logger } from "../shared/logger.js";
import { jobIssueKey, jobRunKey, type Job } from "./job.js";
import type { EnqueueResult, JobHandler, JobQueue } from "./job-queue.js";

export interface InProcessQueueOptions {
  concurrency: number;
  handler: JobHandler;
  log: Logger;
  /** How many delivery ids to remember for de-duplication. */
  rememberDeliveries?: number;
}

/**
 * The default queue: jobs run in this process, at most `concurrency` at once, and
 * one at a time per issue. A redelivered webhook (same delivery id) is dropped, and so
 * is a job whose request (`jobRunKey`) is already queued or running.
 */
export class InProcessQueue implements JobQueue {
  readonly #opts: Required<InProcessQueueOptions>;
  readonly #waiting: Job[] = [];
  readonly #runningIssues = new Set<string>();
  /** Run keys of jobs queued or running. */
  readonly #pending = new Set<string>();
  readonly #seen = new Set<string>();
  #running = 0;
  #closed = false;
  #idle: Array<() => void> = [];

  constructor(options: InProcessQueueOptions) {
    this.#opts = { rememberDeliveries: 10_000, ...options };
  }

  async enqueue(job: Job): Promise<EnqueueResult> {
    if (this.#closed) return { accepted: false, reason: "closed" };
    if (this.#seen.has(job.id)) return { accepted: false, reason: "duplicate" };
    this.#remember(job.id);
    const runKey = jobRunKey(job);
    if (this.#pending.has(runKey)) return { accepted: false, reason: "coalesced" };
    this.#pending.add(runKey);
    this.#waiting.push(job);
    queueMicrotask(() => this.#pump());
    return { accepted: true };
  }

  drain(): Promise<void> {
    if (this.#running === 0 && this.#waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.drain();
  }

  #remember(deliveryId: string): void {
    this.#seen.add(deliveryId);
    if (this.#seen.size > this.#opts.rememberDeliveries) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
  }

  #pump(): void {
    while (this.#running < this.#opts.concurrency) {
      const index = this.#waiting.findIndex((job) => !this.#runningIssues.has(jobIssueKey(job)));
      if (index < 0) break;
      const [job] = this.#waiting.splice(index, 1);
      if (job === undefined) break;
      this.#start(job);
    }
    if (this.#running === 0 && this.#waiting.length === 0) {
      const waiters = this.#idle;
      this.#idle = [];
      for (const resolve of waiters) resolve();
    }
  }

  #start(job: Job): void {
    const key = jobIssueKey(job);
    this.#running += 1;
    this.#runningIssues.add(key);
    this.#opts
      .handler(job)
      .catch((err: unknown) => this.#opts.log.error({ err, jobId: job.id }, "job handler threw"))
      .finally(() => {
        this.#running -= 1;
        this.#runningIssues.delete(key);
        this.#pending.delete(jobRunKey(job));
        this.#pump();
      });
  }
}
