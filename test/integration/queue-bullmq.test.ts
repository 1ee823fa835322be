import { Queue } from "bullmq";
import { afterEach, describe, expect, it } from "vitest";
import { BullMqQueue } from "../../src/queue/bullmq-queue.js";
import { startBullMqWorker, type RunningWorker } from "../../src/queue/bullmq-worker.js";
import type { Job, Trigger } from "../../src/queue/job.js";
import type { JobHandler } from "../../src/queue/job-queue.js";
import type { RedisQueueSettings } from "../../src/queue/queue-settings.js";
import { silentLogger } from "../../src/shared/logger.js";
import { deleteKeysUnder, eventually, hasRedis, keysUnder, testQueueSettings } from "../helpers/redis-test-queue.js";

const actor = { login: "octocat", isBot: false };
const label = (issue: number, name = "agent"): Trigger => ({ kind: "issue-label", issue, label: name, actor });
const command = (issue: number, commentId: number): Trigger => ({ kind: "issue-command", issue, commentId, command: "fix", instructions: "", actor });

function job(id: string, trigger: Trigger): Job {
  return {
    id,
    installationId: 1,
    repo: { owner: "o", name: "r", cloneUrl: "https://example.com/o/r.git", defaultBranch: "main", private: false, archived: false, sizeKb: 1 },
    trigger,
  };
}

function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

let settings: RedisQueueSettings;
const closers: Array<() => Promise<void>> = [];

function producer(): BullMqQueue {
  const queue = new BullMqQueue(settings);
  closers.push(() => queue.close());
  return queue;
}

function worker(handler: JobHandler, concurrency = 1): RunningWorker {
  const running = startBullMqWorker({ settings, concurrency, handler, log: silentLogger() });
  closers.push(() => running.close());
  return running;
}

function inspector(): Queue {
  const queue = new Queue(settings.name, { connection: { url: settings.redisUrl }, prefix: settings.prefix });
  closers.push(() => queue.close());
  return queue;
}

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await deleteKeysUnder(settings.prefix);
  expect(await keysUnder(settings.prefix)).toEqual([]);
});

