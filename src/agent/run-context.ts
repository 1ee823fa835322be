import type { RepoConfig } from "../config/repo-config.js";
import type { GitHubClient } from "../github/github-client.js";
import type { GitAuthor, Workspace } from "../git/workspace.js";
import { addUsage, type ModelClient, type Usage } from "../llm/model-client.js";
import { costOf } from "../llm/pricing.js";
import type { OutcomeSink } from "../dataset/part-outcome.js";
import type { Job } from "../queue/job.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";
import type { ProgressReporter } from "./progress-reporter.js";

/** Everything a job touches outside itself, built by a composition root. */
export interface JobDeps {
  github: (job: Job) => Promise<GitHubClient>;
  clone: (input: { url: string; branch: string; token: () => Promise<string> }) => Promise<Workspace>;
  /** A client for this model id; throws a MODEL_NOT_CONFIGURED error when no credentials are set. */
  model: (modelId: string) => ModelClient;
  defaultModel: string;
  author: GitAuthor;
  clock: Clock;
  log: Logger;
  /** Where the outcome of each bot pull request is recorded (the dataset flywheel); none: not recorded. */
  outcomes?: OutcomeSink;
}

/** One job's view of its run: the issue's progress, the repository, the model, and the bill. */
export class RunContext {
  readonly job: Job;
  readonly deps: JobDeps;
  readonly github: GitHubClient;
  readonly config: RepoConfig;
  readonly progress: ProgressReporter;
  readonly modelId: string;
  readonly log: Logger;
  #model: ModelClient | undefined;
  #workspace: Promise<Workspace> | undefined;

  constructor(init: { job: Job; deps: JobDeps; github: GitHubClient; config: RepoConfig; progress: ProgressReporter; modelId: string; log: Logger }) {
    this.job = init.job;
    this.deps = init.deps;
    this.github = init.github;
    this.config = init.config;
    this.progress = init.progress;
    this.modelId = init.modelId;
    this.log = init.log;
  }

  get issue(): number {
    return this.job.trigger.issue;
  }

  get now(): Date {
    return this.deps.clock.now();
  }

  get timestamp(): number {
    return Math.floor(this.now.getTime() / 1000);
  }

  model(): ModelClient {
    this.#model ??= this.deps.model(this.modelId);
    return this.#model;
  }

  /** Adds a model call's tokens and cost to the run's total in the progress state. */
  account(usage: Usage): void {
    const total = addUsage(this.progress.state.usage, usage);
    this.progress.set({ usage: total, costUsd: costOf(total, this.modelId) });
  }

  /** The repository cloned in memory, once per job. */
  workspace(): Promise<Workspace> {
    this.#workspace ??= this.deps.clone({
      url: this.job.repo.cloneUrl,
      branch: this.job.repo.defaultBranch,
      token: () => this.github.installationToken(),
    });
    return this.#workspace;
  }
}
