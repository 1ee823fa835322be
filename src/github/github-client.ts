/** What the agent needs from GitHub, for one repository of one installation. */

export interface IssueData {
  number: number;
  title: string;
  body: string;
  author: string;
  state: "open" | "closed";
}

export interface PullRequestRef {
  number: number;
  url: string;
  head: string;
  base: string;
  draft: boolean;
}

/** A pull request's place in a native GitHub stack (the `stack` object GitHub puts on pull requests). */
export interface PullRequestStackRef {
  /** The stack's number in the repository: what the Stacks API addresses. */
  number: number;
  /** 1 is the bottom, next to the stack's base. */
  position: number;
  size: number;
  /** The branch the whole stack targets. */
  baseRef: string;
}

export interface PullRequestData extends PullRequestRef {
  /** The head commit; for a merged pull request, the head it had when it was merged (GitHub keeps it). */
  headSha: string;
  state: "open" | "closed";
  merged: boolean;
  /** What the merge made on the base branch: the merge commit, the squash commit, or the last rebased commit. */
  mergeCommitSha: string | null;
  /** GitHub's `mergeable_state` (`clean`, `dirty` for conflicts, `unknown` while it computes…), when it says. */
  mergeableState: string | null;
  /** Its native stack, when it is in one. */
  stack: PullRequestStackRef | null;
  body: string;
  authorIsBot: boolean;
}

/** A native stack as the Stacks API returns it: its pull requests bottom to top. */
export interface NativeStack {
  number: number;
  baseRef: string;
  pullRequests: Array<{ number: number; state: "open" | "closed"; merged: boolean; headRef: string; headSha: string }>;
}

/**
 * What a Stacks API call came to: the stack, or that the repository has no stacked pull
 * requests (GitHub answers 404), or that GitHub refused the change (422, with its message).
 */
export type StackAnswer = { kind: "stack"; stack: NativeStack } | { kind: "none" } | { kind: "unavailable" } | { kind: "refused"; message: string };

export interface CommentData {
  id: number;
  body: string;
  authorIsBot: boolean;
  /** Written by this app itself (its installation, or the workflow's token in Action mode). */
  byThisApp: boolean;
}

/**
 * Who the app is on GitHub, to tell its own comments from everyone else's: the GitHub App
 * by its id (server mode), or whatever app's token the workflow holds (Action mode, where
 * every workflow of the repository writes as the same bot, and only the signature tells).
 */
export type AppIdentity = { kind: "app"; appId: number } | { kind: "actions" };

export interface ReviewComment {
  id: number;
  path: string;
  line: number | null;
  body: string;
  author: string;
}

export interface ReviewData {
  id: number;
  state: string;
  body: string;
  author: string;
  comments: ReviewComment[];
}

export interface CheckRunData {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  /** The GitHub App that ran it (`github-actions` for Actions jobs); `status` for a commit status, which has no run. */
  app: string | null;
  summary: string;
}

export interface Annotation {
  path: string;
  line: number;
  level: string;
  message: string;
}

export type ReactionTarget = { kind: "issue"; issue: number } | { kind: "comment"; commentId: number };

export type Reaction = "eyes" | "rocket" | "confused";

export type Permission = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export interface NewPullRequest {
  title: string;
  body: string;
  head: string;
  base: string;
  draft: boolean;
}

export interface GitHubClient {
  /** The installation token for git over HTTPS; call it before each git operation. `refresh` forces a new one. */
  installationToken(refresh?: boolean): Promise<string>;
  getIssue(issue: number): Promise<IssueData>;
  /** A file's text at a ref, or null when it does not exist. */
  readFile(path: string, ref: string): Promise<string | null>;
  react(target: ReactionTarget, content: Reaction): Promise<void>;
  listComments(issue: number): Promise<CommentData[]>;
  createComment(issue: number, body: string): Promise<number>;
  updateComment(commentId: number, body: string): Promise<void>;
  /** The open pull request whose head is this branch of this repository, if any. */
  findPullRequest(head: string): Promise<PullRequestRef | null>;
  getPullRequest(number: number): Promise<PullRequestData>;
  createPullRequest(pr: NewPullRequest): Promise<PullRequestRef>;
  updatePullRequest(number: number, fields: { title?: string; body?: string; base?: string }): Promise<void>;
  /** The native stack holding this pull request (`none`: it is in none; `unavailable`: the repository has no stacks). */
  findStack(pr: number): Promise<StackAnswer>;
  /** Whether the repository has native stacked pull requests (the Stacks API answers). */
  stacksEnabled(): Promise<boolean>;
  /** Makes a native stack of open pull requests, bottom to top, each based on the head of the one before. */
  createStack(prs: readonly number[]): Promise<StackAnswer>;
  /** Puts pull requests on top of a native stack, from its current top upward. */
  addToStack(stackNumber: number, prs: readonly number[]): Promise<StackAnswer>;
  getReview(pr: number, reviewId: number): Promise<ReviewData>;
  replyToReviewComment(pr: number, commentId: number, body: string): Promise<void>;
  listCheckRuns(sha: string): Promise<CheckRunData[]>;
  /** The commit statuses on a commit (CI that reports statuses, not checks), the latest per context, as check runs. */
  listCommitStatuses(sha: string): Promise<CheckRunData[]>;
  listAnnotations(checkRunId: number): Promise<Annotation[]>;
  /** The log text of a GitHub Actions job, or null when it is not available. */
  jobLog(jobId: number): Promise<string | null>;
  /** Re-runs a GitHub Actions job (and the jobs that need it); false when GitHub will not (no permission, gone). */
  rerunJob(jobId: number): Promise<boolean>;
  permission(login: string): Promise<Permission>;
}
