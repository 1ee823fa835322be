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

export interface PullRequestData extends PullRequestRef {
  headSha: string;
  state: "open" | "closed";
  merged: boolean;
  body: string;
  authorIsBot: boolean;
}

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
  getReview(pr: number, reviewId: number): Promise<ReviewData>;
  replyToReviewComment(pr: number, commentId: number, body: string): Promise<void>;
  listCheckRuns(sha: string): Promise<CheckRunData[]>;
  /** The commit statuses on a commit (CI that reports statuses, not checks), the latest per context, as check runs. */
  listCommitStatuses(sha: string): Promise<CheckRunData[]>;
  listAnnotations(checkRunId: number): Promise<Annotation[]>;
  /** The log text of a GitHub Actions job, or null when it is not available. */
  jobLog(jobId: number): Promise<string | null>;
  permission(login: string): Promise<Permission>;
}
