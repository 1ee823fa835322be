import type { RepoConfig } from "../config/repo-config.js";
import type { GitHubClient } from "../github/github-client.js";
import { sealFor, type StateKey, type StateSeal } from "../github/state-key.js";
import type { PushScope } from "../git/push-guard.js";
import type { GitAuthor, Workspace } from "../git/workspace.js";
import { addUsage, type ModelClient, type Usage } from "../llm/model-client.js";
import { priceFor, type PriceTable } from "../llm/pricing.js";
import type { OutcomeSink } from "../dataset/outcomes/part-outcome.js";
import type { Job } from "../queue/job.js";
import type { Clock } from "../shared/clock.js";
import { StacksmithError } from "../shared/errors.js";
import { newFrameNonce } from "../shared/frame-nonce.js";
import type { Logger } from "../shared/logger.js";
import { BudgetedModel, runLimits } from "./budgeted-model.js";
import type { Located } from "./locate-step.js";
import type { ProgressReporter } from "./progress-reporter.js";
import type { Redactor } from "./redactor.js";
import type { ReplyLimiter } from "./reply-limiter.js";
import type { UsageLedger } from "./usage-ledger.js";

/** The server's own ceilings; a repository's config may only lower them. */
export interface ServerLimits {
  maxUsdPerRun: number;
  maxRunsPerRepoPerDay: number;
  maxUsdPerRepoPerDay: number;
  /** Repositories larger than this (as GitHub reports their size) are not cloned. */
  maxRepoMb: number;
  /** Trees with more files than this are refused. */
  maxFiles: number;
}

/** Everything a job touches outside itself, built by a composition root. */
export interface JobDeps {
  github: (job: Job) => Promise<GitHubClient>;
  clone: (input: { url: string; branch: string; token: (refresh?: boolean) => Promise<string>; pushScope: PushScope }) => Promise<Workspace>;
  /** Where repositories are cloned from: the configured GitHub host (`https://github.com`, or GHE's). */
  gitBaseUrl: string;
  /** Signs and verifies the state the app keeps in its comments and pull request bodies. */
  stateKey: StateKey;
  /** The server's keys, which nothing a job writes may contain (redactor.ts). */
  secrets: readonly string[];
  /** A client for this model id; throws a MODEL_NOT_CONFIGURED error when no credentials are set. */
  model: (modelId: string) => ModelClient;
  defaultModel: string;
  /** The server's prices (DEFAULT_PRICES and STACKSMITH_PRICES); a model without one is refused. */
  prices: PriceTable;
  limits: ServerLimits;
  ledger: UsageLedger;
  /** At most one "no write access" reply per person and issue an hour. */
  replies: ReplyLimiter;
  author: GitAuthor;
  clock: Clock;
  log: Logger;
  /** Where the outcome of each bot pull request is recorded (the dataset flywheel); none: not recorded. */
  outcomes?: OutcomeSink;
  /** Told what locate chose for an issue, before planning (eval scores it). */
  onLocated?: (located: Located) => void;
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
  readonly redactor: Redactor;
  /** The id that frames untrusted text in this job's prompts (random, made once per job). */
  readonly frameNonce: string;
  #model: ModelClient | undefined;
  #workspace: Promise<Workspace> | undefined;

  constructor(init: { job: Job; deps: JobDeps; github: GitHubClient; config: RepoConfig; progress: ProgressReporter; modelId: string; log: Logger; redactor: Redactor; frameNonce?: string }) {
    this.job = init.job;
    this.deps = init.deps;
    this.github = init.github;
    this.config = init.config;
    this.progress = init.progress;
    this.modelId = init.modelId;
    this.log = init.log;
    this.redactor = init.redactor;
    this.frameNonce = init.frameNonce ?? newFrameNonce();
  }

  get issue(): number {
    return this.job.trigger.issue;
  }

  /** What this issue's hidden state is bound to. */
  get seal(): StateSeal {
    return sealFor(this.deps.stateKey, this.job.repo, this.issue);
  }

  get now(): Date {
    return this.deps.clock.now();
  }

  get timestamp(): number {
    return Math.floor(this.now.getTime() / 1000);
  }

  /**
   * The model, behind the run's budget: every call is accounted to this job, the issue and the
   * repository's day, and a call that would start past a budget stops the run (BUDGET_EXCEEDED).
   * Its answers are redacted before anything uses them, so no title, branch, commit or state
   * can hold a secret.
   */
  model(): ModelClient {
    if (this.#model === undefined) {
      const price = priceFor(this.modelId, this.deps.prices);
      if (price === null) throw new StacksmithError("MODEL_NOT_CONFIGURED", "this server has no price for the model, so its cost could not be limited; the app's operator must add one");
      const budgeted = new BudgetedModel({
        inner: this.deps.model(this.modelId),
        price,
        repo: `${this.job.repo.owner}/${this.job.repo.name}`,
        ledger: this.deps.ledger,
        clock: this.deps.clock,
        limits: runLimits(this.config, this.deps.limits),
        onCall: (usage, costUsd) => this.#account(usage, costUsd),
      });
      this.#model = {
        model: budgeted.model,
        complete: async (request) => {
          const response = await budgeted.complete(request);
          return { ...response, content: this.redactor.deep(response.content) };
        },
      };
    }
    return this.#model;
  }

  /** Adds a model call's tokens and cost to the issue's totals. */
  #account(usage: Usage, costUsd: number): void {
    const { state } = this.progress;
    this.progress.set({ usage: addUsage(state.usage, usage), costUsd: (state.costUsd ?? 0) + costUsd });
  }

  /** The repository cloned in memory, once per job, after checking it is one the server takes. */
  workspace(): Promise<Workspace> {
    this.#workspace ??= this.#clone();
    return this.#workspace;
  }

  async #clone(): Promise<Workspace> {
    const { repo } = this.job;
    const { maxRepoMb, maxFiles } = this.deps.limits;
    if (repo.archived) throw new StacksmithError("REPO_ARCHIVED", "the repository is archived, so nothing can be pushed to it");
    const mb = repo.sizeKb / 1024;
    if (mb > maxRepoMb) {
      throw new StacksmithError("REPO_TOO_LARGE", `the repository is ${Math.round(mb)} MB, over this server's limit of ${maxRepoMb} MB for an in-memory clone`);
    }
    const url = cloneUrl(this.deps.gitBaseUrl, repo);
    const ws = await this.deps.clone({ url, branch: repo.defaultBranch, token: (refresh) => this.github.installationToken(refresh), pushScope: { issue: this.issue } });
    const files = (await ws.listFiles(ws.head)).length;
    if (files > maxFiles) {
      throw new StacksmithError("REPO_TOO_LARGE", `the repository has ${files.toLocaleString("en-US")} files, over this server's limit of ${maxFiles.toLocaleString("en-US")}`);
    }
    return ws;
  }
}

/**
 * The repository's git URL, from the configured host and the repository's owner and name,
 * never from the webhook's `clone_url`: the installation token goes only to that host. A job
 * whose webhook named another host is refused (a server configured for the wrong GitHub).
 */
export function cloneUrl(gitBaseUrl: string, repo: Job["repo"]): string {
  const base = new URL(gitBaseUrl);
  if (repo.cloneUrl !== undefined) {
    const named = new URL(repo.cloneUrl);
    if (named.host !== base.host) {
      throw new StacksmithError(
        "INVALID_INPUT",
        `the webhook names a repository on ${named.host}, but this server works with ${base.host} (set GHE_HOST for GitHub Enterprise), so it was not cloned`,
      );
    }
  }
  return `${base.origin}${base.pathname.replace(/\/+$/, "")}/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}.git`;
}
