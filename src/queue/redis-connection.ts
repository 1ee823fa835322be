import { Redis } from "ioredis";
import type { Logger } from "../shared/logger.js";

export type RedisClient = Redis;

/** Redis's address for a log line, without credentials. */
export function redisAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "6379"}`;
  } catch {
    return "(an unparsable REDIS_URL)";
  }
}

/** Reconnection delay after the n-th failed attempt: 0.5 s, 1 s, … up to 10 s. */
const backoff = (times: number): number => Math.min(times * 500, 10_000);
const REMIND_EVERY_MS = 60_000;

/**
 * Says once that Redis is away, then at most once a minute while it stays away, and once when
 * it is back: a Redis that is down does not flood the log with a trace per reconnection.
 */
export function reportRedisOutages(client: { on(event: "error" | "ready", fn: (err?: Error) => void): unknown }, url: string, log?: Logger): void {
  let downSince: number | null = null;
  let told = 0;
  client.on("error", (err) => {
    if (log === undefined) return;
    const now = Date.now();
    if (downSince === null) {
      downSince = now;
      told = now;
      log.error(`cannot reach Redis at ${redisAddress(url)} (${err?.message ?? "error"}); retrying`);
    } else if (now - told >= REMIND_EVERY_MS) {
      told = now;
      log.warn(`still cannot reach Redis at ${redisAddress(url)} after ${Math.round((now - downSince) / 1000)} s (${err?.message ?? "error"}); retrying`);
    }
  });
  client.on("ready", () => {
    if (downSince !== null) log?.info(`Redis at ${redisAddress(url)} answers again`);
    downSince = null;
  });
}

/**
 * A Redis client for the queue. BullMQ's workers block on Redis and need
 * `maxRetriesPerRequest: null`; the producer gives up after one reconnection, so a
 * webhook is answered with an error (and GitHub can redeliver it) when Redis is away.
 */
export function connectRedis(url: string, use: "worker" | "producer", log?: Logger): RedisClient {
  const client = new Redis(url, { retryStrategy: backoff, ...(use === "worker" ? { maxRetriesPerRequest: null } : { maxRetriesPerRequest: 1 }) });
  reportRedisOutages(client, url, log);
  return client;
}

/**
 * ioredis options for a REDIS_URL, with this module's backoff: for clients others build from
 * options alone (Probot's request throttling), so they too retry at a bounded rate.
 */
export function redisOptions(url: string): Record<string, unknown> {
  const u = new URL(url);
  const db = Number(u.pathname.replace(/^\//, "") || "0");
  return {
    host: u.hostname,
    port: Number(u.port || "6379"),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(Number.isInteger(db) ? { db } : {}),
    ...(u.protocol === "rediss:" ? { tls: {} } : {}),
    retryStrategy: backoff,
  };
}

/**
 * Resolves once Redis answers, trying again with a growing delay (said once, then once a
 * minute); resolves false at once when `signal` aborts (a worker told to stop while it waits).
 */
export async function waitForRedis(url: string, log: Logger, signal: AbortSignal): Promise<boolean> {
  let failedAt: number | null = null;
  let told = 0;
  for (let attempt = 1; !signal.aborted; attempt++) {
    const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 5_000 });
    let cause: Error | undefined;
    client.on("error", (err: Error) => (cause = err));
    try {
      await client.connect();
      await client.ping();
      if (failedAt !== null) log.info(`Redis at ${redisAddress(url)} answers`);
      return true;
    } catch (err) {
      const now = Date.now();
      const why = cause?.message ?? (err instanceof Error ? err.message : String(err));
      if (failedAt === null) {
        failedAt = now;
        told = now;
        log.error(`cannot reach Redis at ${redisAddress(url)} (${why}); retrying until it answers`);
      } else if (now - told >= REMIND_EVERY_MS) {
        told = now;
        log.warn(`still cannot reach Redis at ${redisAddress(url)} after ${Math.round((now - failedAt) / 1000)} s (${why})`);
      }
    } finally {
      client.disconnect();
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, backoff(attempt));
      signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
  return false;
}
