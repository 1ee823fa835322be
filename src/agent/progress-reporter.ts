import type { GitHubClient } from "../github/github-client.js";
import { renderProgress, type Progress } from "../github/progress-comment.js";
import type { Logger } from "../shared/logger.js";
import type { Clock } from "../shared/clock.js";

/** Owns the run's progress comment: keeps its state and edits it in place. */
export class ProgressReporter {
  #state: Progress;
  #commentId: number | null = null;
  readonly #github: GitHubClient;
  readonly #clock: Clock;
  readonly #log: Logger;

  constructor(github: GitHubClient, initial: Progress, clock: Clock, log: Logger) {
    this.#github = github;
    this.#state = initial;
    this.#clock = clock;
    this.#log = log;
  }

  get state(): Progress {
    return this.#state;
  }

  /** Posts the comment. Failing to post is a GitHub fault the caller should see. */
  async post(): Promise<void> {
    this.#commentId = await this.#github.createComment(this.#state.issue, renderProgress(this.#state));
  }

  /** Updates the state without writing the comment (usage between steps). */
  set(patch: Partial<Omit<Progress, "issue" | "startedAt" | "updatedAt">>): void {
    this.#state = { ...this.#state, ...patch };
  }

  /** Updates the state and the comment; a failed comment edit is logged, never fatal. */
  async update(patch: Partial<Omit<Progress, "issue" | "startedAt" | "updatedAt">>): Promise<void> {
    this.#state = { ...this.#state, ...patch, updatedAt: this.#clock.now() };
    if (this.#commentId === null) return;
    try {
      await this.#github.updateComment(this.#commentId, renderProgress(this.#state));
    } catch (err) {
      this.#log.warn({ err }, "could not update the progress comment");
    }
  }
}
