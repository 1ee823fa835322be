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

export type ReactionTarget = { kind: "issue"; issue: number } | { kind: "comment"; commentId: number };

export type Reaction = "eyes" | "rocket" | "confused";

export interface NewPullRequest {
  title: string;
  body: string;
  head: string;
  base: string;
  draft: boolean;
}

export interface GitHubClient {
  /** A fresh installation token for git over HTTPS; call it before each git operation. */
  installationToken(): Promise<string>;
  getIssue(issue: number): Promise<IssueData>;
  /** A file's text at a ref, or null when it does not exist. */
  readFile(path: string, ref: string): Promise<string | null>;
  react(target: ReactionTarget, content: Reaction): Promise<void>;
  createComment(issue: number, body: string): Promise<number>;
  updateComment(commentId: number, body: string): Promise<void>;
  /** The open pull request whose head is this branch of this repository, if any. */
  findPullRequest(head: string): Promise<PullRequestRef | null>;
  createPullRequest(pr: NewPullRequest): Promise<PullRequestRef>;
  updatePullRequest(number: number, fields: { title?: string; body?: string; base?: string }): Promise<void>;
}
