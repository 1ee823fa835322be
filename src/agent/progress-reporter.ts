import type { GitHubClient } from "../github/github-client.js";
import { parseProgress, PROGRESS_MARKER, renderProgress, withDelivery, withNote, type Progress, type ProgressSubtask } from "../github/progress-comment.js";
import { zeroUsage } from "../llm/model-client.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";

type Patch = Partial<Omit<Progress, "issue" | "startedAt" | "updatedAt">>;

/**
 * Owns an issue's one progress comment: finds it (or posts it), keeps its state and
 * edits it in place. The comment's hidden state is how later jobs know the stack.
 */
export class ProgressReporter {
  #state: Progress;
  #commentId: number | null;
  readonly #github: GitHubClient;
  readonly #clock: Clock;
  readonly #log: Logger;

  private constructor(github: GitHubClient, state: Progress, commentId: number | null, clock: Clock, log: Logger) {
    this.#github = github;
    this.#state = state;
    this.#commentId = commentId;
    this.#clock = clock;
    this.#log = log;
  }

  /** The issue's existing progress comment, or a fresh state that is not posted yet. */
  static async load(github: GitHubClient, issue: number, model: string, clock: Clock, log: Logger): Promise<ProgressReporter> {
    const comments = await github.listComments(issue);
    for (const comment of comments) {
      if (!comment.authorIsBot || !comment.body.startsWith(PROGRESS_MARKER)) continue;
      const state = parseProgress(comment.body);
      if (state !== null && state.issue === issue) return new ProgressReporter(github, state, comment.id, clock, log);
    }
    const now = clock.now();
    const fresh: Progress = {
      issue,
      status: "working",
      step: "Starting",
      message: null,
      planId: null,
      subtasks: [],
      notes: [],
      model,
      usage: zeroUsage,
      costUsd: 0,
      startedAt: now,
      updatedAt: now,
      deliveries: [],
    };
    return new ProgressReporter(github, fresh, null, clock, log);
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

  /** Updates the state and writes the comment, posting it the first time. */
  async update(patch: Patch = {}): Promise<void> {
    this.#state = { ...this.#state, ...patch, updatedAt: this.#clock.now() };
    const body = renderProgress(this.#state);
    if (this.#commentId === null) {
      this.#commentId = await this.#github.createComment(this.#state.issue, body);
      return;
    }
    try {
      await this.#github.updateComment(this.#commentId, body);
    } catch (err) {
      this.#log.warn({ err }, "could not update the progress comment");
    }
  }
}
