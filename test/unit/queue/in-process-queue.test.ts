import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { Job, Trigger } from "../../../src/queue/job.js";
import { InProcessQueue } from "../../../src/queue/in-process-queue.js";
import { silentLogger } from "../../../src/shared/logger.js";

const actor = { login: "u", isBot: false };

function job(id: string, issue: number, trigger: Trigger = { kind: "issue-label", issue, label: "agent", actor }, name = "r"): Job {
  return {
    id,
    installationId: 1,
    repo: { owner: "o", name, cloneUrl: `https://example.com/o/${name}.git`, defaultBranch: "main", private: false, archived: false, sizeKb: 1 },
    trigger,
  };
}

function deferred() {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("InProcessQueue", () => {
  it("drops a redelivered webhook (same delivery id)", async () => {
    const ran: string[] = [];
    const queue = new InProcessQueue({ concurrency: 2, log: silentLogger(), handler: async (j) => void ran.push(j.id) });
    expect(await queue.enqueue(job("a", 1))).toEqual({ accepted: true });
    expect(await queue.enqueue(job("a", 1))).toEqual({ accepted: false, reason: "duplicate" });
    await queue.drain();
    expect(ran).toEqual(["a"]);
  });

  it("runs one job per issue at a time, and different issues side by side", async () => {
    const events: string[] = [];
    const gates = new Map([["a", deferred()], ["b", deferred()], ["c", deferred()]]);
    const queue = new InProcessQueue({
      concurrency: 2,
      log: silentLogger(),
      handler: async (j) => {
        events.push(`start ${j.id}`);
        await gates.get(j.id)?.promise;
        events.push(`end ${j.id}`);
      },
    });
    await queue.enqueue(job("a", 1));
    await queue.enqueue(job("b", 1, { kind: "issue-command", issue: 1, commentId: 5, command: "fix", instructions: "", actor }));
    await queue.enqueue(job("c", 2));
    await new Promise((r) => setTimeout(r, 10));
    expect(events).toEqual(["start a", "start c"]);
    gates.get("a")?.resolve();
    await new Promise((r) => setTimeout(r, 10));
    expect(events).toEqual(["start a", "start c", "end a", "start b"]);
    gates.get("b")?.resolve();
    gates.get("c")?.resolve();
    await queue.drain();
    expect(events.filter((e) => e.startsWith("end"))).toHaveLength(3);
  });

  it("keeps running after a handler throws, and refuses jobs once closed", async () => {
    const ran: string[] = [];
    const queue = new InProcessQueue({
      concurrency: 1,
      log: silentLogger(),
      handler: async (j) => {
        ran.push(j.id);
        if (j.id === "x") throw new Error("boom");
      },
    });
    await queue.enqueue(job("x", 1));
    await queue.enqueue(job("y", 2));
    await queue.close();
    expect(ran).toEqual(["x", "y"]);
    expect(await queue.enqueue(job("z", 3))).toEqual({ accepted: false, reason: "closed" });
  });

  it("coalesces the same request for an issue while it is queued or running, and takes it again afterwards", async () => {
    const ran: string[] = [];
    const hold = deferred();
    const queue = new InProcessQueue({
      concurrency: 2,
      log: silentLogger(),
      handler: async (j) => {
        ran.push(j.id);
        if (j.id === "first") await hold.promise;
      },
    });
    expect(await queue.enqueue(job("first", 1))).toEqual({ accepted: true });
    await new Promise((r) => setTimeout(r, 10));
    expect(ran).toEqual(["first"]);
    // Running: a double label (new delivery id, same label) is coalesced; its redelivery is a duplicate.
    expect(await queue.enqueue(job("double", 1))).toEqual({ accepted: false, reason: "coalesced" });
    expect(await queue.enqueue(job("double", 1))).toEqual({ accepted: false, reason: "duplicate" });
    // Another label, or a command, is another request.
    expect(await queue.enqueue(job("bug-label", 1, { kind: "issue-label", issue: 1, label: "bug", actor }))).toEqual({ accepted: true });
    expect(await queue.enqueue(job("command", 1, { kind: "issue-command", issue: 1, commentId: 7, command: "fix", instructions: "x", actor }))).toEqual({ accepted: true });
    // Queued, not yet running: coalesced too.
    expect(await queue.enqueue(job("bug-again", 1, { kind: "issue-label", issue: 1, label: "bug", actor }))).toEqual({ accepted: false, reason: "coalesced" });
    hold.resolve();
    await queue.drain();
    expect(ran).toEqual(["first", "bug-label", "command"]);
    // Finished: labelling again starts a new run.
    expect(await queue.enqueue(job("relabel", 1))).toEqual({ accepted: true });
    await queue.drain();
    expect(ran.at(-1)).toBe("relabel");
  });

  it("bounds the waiting list, in all and per repository, and logs each job it drops", async () => {
    const lines: string[] = [];
    const log = pino({ level: "warn" }, { write: (line: string) => void lines.push(line) });
    const hold = deferred();
    const ran: string[] = [];
    const queue = new InProcessQueue({
      concurrency: 1,
      maxQueued: 3,
      maxQueuedPerRepo: 2,
      log,
      handler: async (j) => {
        ran.push(j.id);
        await hold.promise;
      },
    });
    expect(await queue.enqueue(job("running", 1))).toEqual({ accepted: true });
    await new Promise((r) => setTimeout(r, 10));
    expect(ran).toEqual(["running"]);
    expect(await queue.enqueue(job("r2", 2))).toEqual({ accepted: true });
    expect(await queue.enqueue(job("r3", 3))).toEqual({ accepted: true });
    // Two of o/r's jobs wait: a third would leave less room for the other repositories.
    expect(await queue.enqueue(job("r4", 4))).toEqual({ accepted: false, reason: "full" });
    expect(await queue.enqueue(job("other1", 1, undefined, "other"))).toEqual({ accepted: true });
    // Three wait in all.
    expect(await queue.enqueue(job("other2", 2, undefined, "other"))).toEqual({ accepted: false, reason: "full" });
    expect(lines.map((line) => JSON.parse(line) as unknown)).toMatchObject([
      { level: 40, msg: "job dropped: too many jobs waiting", jobId: "r4", repo: "o/r", issue: 4, waiting: 2, waitingForRepo: 2 },
      { level: 40, msg: "job dropped: too many jobs waiting", jobId: "other2", repo: "o/other", issue: 2, waiting: 3, waitingForRepo: 1 },
    ]);
    hold.resolve();
    await queue.drain();
    expect(ran).toEqual(["running", "r2", "r3", "other1"]);
    // A dropped delivery was not taken, so it is not a duplicate when it comes again.
    expect(await queue.enqueue(job("r4", 4))).toEqual({ accepted: true });
    await queue.drain();
    expect(ran.at(-1)).toBe("r4");
  });
});
