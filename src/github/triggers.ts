import type { Actor, Job, RepoRef, Trigger } from "../queue/job.js";
import { checkJob } from "../queue/job-check.js";
import { parseAgentCommand } from "./command.js";
import { stackRefOf } from "./stacks-api.js";

/**
 * Translates webhook payloads into jobs. The shapes below are the few fields we read;
 * core code never sees a raw payload.
 */

interface UserPayload {
  login: string;
  type?: string;
}

interface RepositoryPayload {
  name: string;
  owner: { login: string };
  clone_url: string;
  default_branch: string;
  private: boolean;
  archived?: boolean;
  size?: number;
}

interface IssuePayload {
  number: number;
  pull_request?: unknown;
}

export interface IssuesLabeledPayload {
  label?: { name: string };
  issue: IssuePayload;
  repository: RepositoryPayload;
  sender: UserPayload;
  installation?: { id: number };
}

export interface IssueCommentCreatedPayload {
  comment: { id: number; body: string; user: UserPayload | null };
  issue: IssuePayload;
  repository: RepositoryPayload;
  sender: UserPayload;
  installation?: { id: number };
}

/**
 * The job for a delivery, or null when its fields are not what GitHub sends (an owner, name
 * or branch that is not a valid name): nothing from a payload reaches a URL or a ref unchecked.
 */
function makeJob(deliveryId: string, installationId: number, repository: RepositoryPayload, trigger: Trigger): Job | null {
  return checkJob({ id: deliveryId, installationId, repo: toRepoRef(repository), trigger });
}

function toRepoRef(repo: RepositoryPayload): RepoRef {
  return {
    owner: repo.owner.login,
    name: repo.name,
    cloneUrl: repo.clone_url,
    defaultBranch: repo.default_branch,
    private: repo.private,
    archived: repo.archived ?? false,
    sizeKb: repo.size ?? 0,
  };
}

function toActor(user: UserPayload): Actor {
  return { login: user.login, isBot: user.type === "Bot" || user.login.endsWith("[bot]") };
}

/** A label was added to an issue. The job checks it against the repository's configured label. */
export function triggerFromLabel(deliveryId: string, payload: IssuesLabeledPayload): Job | null {
  if (payload.installation === undefined || payload.label === undefined) return null;
  if (payload.issue.pull_request !== undefined) return null;
  const actor = toActor(payload.sender);
  if (actor.isBot) return null;
  return makeJob(deliveryId, payload.installation.id, payload.repository, { kind: "issue-label", issue: payload.issue.number, label: payload.label.name, actor });
}

/** A comment with `/agent fix` on an issue (not a pull request). */
export function triggerFromComment(deliveryId: string, payload: IssueCommentCreatedPayload): Job | null {
  if (payload.installation === undefined || payload.comment.user === null) return null;
  if (payload.issue.pull_request !== undefined) return null;
  const actor = toActor(payload.comment.user);
  if (actor.isBot || toActor(payload.sender).isBot) return null;
  const command = parseAgentCommand(payload.comment.body);
  if (command === null) return null;
  return makeJob(deliveryId, payload.installation.id, payload.repository, {
      kind: "issue-command",
      issue: payload.issue.number,
      commentId: payload.comment.id,
      command: command.name,
      instructions: command.instructions,
      actor,
    });
}

/** The issue a bot branch belongs to: `stacksmith/issue-<N>/<k>-<slug>`. */
export function issueOfBranch(branch: string): number | null {
  const match = /^stacksmith\/issue-(\d+)\/\d+-/.exec(branch);
  return match?.[1] === undefined ? null : Number(match[1]);
}

/** `/agent fix` on a pull request, which is one of the bot's when its head is a bot branch. */
export async function triggerFromPrComment(
  deliveryId: string,
  payload: IssueCommentCreatedPayload,
  headOf: (pr: number) => Promise<string | null>,
): Promise<Job | null> {
  if (payload.installation === undefined || payload.comment.user === null) return null;
  if (payload.issue.pull_request === undefined) return null;
  const actor = toActor(payload.comment.user);
  if (actor.isBot) return null;
  const command = parseAgentCommand(payload.comment.body);
  if (command === null) return null;
  const head = await headOf(payload.issue.number);
  const issue = head === null ? null : issueOfBranch(head);
  if (issue === null) return null;
  return makeJob(deliveryId, payload.installation.id, payload.repository, { kind: "pr-command", issue, pr: payload.issue.number, commentId: payload.comment.id, command: command.name, instructions: command.instructions, actor });
}

interface PullRequestPayload {
  number: number;
  merged?: boolean | null;
  head: { ref: string };
  /** Its native stack (GitHub's stacked pull requests), when it is in one. */
  stack?: unknown;
}

export interface PullRequestReviewSubmittedPayload {
  review: { id: number; state: string; user: UserPayload | null };
  pull_request: PullRequestPayload;
  repository: RepositoryPayload;
  sender: UserPayload;
  installation?: { id: number };
}

