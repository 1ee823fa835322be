import type { JobsOptions } from "bullmq";
import type { RedisQueueSettings } from "./queue-settings.js";

/** How long a delivery id is remembered, so a redelivery is dropped: GitHub redelivers for days. */
export const DELIVERY_MEMORY_S = 7 * 24 * 3600;

/** BullMQ job ids may not be integers nor contain ':'; a GitHub delivery id is a GUID and passes unchanged. */
export function bullJobId(deliveryId: string): string {
  const safe = deliveryId.replaceAll(":", "_");
  return /^\d+$/.test(safe) ? `delivery-${safe}` : safe;
}

/** Retries with exponential backoff; finished jobs are kept a while for inspection, then removed. */
export function defaultJobOptions(settings: RedisQueueSettings): JobsOptions {
  return {
    attempts: settings.attempts,
    backoff: { type: "exponential", delay: settings.retryDelayMs },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}
