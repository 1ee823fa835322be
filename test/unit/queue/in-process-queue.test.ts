import { describe, expect, it } from "vitest";
import type { Job } from "../../../src/queue/job.js";
import { InProcessQueue } from "../../../src/queue/in-process-queue.js";
import { silentLogger } from "../../../src/shared/logger.js";

function job(id: string, issue: number): Job {
  return {
    id,
    installationId: 1,
    repo: { owner: "o", name: "r", cloneUrl: "https://example.com/o/r.git", defaultBranch: "main", private: false, archived: false, sizeKb: 1 },
    trigger: { kind: "issue-label", issue, label: "agent", actor: { login: "u", isBot: false } },
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
    await queue.enqueue(job("b", 1));
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
});