/** A review requesting changes on a bot pull request. */
export function triggerFromReview(deliveryId: string, payload: PullRequestReviewSubmittedPayload): Job | null {
  if (payload.installation === undefined || payload.review.user === null) return null;
  if (payload.review.state.toLowerCase() !== "changes_requested") return null;
  const actor = toActor(payload.review.user);
  const issue = issueOfBranch(payload.pull_request.head.ref);
  if (actor.isBot || issue === null) return null;
  return makeJob(deliveryId, payload.installation.id, payload.repository, { kind: "pr-review", issue, pr: payload.pull_request.number, reviewId: payload.review.id, actor });
}

export interface PullRequestClosedPayload {
  pull_request: PullRequestPayload;
  repository: RepositoryPayload;
  sender: UserPayload;
  installation?: { id: number };
}

/** A bot pull request was merged or closed. */
export function triggerFromClosed(deliveryId: string, payload: PullRequestClosedPayload): Job | null {
  if (payload.installation === undefined) return null;
  const issue = issueOfBranch(payload.pull_request.head.ref);
  if (issue === null) return null;
  const stack = stackRefOf(payload.pull_request.stack)?.number ?? null;
  return makeJob(deliveryId, payload.installation.id, payload.repository, { kind: "pr-closed", issue, pr: payload.pull_request.number, merged: payload.pull_request.merged === true, stack, actor: toActor(payload.sender) });
}

const FAILED_CONCLUSIONS = new Set(["failure", "timed_out", "startup_failure"]);

export interface CheckSuiteCompletedPayload {
  check_suite: { head_branch: string | null; head_sha: string; conclusion: string | null };
  repository: RepositoryPayload;
  sender: UserPayload;
  installation?: { id: number };
}

export interface CheckRunCompletedPayload {
  check_run: { head_sha: string; conclusion: string | null; check_suite: { head_branch?: string | null } };
  repository: RepositoryPayload;
  sender: UserPayload;
  installation?: { id: number };
}

function ciJob(deliveryId: string, branch: string | null, sha: string, conclusion: string | null, payload: CheckSuiteCompletedPayload | CheckRunCompletedPayload | StatusPayload): Job | null {
  if (payload.installation === undefined || branch === null || !FAILED_CONCLUSIONS.has(conclusion ?? "")) return null;
  const issue = issueOfBranch(branch);
  if (issue === null) return null;
  return makeJob(deliveryId, payload.installation.id, payload.repository, { kind: "ci-failure", issue, branch, headSha: sha, actor: toActor(payload.sender) });
}

export interface StatusPayload {
  sha: string;
  state: string;
  /** The branches whose head the commit is. */
  branches: Array<{ name: string; commit: { sha: string | null } }>;
  repository: RepositoryPayload;
  sender: UserPayload;
  installation?: { id: number };
}

/** A commit status (CI that reports statuses, not checks) failed on the head of a bot branch. */
export function triggerFromStatus(deliveryId: string, payload: StatusPayload): Job | null {
  if (payload.state !== "failure" && payload.state !== "error") return null;
  const branch = payload.branches.find((b) => b.commit.sha === payload.sha && issueOfBranch(b.name) !== null);
  return branch === undefined ? null : ciJob(deliveryId, branch.name, payload.sha, "failure", payload);
}

/** A check suite failed on the head of a bot branch. */
export function triggerFromCheckSuite(deliveryId: string, payload: CheckSuiteCompletedPayload): Job | null {
  const s = payload.check_suite;
  return ciJob(deliveryId, s.head_branch, s.head_sha, s.conclusion, payload);
}

/** A check run failed on the head of a bot branch. */
export function triggerFromCheckRun(deliveryId: string, payload: CheckRunCompletedPayload): Job | null {
  const r = payload.check_run;
  return ciJob(deliveryId, r.check_suite.head_branch ?? null, r.head_sha, r.conclusion, payload);
}

export interface PushPayload {
  ref: string;
  after: string;
  deleted?: boolean;
  repository: Omit<RepositoryPayload, "owner"> & { owner: { login: string } | null };
  sender?: UserPayload;
  installation?: { id: number };
}

type DefaultBranchPush = PushPayload & { installation: { id: number }; repository: { owner: { login: string } } };

/** Whether a push may move a stack's base: new commits on the default branch, for an installation. */
export function pushMovesDefaultBranch(payload: PushPayload): payload is DefaultBranchPush {
  const { owner, default_branch: branch } = payload.repository;
  return payload.installation !== undefined && owner !== null && payload.deleted !== true && payload.ref === `refs/heads/${branch}`;
}

/**
 * New commits on the default branch: one job per issue whose stack has an open part based on it
 * (`openHeads` lists the head branches of the open pull requests into that branch).
 */
export async function triggersFromPush(deliveryId: string, payload: PushPayload, openHeads: (base: string) => Promise<string[]>): Promise<Job[]> {
  if (!pushMovesDefaultBranch(payload)) return [];
  const { owner, ...rest } = payload.repository;
  const branch = rest.default_branch;
  const issues = new Set((await openHeads(branch)).map(issueOfBranch).filter((i): i is number => i !== null));
  const actor = toActor(payload.sender ?? { login: "ghost" });
  const installation = payload.installation.id;
  const repository = { ...rest, owner };
  // One delivery, several issues: each job's id names its issue, so each is its own run.
  return [...issues].flatMap((issue) => makeJob(`${deliveryId}:${issue}`, installation, repository, { kind: "base-moved", issue, headSha: payload.after, actor }) ?? []);
}
