import type { Logger } from "../shared/logger.js";
import { jobIssueKey, jobRunKey, type Job } from "./job.js";
import type { EnqueueResult, JobHandler, JobQueue } from "./job-queue.js";

export interface InProcessQueueOptions {
  concurrency: number;
  handler: JobHandler;
  log: Logger;
  /** How many delivery ids to remember for de-duplication. */
  rememberDeliveries?: number;
  /** The most jobs waiting to run; more are dropped (and logged). */
  maxQueued?: number;
  /** The most jobs of one repository waiting to run, so one repository cannot fill the queue; default a tenth of `maxQueued`. */
  maxQueuedPerRepo?: number;
}

/** The default bound of the waiting list (STACKSMITH_MAX_QUEUED). */
const DEFAULT_MAX_QUEUED = 300;

function repoOf(job: Job): string {
  return `${job.repo.owner}/${job.repo.name}`;
}

/**
 * The default queue: jobs run in this process, at most `concurrency` at once, and
 * one at a time per issue. A redelivered webhook (same delivery id) is dropped, and so
 * is a job whose request (`jobRunKey`) is already queued or running. The waiting list is bounded,
 * in all and per repository: a job past either bound is dropped, with a warning in the log.
 */
export class InProcessQueue implements JobQueue {
  readonly #opts: Required<InProcessQueueOptions>;
  readonly #waiting: Job[] = [];
  /** Waiting jobs per repository. */
  readonly #waitingByRepo = new Map<string, number>();
  readonly #runningIssues = new Set<string>();
  /** Run keys of jobs queued or running. */
  readonly #pending = new Set<string>();
  readonly #seen = new Set<string>();
  #running = 0;
  #closed = false;
  #idle: Array<() => void> = [];

  constructor(options: InProcessQueueOptions) {
    const maxQueued = options.maxQueued ?? DEFAULT_MAX_QUEUED;
    this.#opts = { rememberDeliveries: 10_000, maxQueued, maxQueuedPerRepo: Math.max(1, Math.ceil(maxQueued / 10)), ...options };
  }

  async enqueue(job: Job): Promise<EnqueueResult> {
    if (this.#closed) return { accepted: false, reason: "closed" };
    if (this.#seen.has(job.id)) return { accepted: false, reason: "duplicate" };
    const runKey = jobRunKey(job);
    if (this.#pending.has(runKey)) {
      this.#remember(job.id);
      return { accepted: false, reason: "coalesced" };
    }
    const repo = repoOf(job);
    const forRepo = this.#waitingByRepo.get(repo) ?? 0;
    if (this.#waiting.length >= this.#opts.maxQueued || forRepo >= this.#opts.maxQueuedPerRepo) {
      // Not remembered: the same delivery, sent again when there is room, is taken.
      this.#opts.log.warn(
        { jobId: job.id, repo, issue: job.trigger.issue, trigger: job.trigger.kind, waiting: this.#waiting.length, waitingForRepo: forRepo },
        "job dropped: too many jobs waiting",
      );
      return { accepted: false, reason: "full" };
    }
    this.#remember(job.id);
    this.#pending.add(runKey);
    this.#waiting.push(job);
    this.#waitingByRepo.set(repo, forRepo + 1);
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
      const repo = repoOf(job);
      const left = (this.#waitingByRepo.get(repo) ?? 1) - 1;
      if (left > 0) this.#waitingByRepo.set(repo, left);
      else this.#waitingByRepo.delete(repo);
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
