import { randomBytes } from "node:crypto";
import { runJob, CONFIG_PATH, type JobOutcome } from "../agent/run-job.js";
import { MemoryReplyLimiter } from "../agent/reply-limiter.js";
import { MemoryUsageLedger } from "../agent/usage-ledger.js";
import type { Located } from "../agent/locate-step.js";
import { parseProgress, type Progress } from "../github/progress-comment.js";
import { sealFor, StateKey } from "../github/state-key.js";
import { LocalWorkspace } from "../git/local-workspace.js";
import type { GitRepository } from "../git/git-repository.js";
import type { GitAuthor } from "../git/workspace.js";
import type { ModelClient } from "../llm/model-client.js";
import { DEFAULT_PRICES, priceFor, type ModelPrice } from "../llm/pricing.js";
import type { Job } from "../queue/job.js";
import { systemClock, type Clock } from "../shared/clock.js";
import { silentLogger, type Logger } from "../shared/logger.js";
import { LocalGitHub, type LocalPullRequest } from "./local-github.js";

/** A model with no list price runs at no charge locally; its cost is then unknown (null), not $0. */
const UNPRICED: ModelPrice = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };

export interface LocalRunInput {
  repo: GitRepository;
  /** The commit the run starts from: the local "default branch". */
  head: string;
  /** The name the pull requests' bottom part targets (a branch of the repository, or HEAD). */
  baseName: string;
  /** Where the run's branches go: the repository's refs (`fix`), or memory only (`eval`). */
  writeRefs: boolean;
  /** `owner/name` as the prompts show it. */
  owner: string;
  name: string;
  issue: { number: number; title: string; body: string };
  /** The text the run takes as `.github/stacksmith.yml`. */
  configText: string | null;
  model: ModelClient;
  author: GitAuthor;
  /** Values no text the run writes may contain (the model's key). */
  secrets?: readonly string[];
  clock?: Clock;
  log?: Logger;
  /** Each time the progress comment changes: its state. */
  onProgress?: (progress: Progress) => void;
  /** What locate chose, before planning. */
  onLocated?: (located: Located) => void;
}

export interface LocalRunResult {
  outcome: JobOutcome;
  /** The issue's progress as the app last wrote it: the plan, each part's branch, commits and state, the usage. */
  progress: Progress;
  pullRequests: LocalPullRequest[];
  /** The run's cost in dollars, or null when the model has no list price. */
  costUsd: number | null;
}

/**
 * The app's own job (`runJob`: config, the issue's progress, locate, plan, one part per
 * subtask, the same budgets) on a repository on disk, with the local platform in GitHub's
 * place: a run of `stacksmith fix` or of one `eval` record is the run the app makes for an
 * issue labelled on GitHub, without GitHub.
 */
export async function runLocal(input: LocalRunInput): Promise<LocalRunResult> {
  const clock = input.clock ?? systemClock;
  const stateKey = new StateKey(randomBytes(32).toString("hex"));
  const job: Job = {
    id: `local-${randomBytes(6).toString("hex")}`,
    installationId: 1,
    repo: { owner: input.owner, name: input.name, defaultBranch: input.baseName, private: true, archived: false, sizeKb: 0 },
    trigger: { kind: "issue-command", issue: input.issue.number, commentId: 1, command: "fix", instructions: "", actor: { login: "local", isBot: false } },
  };
  const seal = sealFor(stateKey, job.repo, input.issue.number);
  const seen: { last: Progress | null } = { last: null };
  const workspace = new LocalWorkspace(input.repo, { head: input.head, scope: { issue: input.issue.number }, writeRefs: input.writeRefs });
  const github = new LocalGitHub({
    issue: input.issue,
    workspace,
    configText: input.configText,
    configPath: CONFIG_PATH,
    onComment: (body) => {
      const progress = parseProgress(body, seal);
      if (progress === null) return;
      seen.last = progress;
      input.onProgress?.(progress);
    },
  });
  const priced = priceFor(input.model.model, DEFAULT_PRICES);
  const outcome = await runJob(job, {
    github: async () => github,
    clone: async () => workspace,
    gitBaseUrl: "https://github.com",
    stateKey,
    secrets: input.secrets ?? [],
    model: () => input.model,
    defaultModel: input.model.model,
    prices: { ...DEFAULT_PRICES, [input.model.model]: priced ?? UNPRICED },
    limits: { maxUsdPerRun: Infinity, maxRunsPerRepoPerDay: Infinity, maxUsdPerRepoPerDay: Infinity, maxRepoMb: Infinity, maxFiles: Infinity },
    ledger: new MemoryUsageLedger(),
    replies: new MemoryReplyLimiter(clock),
    author: input.author,
    clock,
    log: input.log ?? silentLogger(),
    ...(input.onLocated === undefined ? {} : { onLocated: input.onLocated }),
  });
  const progress = seen.last;
  if (progress === null) throw new Error("the run wrote no progress");
  return { outcome, progress, pullRequests: github.pullRequests, costUsd: priced === null ? null : progress.costUsd };
}
