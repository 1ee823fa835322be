import { describe, expect, it } from "vitest";
import { bullJobId } from "../../../src/queue/bullmq-job-options.js";
import { jobRunKey, type Job } from "../../../src/queue/job.js";
import { parseQueueSettings, redisKeys } from "../../../src/queue/queue-settings.js";

describe("queue settings", () => {
  it("runs jobs in process without REDIS_URL", () => {
    expect(parseQueueSettings({})).toEqual({ kind: "in-process" });
    expect(parseQueueSettings({ REDIS_URL: "" })).toEqual({ kind: "in-process" });
  });

  it("uses the shared queue with REDIS_URL, with defaults", () => {
    expect(parseQueueSettings({ REDIS_URL: "redis://127.0.0.1:6379" })).toEqual({
      kind: "redis",
      redisUrl: "redis://127.0.0.1:6379",
      name: "jobs",
      prefix: "stacksmith",
      lockMs: 60_000,
      stalledIntervalMs: 30_000,
      maxStalled: 1,
      attempts: 3,
      retryDelayMs: 30_000,
      busyDelayMs: 10_000,
    });
  });

  it("reads every setting and names the bad ones", () => {
    const settings = parseQueueSettings({
      REDIS_URL: "redis://redis:6379/2",
      STACKSMITH_QUEUE_NAME: "agent-runs",
      STACKSMITH_QUEUE_PREFIX: "prod",
      STACKSMITH_LOCK_MS: "5000",
      STACKSMITH_STALLED_INTERVAL_MS: "1000",
      STACKSMITH_MAX_STALLED: "2",
      STACKSMITH_JOB_ATTEMPTS: "5",
      STACKSMITH_RETRY_DELAY_MS: "100",
      STACKSMITH_BUSY_DELAY_MS: "200",
    });
    expect(settings).toMatchObject({ name: "agent-runs", prefix: "prod", lockMs: 5000, stalledIntervalMs: 1000, maxStalled: 2, attempts: 5, retryDelayMs: 100, busyDelayMs: 200 });
    expect(() => parseQueueSettings({ REDIS_URL: "not a url" })).toThrow(/REDIS_URL/);
    expect(() => parseQueueSettings({ REDIS_URL: "redis://r", STACKSMITH_LOCK_MS: "0" })).toThrow(/STACKSMITH_LOCK_MS: must be a positive integer/);
    expect(() => parseQueueSettings({ REDIS_URL: "redis://r", STACKSMITH_QUEUE_NAME: "a:b" })).toThrow(/STACKSMITH_QUEUE_NAME/);
  });

  it("keeps its own Redis keys under the queue's prefix and name", () => {
    const keys = redisKeys({ prefix: "p", name: "jobs" });
    expect(keys.delivery("72d3162e")).toBe("p:jobs:delivery:72d3162e");
    expect(keys.issueLock("o/r#1")).toBe("p:jobs:issue-lock:o/r#1");
  });

  it("uses the delivery id as the BullMQ job id when BullMQ allows it", () => {
    expect(bullJobId("72d3162e-cc78-11e3-81ab-4c9367dc0958")).toBe("72d3162e-cc78-11e3-81ab-4c9367dc0958");
    expect(bullJobId("12345")).toBe("delivery-12345");
    expect(bullJobId("a:b")).toBe("a_b");
  });
});

describe("jobRunKey", () => {
  const base = {
    id: "d",
    installationId: 1,
    repo: { owner: "o", name: "r", cloneUrl: "https://example.com/o/r.git", defaultBranch: "main", private: false, archived: false, sizeKb: 1 },
  };
  const actor = { login: "u", isBot: false };

  it("names the issue and the label, or the issue and the comment", () => {
    const labelled: Job = { ...base, trigger: { kind: "issue-label", issue: 4, label: "agent", actor } };
    const commanded: Job = { ...base, trigger: { kind: "issue-command", issue: 4, commentId: 99, command: "fix", instructions: "", actor } };
    expect(jobRunKey(labelled)).toBe("o/r#4:label:agent");
    expect(jobRunKey(commanded)).toBe("o/r#4:comment:99");
    expect(jobRunKey({ ...base, trigger: { kind: "pr-command", issue: 4, pr: 7, commentId: 100, command: "fix", instructions: "", actor } })).toBe("o/r#4:comment:100");
    expect(jobRunKey({ ...base, trigger: { kind: "pr-review", issue: 4, pr: 7, reviewId: 5, actor } })).toBe("o/r#4:review:5");
    expect(jobRunKey({ ...base, trigger: { kind: "pr-closed", issue: 4, pr: 7, merged: true, stack: null, actor } })).toBe("o/r#4:closed:7");
  });

  it("makes every failing check on the same head one request", () => {
    const failing = (headSha: string): Job => ({ ...base, trigger: { kind: "ci-failure", issue: 4, branch: "stacksmith/issue-4/1-x", headSha, actor } });
    expect(jobRunKey(failing("abc"))).toBe("o/r#4:ci:stacksmith/issue-4/1-x@abc");
    expect(jobRunKey(failing("abc"))).toBe(jobRunKey({ ...failing("abc"), id: "another-delivery" }));
    expect(jobRunKey(failing("def"))).not.toBe(jobRunKey(failing("abc")));
  });
});
