import { Queue } from "bullmq";
import { jobRunKey, type Job } from "./job.js";
import type { EnqueueResult, JobQueue } from "./job-queue.js";
import { bullJobId, defaultJobOptions, DELIVERY_MEMORY_S } from "./bullmq-job-options.js";
import { redisKeys, type RedisQueueSettings } from "./queue-settings.js";
import { connectRedis, type RedisClient } from "./redis-connection.js";
import type { Logger } from "../shared/logger.js";

const DRAIN_POLL_MS = 100;

/**
 * The shared queue's producer side, used by the webhook server: it only enqueues;
 * `stacksmith worker` processes run the jobs.
 *
 * - A delivery id is remembered (SET NX with a TTL): a redelivery is dropped.
 * - The BullMQ job id is the delivery id, and BullMQ's deduplication id is the
 *   job's run key (issue + label, or issue + comment): while such a job is queued or
 *   running, another one is not added, and `add` returns the existing job's id.
 */
export class BullMqQueue implements JobQueue {
  readonly #redis: RedisClient;
  readonly #queue: Queue<Job>;
  readonly #keys: ReturnType<typeof redisKeys>;
  #closed = false;

  constructor(settings: RedisQueueSettings, log?: Logger) {
    this.#redis = connectRedis(settings.redisUrl, "producer", log);
    this.#keys = redisKeys(settings);
    this.#queue = new Queue<Job>(settings.name, {
      connection: this.#redis,
      prefix: settings.prefix,
      defaultJobOptions: defaultJobOptions(settings),
    });
    // The connection reports an outage once (redis-connection.ts); the queue's own echo of it is dropped.
    this.#queue.on("error", (err) => {
      if (!/ECONN|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|Connection is closed/.test(err.message)) log?.error({ err }, "queue error");
    });
  }

  async enqueue(job: Job): Promise<EnqueueResult> {
    if (this.#closed) return { accepted: false, reason: "closed" };
    const marker = this.#keys.delivery(job.id);
    const first = await this.#redis.set(marker, "1", "EX", DELIVERY_MEMORY_S, "NX");
    if (first !== "OK") return { accepted: false, reason: "duplicate" };
    const id = bullJobId(job.id);
    try {
      const added = await this.#queue.add("run", job, { jobId: id, deduplication: { id: jobRunKey(job) } });
      return added.id === id ? { accepted: true } : { accepted: false, reason: "coalesced" };
    } catch (err) {
      // Not queued: forget the delivery so that GitHub's redelivery is accepted.
      await this.#redis.del(marker).catch(() => undefined);
      throw err;
    }
  }

  async problem(): Promise<string | null> {
    try {
      await this.#redis.ping();
      return null;
    } catch (err) {
      return `the queue's Redis does not answer (${err instanceof Error ? err.message : String(err)})`;
    }
  }

  /** Resolves when no job is waiting, delayed or running in the shared queue. */
  async drain(): Promise<void> {
    for (;;) {
      const counts = await this.#queue.getJobCounts("waiting", "active", "delayed", "prioritized");
      if (Object.values(counts).every((n) => n === 0)) return;
      await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue.close();
    this.#redis.disconnect();
  }
}
