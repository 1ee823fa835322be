import type { RepoConfig } from "../config/repo-config.js";
import { addUsage, estimateInputTokens, zeroUsage, type ModelClient, type ModelRequest, type ModelResponse, type Usage } from "../llm/model-client.js";
import { costAt, type ModelPrice } from "../llm/pricing.js";
import type { Clock } from "../shared/clock.js";
import { StacksmithError } from "../shared/errors.js";
import { utcDay, type DayUsage, type UsageLedger } from "./usage-ledger.js";

/** A job's limits: each the lower of the repository's config and the server's own. */
export interface RunLimits {
  maxModelCalls: number;
  maxInputTokens: number;
  maxOutputTokens: number;
  maxUsd: number;
  maxRunsPerDay: number;
  maxUsdPerDay: number;
}

export function runLimits(config: RepoConfig, server: { maxUsdPerRun: number; maxRunsPerRepoPerDay: number; maxUsdPerRepoPerDay: number }): RunLimits {
  return {
    maxModelCalls: config.budget.maxModelCalls,
    maxInputTokens: config.budget.maxInputTokens,
    maxOutputTokens: config.budget.maxOutputTokens,
    maxUsd: Math.min(config.budget.maxCostUsd, server.maxUsdPerRun),
    maxRunsPerDay: Math.min(config.daily.maxRuns, server.maxRunsPerRepoPerDay),
    maxUsdPerDay: Math.min(config.daily.maxCostUsd, server.maxUsdPerRepoPerDay),
  };
}

export interface BudgetedModelInit {
  inner: ModelClient;
  price: ModelPrice;
  /** `owner/name`: the ledger's key. */
  repo: string;
  ledger: UsageLedger;
  clock: Clock;
  limits: RunLimits;
  /** After each call, with its tokens and dollars. */
  onCall: (usage: Usage, costUsd: number) => void;
}

/**
 * The model behind a job's budget. Before every call: the job's own limits, then the repository's
 * day (the first call reserves one of the day's runs, atomically; later ones check the day's
 * dollars, which other jobs spend too). After every call its cost goes into the ledger at once, so
 * a job that dies mid-run has paid for what it used. A day can overshoot its dollars by at most the
 * calls already under way when the limit is reached, one per running job.
 */
export class BudgetedModel implements ModelClient {
  readonly #init: BudgetedModelInit;
  #reserved = false;
  #calls = 0;
  #usage: Usage = zeroUsage;
  #spentUsd = 0;

  constructor(init: BudgetedModelInit) {
    this.#init = init;
  }

  get model(): string {
    return this.#init.inner.model;
  }

  /** This job's spend so far, in dollars. */
  get spentUsd(): number {
    return this.#spentUsd;
  }

  async complete(request: ModelRequest): Promise<ModelResponse> {
    const reached = this.reached();
    if (reached !== null) throw new StacksmithError("BUDGET_EXCEEDED", `the run reached its budget (${reached})`);
    await this.#checkPromptSize(request);
    await this.#checkDay();
    const response = await this.#init.inner.complete(request);
    const cost = costAt(response.usage, this.#init.price);
    this.#calls += 1;
    this.#usage = addUsage(this.#usage, response.usage);
    this.#spentUsd += cost;
    this.#init.onCall(response.usage, cost);
    await this.#init.ledger.addCost(this.#init.repo, utcDay(this.#init.clock.now()), cost);
    return response;
  }

  /** What of this job's budget is used up, or null while there is room for another model call. */
  reached(): string | null {
    const { maxModelCalls, maxInputTokens, maxOutputTokens, maxUsd } = this.#init.limits;
    const usage = this.#usage;
    const input = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
    if (this.#calls >= maxModelCalls) return `${this.#calls} of ${maxModelCalls} model calls`;
    if (input >= maxInputTokens) return `${input.toLocaleString("en-US")} of ${maxInputTokens.toLocaleString("en-US")} input tokens`;
    if (usage.outputTokens >= maxOutputTokens) return `${usage.outputTokens.toLocaleString("en-US")} of ${maxOutputTokens.toLocaleString("en-US")} output tokens`;
    if (this.#spentUsd >= maxUsd) return `$${this.#spentUsd.toFixed(2)} of $${maxUsd.toFixed(2)}`;
    return null;
  }

  /**
   * A prompt that may not fit what is left of the input-token budget is counted first (by the
   * provider, where it can count), so the budget stops it before it is paid for, not after.
   */
  async #checkPromptSize(request: ModelRequest): Promise<void> {
    const usage = this.#usage;
    const left = this.#init.limits.maxInputTokens - (usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens);
    const estimate = estimateInputTokens(request);
    if (estimate <= left / 2) return;
    const inner = this.#init.inner;
    const counted = inner.countTokens === undefined ? estimate : await inner.countTokens(request).catch(() => null);
    if (counted !== null && counted > left) {
      throw new StacksmithError("BUDGET_EXCEEDED", `the next prompt holds ${counted.toLocaleString("en-US")} input tokens, more than the ${left.toLocaleString("en-US")} left of the run's budget`);
    }
  }

  async #checkDay(): Promise<void> {
    const { ledger, repo, clock, limits } = this.#init;
    const day = utcDay(clock.now());
    if (!this.#reserved) {
      const { reserved, today } = await ledger.reserveRun(repo, day, { maxRuns: limits.maxRunsPerDay, maxUsd: limits.maxUsdPerDay });
      if (!reserved) throw this.#dayUsedUp(today, day, today.runs >= limits.maxRunsPerDay ? "runs" : "dollars");
      this.#reserved = true;
      return;
    }
    const today = await ledger.today(repo, day);
    if (today.costUsd >= limits.maxUsdPerDay) throw this.#dayUsedUp(today, day, "dollars");
  }

  #dayUsedUp(today: DayUsage, day: string, what: "runs" | "dollars"): StacksmithError {
    const { maxRunsPerDay, maxUsdPerDay } = this.#init.limits;
    const used = what === "runs" ? `${today.runs} of ${maxRunsPerDay} runs` : `$${today.costUsd.toFixed(2)} of $${maxUsdPerDay.toFixed(2)}`;
    return new StacksmithError("BUDGET_EXCEEDED", `this repository used its daily budget (${used} on ${day} UTC); try again tomorrow`);
  }
}
