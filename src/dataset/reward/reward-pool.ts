import type { Worker } from "node:worker_threads";
import { startModuleWorker } from "./module-worker.js";
import type { PoolRequest } from "./reward-pool-worker.js";
import { requestKind, type RewardResponse } from "./reward-request.js";

/**
 * SWE-RL's reward for many requests at once, on a fixed set of worker threads that live as long
 * as the pool: each worker, once loaded, takes one request at a time, and a request that has not
 * been answered within `deadlineMs` of reaching its worker is answered with an error, and that
 * worker replaced, so one pathological pair (the comparison is quadratic at worst) holds up
 * nothing else. A worker's start-up does not count against a request's deadline.
 */

export interface RewardPoolOptions {
  workers: number;
  /** Per request, from when a worker starts on it. */
  deadlineMs: number;
}

interface Task {
  id: number;
  item: unknown;
  resolve: (response: RewardResponse) => void;
}

interface Slot {
  worker: Worker;
  /** Loaded and waiting for requests. */
  ready: boolean;
  task: Task | null;
  timer: NodeJS.Timeout | null;
}

export class RewardPool {
  readonly size: number;
  readonly deadlineMs: number;
  readonly #slots: Slot[] = [];
  readonly #queue: Task[] = [];
  #nextId = 0;
  #closed = false;

  constructor(options: RewardPoolOptions) {
    this.size = options.workers;
    this.deadlineMs = options.deadlineMs;
    for (let i = 0; i < options.workers; i++) this.#slots.push(this.#slot());
  }

  /** The responses, in the order of the requests. */
  score(items: readonly unknown[]): Promise<RewardResponse[]> {
    return Promise.all(items.map((item) => this.#submit(item)));
  }

  /** Requests being worked on, and waiting. */
  load(): { busy: number; queued: number } {
    return { busy: this.#slots.filter((s) => s.task !== null).length, queued: this.#queue.length };
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const task of this.#queue.splice(0)) task.resolve({ error: "the reward service is shutting down" });
    await Promise.all(
      this.#slots.map(async (slot) => {
        if (slot.timer !== null) clearTimeout(slot.timer);
        slot.task?.resolve({ error: "the reward service is shutting down" });
        slot.task = null;
        await slot.worker.terminate();
      }),
    );
  }

  #submit(item: unknown): Promise<RewardResponse> {
    if (this.#closed) return Promise.resolve({ error: "the reward service is shutting down" });
    return new Promise((resolve) => {
      this.#queue.push({ id: this.#nextId++, item, resolve });
      this.#pump();
    });
  }

  #slot(): Slot {
    const slot: Slot = { worker: startModuleWorker("reward-pool-worker"), ready: false, task: null, timer: null };
    slot.worker.on("message", (message: { ready: true } | { id: number; response: RewardResponse }) => {
      if ("ready" in message) {
        slot.ready = true;
        this.#pump();
        return;
      }
      if (slot.task === null || slot.task.id !== message.id) return;
      this.#finish(slot, message.response);
    });
    slot.worker.on("error", (err) => this.#replace(slot, { error: `the reward worker failed: ${err.message}` }));
    slot.worker.on("exit", () => this.#replace(slot, { error: "the reward worker stopped" }));
    return slot;
  }

  #finish(slot: Slot, response: RewardResponse): void {
    const task = slot.task;
    if (slot.timer !== null) clearTimeout(slot.timer);
    slot.timer = null;
    slot.task = null;
    task?.resolve(response);
    this.#pump();
  }

  /** Answers the slot's request with `response` and puts a fresh worker in its place. */
  #replace(slot: Slot, response: RewardResponse): void {
    if (this.#closed) return;
    const old = slot.worker;
    const index = this.#slots.indexOf(slot);
    if (index === -1) return;
    old.removeAllListeners();
    old.on("error", () => undefined);
    void old.terminate();
    const fresh = this.#slot();
    this.#slots[index] = fresh;
    if (slot.timer !== null) clearTimeout(slot.timer);
    slot.task?.resolve(response);
    slot.task = null;
    this.#pump();
  }

  #pump(): void {
    for (const slot of this.#slots) {
      if (!slot.ready || slot.task !== null) continue;
      const task = this.#queue.shift();
      if (task === undefined) return;
      slot.task = task;
      slot.timer = setTimeout(() => {
        const error = `no answer within ${this.deadlineMs} ms: the request was stopped`;
        this.#replace(slot, requestKind(task.item) === "reward" ? { reward: null, error } : { error });
      }, this.deadlineMs);
      slot.worker.postMessage({ id: task.id, item: task.item } satisfies PoolRequest);
    }
  }
}
