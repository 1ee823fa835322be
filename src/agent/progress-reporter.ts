import type { GitHubClient } from "../github/github-client.js";
import type { StateSeal } from "../github/state-key.js";
import type { Redactor } from "./redactor.js";
import { parseProgress, PROGRESS_MARKER, renderProgress, withDelivery, withNote, type Progress, type ProgressSubtask } from "../github/progress-comment.js";
import { zeroUsage } from "../llm/model-client.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";

type Patch = Partial<Omit<Progress, "issue" | "startedAt" | "updatedAt">>;

/** How the state is written into the comment: signed for its issue, and redacted first. */
export interface StateMarker {
  seal: StateSeal;
  redactor: Redactor;
}

/**
 * Owns an issue's one progress comment: finds it (or posts it), keeps its state and
 * edits it in place. The comment's hidden state is how later jobs know the stack.
 */
export class ProgressReporter {
  #state: Progress;
  #commentId: number | null;
  readonly #github: GitHubClient;
  readonly #seal: StateSeal;
  readonly #redactor: Redactor;
  readonly #clock: Clock;
  readonly #log: Logger;

  private constructor(github: GitHubClient, marker: StateMarker, state: Progress, commentId: number | null, clock: Clock, log: Logger) {
    this.#github = github;
    this.#seal = marker.seal;
    this.#redactor = marker.redactor;
    this.#state = state;
    this.#commentId = commentId;
    this.#clock = clock;
    this.#log = log;
  }

  /**
   * The issue's existing progress comment, or a fresh state that is not posted yet. Only a
   * comment this app wrote, whose state verifies for this issue (state-key.ts), counts: a
   * marker in anyone else's comment, or one edited in, is ignored.
   */
  static async load(github: GitHubClient, marker: StateMarker, issue: number, model: string, clock: Clock, log: Logger): Promise<ProgressReporter> {
    const comments = await github.listComments(issue);
    for (const comment of comments) {
      if (!comment.byThisApp || !comment.body.startsWith(PROGRESS_MARKER)) continue;
      const state = parseProgress(comment.body, marker.seal);
      if (state !== null && state.issue === issue) return new ProgressReporter(github, marker, state, comment.id, clock, log);
      log.warn({ commentId: comment.id }, "a progress comment of this app holds no state that verifies; it is ignored");
    }
    const now = clock.now();
    const fresh: Progress = {
      issue,
      status: "working",
      step: "Starting",
      message: null,
      planId: null,
      subtasks: [],
      stack: null,
      notes: [],
      model,
      usage: zeroUsage,
      costUsd: 0,
      startedAt: now,
      updatedAt: now,
      deliveries: [],
    };
    return new ProgressReporter(github, marker, fresh, null, clock, log);
  }

  get state(): Progress {
    return this.#state;
  }

  get posted(): boolean {
    return this.#commentId !== null;
  }

  hasHandled(delivery: string): boolean {
    return this.#state.deliveries.includes(delivery);
  }

  /** Updates the state without writing the comment (usage between steps). */
  set(patch: Patch): void {
    this.#state = { ...this.#state, ...patch };
  }

  /** Changes part k (1-based) of the plan, without writing the comment. */
  setPart(k: number, patch: Partial<ProgressSubtask>): void {
    this.#state = { ...this.#state, subtasks: this.#state.subtasks.map((s, i) => (i === k - 1 ? { ...s, ...patch } : s)) };
  }

  note(text: string): void {
    this.#state = withNote(this.#state, this.#clock.now(), text);
  }

  markHandled(delivery: string): void {
    this.#state = withDelivery(this.#state, delivery);
  }

  /** Updates the state and writes the comment, posting it the first time. A failed edit is logged. */
  async update(patch: Patch = {}): Promise<void> {
    try {
      await this.save(patch);
    } catch (err) {
      if (this.#commentId === null) throw err;
      this.#log.warn({ err }, "could not update the progress comment");
    }
  }

  /** As `update`, but a failed write throws: for state a later job must find (a push about to be made). */
  async save(patch: Patch = {}): Promise<void> {
    this.#state = { ...this.#state, ...patch, updatedAt: this.#clock.now() };
    // Redacted before it is encoded: the marker's base64 would hide a secret from the client's redactor.
    const body = renderProgress(this.#redactor.deep(this.#state), this.#seal);
    if (this.#commentId === null) {
      this.#commentId = await this.#github.createComment(this.#state.issue, body);
      return;
    }
    await this.#github.updateComment(this.#commentId, body);
  }
}