describe.skipIf(!hasRedis)("the BullMQ queue on a real Redis", () => {
  it("drops redeliveries, coalesces a double label, and keeps other requests", async () => {
    settings = testQueueSettings();
    const queue = producer();
    expect(await queue.enqueue(job("d-1", label(1)))).toEqual({ accepted: true });
    expect(await queue.enqueue(job("d-1", label(1)))).toEqual({ accepted: false, reason: "duplicate" });
    expect(await queue.enqueue(job("d-2", label(1)))).toEqual({ accepted: false, reason: "coalesced" });
    expect(await queue.enqueue(job("d-2", label(1)))).toEqual({ accepted: false, reason: "duplicate" });
    expect(await queue.enqueue(job("d-3", label(1, "bug")))).toEqual({ accepted: true });
    expect(await queue.enqueue(job("d-4", command(1, 77)))).toEqual({ accepted: true });
    expect(await queue.enqueue(job("d-5", label(2)))).toEqual({ accepted: true });
    const waiting = await inspector().getWaiting();
    expect(waiting.map((j) => j.id).sort()).toEqual(["d-1", "d-3", "d-4", "d-5"]);
    expect(waiting.find((j) => j.id === "d-1")?.data).toEqual(job("d-1", label(1)));
  });

  it("accepts the same request again once the first run finished", async () => {
    settings = testQueueSettings();
    const queue = producer();
    const ran: string[] = [];
    worker(async (j) => void ran.push(j.id));
    await queue.enqueue(job("first", label(3)));
    await queue.drain();
    expect(await queue.enqueue(job("again", label(3)))).toEqual({ accepted: true });
    await queue.drain();
    expect(ran).toEqual(["first", "again"]);
  });

  it("runs one job per issue at a time across two workers; the other waits in the delayed set", async () => {
    settings = testQueueSettings();
    const queue = producer();
    const events: string[] = [];
    const gates = new Map([["by-label", gate()], ["by-command", gate()]]);
    const handler: JobHandler = async (j) => {
      events.push(`start ${j.id}`);
      await gates.get(j.id)?.opened;
      events.push(`end ${j.id}`);
    };
    await Promise.all([worker(handler).ready, worker(handler).ready]);
    await queue.enqueue(job("by-label", label(5)));
    await queue.enqueue(job("by-command", command(5, 9)));
    const inspect = inspector();

    // One job runs; the other found the issue taken and was delayed, not started.
    const [first, second] = await eventually("one job running and the other delayed", async () => {
      const states = await Promise.all(["by-label", "by-command"].map((id) => inspect.getJobState(id)));
      if (states.includes("active") && states.includes("delayed") && events.length === 1) {
        return states[0] === "active" ? ["by-label", "by-command"] : ["by-command", "by-label"];
      }
      return undefined;
    });
    expect(events).toEqual([`start ${first}`]);

    gates.get(first ?? "")?.open();
    await eventually("the second job to start", async () => (events.length === 3 ? true : undefined));
    gates.get(second ?? "")?.open();
    await queue.drain();
    expect(events).toEqual([`start ${first}`, `end ${first}`, `start ${second}`, `end ${second}`]);
  });

  it("runs different issues side by side", async () => {
    settings = testQueueSettings();
    const queue = producer();
    const started = new Set<string>();
    const hold = gate();
    await worker(async (j) => {
      started.add(j.id);
      await hold.opened;
    }, 2).ready;
    await queue.enqueue(job("issue-6", label(6)));
    await queue.enqueue(job("issue-7", label(7)));
    await eventually("both jobs running", async () => (started.size === 2 ? true : undefined));
    hold.open();
    await queue.drain();
  });

  it("retries a job that throws, with backoff, and keeps the handler's result", async () => {
    settings = testQueueSettings({ attempts: 3 });
    const queue = producer();
    let calls = 0;
    worker(async () => {
      calls += 1;
      if (calls < 3) throw new Error(`GitHub answered 502 (call ${calls})`);
      return { kind: "done" };
    });
    await queue.enqueue(job("flaky", label(8)));
    await queue.drain();
    const finished = await inspector().getJob("flaky");
    expect(calls).toBe(3);
    expect(finished?.attemptsMade).toBe(3);
    expect(finished?.returnvalue).toEqual({ kind: "done" });
    expect(await finished?.getState()).toBe("completed");
  });

  it("fails a job after its last attempt, and frees the issue for the next request", async () => {
    settings = testQueueSettings({ attempts: 2 });
    const queue = producer();
    const ran: string[] = [];
    worker(async (j) => {
      ran.push(j.id);
      if (j.id === "broken") throw new Error("always fails");
    });
    await queue.enqueue(job("broken", label(9)));
    await queue.drain();
    const inspect = inspector();
    expect(await inspect.getJobState("broken")).toBe("failed");
    expect((await inspect.getJob("broken"))?.failedReason).toBe("always fails");
    await queue.enqueue(job("after", label(9)));
    await queue.drain();
    expect(ran).toEqual(["broken", "broken", "after"]);
  });

  it("fails data that is not a job without retrying it", async () => {
    settings = testQueueSettings({ attempts: 3 });
    const ran: string[] = [];
    worker(async (j) => void ran.push(j.id));
    const inspect = inspector();
    await inspect.add("run", { id: "x", token: "ghs_secret" }, { jobId: "not-a-job", attempts: 3 });
    const state = await eventually("the job to fail", async () => {
      const s = await inspect.getJobState("not-a-job");
      return s === "failed" ? s : undefined;
    });
    expect(state).toBe("failed");
    expect((await inspect.getJob("not-a-job"))?.attemptsMade).toBe(1);
    expect(ran).toEqual([]);
  });

  it("closes gracefully: close() waits for the running job, which completes", async () => {
    settings = testQueueSettings();
    const queue = producer();
    const hold = gate();
    let started = false;
    const running = worker(async () => {
      started = true;
      await hold.opened;
      return { kind: "done" };
    });
    await queue.enqueue(job("long", label(10)));
    await eventually("the job to start", async () => (started ? true : undefined));
    let closed = false;
    const closing = running.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closed).toBe(false);
    hold.open();
    await closing;
    expect(await inspector().getJobState("long")).toBe("completed");
  });
});
