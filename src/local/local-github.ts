import type {
  Annotation,
  CheckRunData,
  CommentData,
  GitHubClient,
  IssueData,
  NewPullRequest,
  Permission,
  PullRequestData,
  PullRequestRef,
  ReviewData,
  StackAnswer,
} from "../github/github-client.js";
import type { Workspace } from "../git/workspace.js";
import { StacksmithError } from "../shared/errors.js";

/** A pull request the local platform opened: a branch and what the app would have said on GitHub. */
export interface LocalPullRequest {
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
  draft: boolean;
}

export interface LocalGitHubInit {
  issue: { number: number; title: string; body: string };
  /** The repository, at the commit the run starts from (its "default branch"). */
  workspace: Workspace;
  /** The text served as `.github/stacksmith.yml` (the repository's, with the run's settings on top). */
  configText: string | null;
  configPath: string;
  /** Called with the progress comment's text each time the app writes it. */
  onComment?: (body: string) => void;
}

function unavailable(what: string): StacksmithError {
  return new StacksmithError("INTERNAL", `${what} is not available on a local repository`);
}

/**
 * The platform port on a local repository: what the pipeline asks of GitHub, answered for one
 * issue given on the command line. Comments and pull requests are kept in memory (the progress
 * comment goes to `onComment`, for the terminal); files are read from the repository; the person
 * asking may write; there are no stacks, checks or reviews.
 */
export class LocalGitHub implements GitHubClient {
  readonly #init: LocalGitHubInit;
  readonly #comments = new Map<number, string>();
  readonly #pulls = new Map<number, LocalPullRequest>();
  #nextPull: number;

  constructor(init: LocalGitHubInit) {
    this.#init = init;
    this.#nextPull = init.issue.number + 1;
  }

  /** The pull requests opened, in order. */
  get pullRequests(): LocalPullRequest[] {
    return [...this.#pulls.values()];
  }

  async installationToken(): Promise<string> {
    throw unavailable("a GitHub token");
  }

  async getIssue(issue: number): Promise<IssueData> {
    const own = this.#init.issue;
    if (issue !== own.number) throw new StacksmithError("GITHUB_FAILED", `issue #${issue} is not the one given`);
    return { number: own.number, title: own.title, body: own.body, author: "local", state: "open" };
  }

  async readFile(path: string): Promise<string | null> {
    if (path === this.#init.configPath) return this.#init.configText;
    const { workspace } = this.#init;
    const bytes = await workspace.readFile(workspace.head, path);
    return bytes === null ? null : new TextDecoder().decode(bytes);
  }

  async react(): Promise<void> {}

  async listComments(): Promise<CommentData[]> {
    return [...this.#comments].map(([id, body]) => ({ id, body, authorIsBot: true, byThisApp: true }));
  }

  async createComment(_issue: number, body: string): Promise<number> {
    const id = this.#comments.size + 1;
    this.#comments.set(id, body);
    this.#init.onComment?.(body);
    return id;
  }

  async updateComment(commentId: number, body: string): Promise<void> {
    if (!this.#comments.has(commentId)) throw new StacksmithError("GITHUB_FAILED", `comment ${commentId} does not exist`);
    this.#comments.set(commentId, body);
    this.#init.onComment?.(body);
  }

  async findPullRequest(head: string): Promise<PullRequestRef | null> {
    const pr = this.pullRequests.find((p) => p.head === head);
    return pr === undefined ? null : this.#ref(pr);
  }

  async getPullRequest(number: number): Promise<PullRequestData> {
    const pr = this.#pulls.get(number);
    if (pr === undefined) throw new StacksmithError("GITHUB_FAILED", `pull request #${number} does not exist`);
    return { ...this.#ref(pr), headSha: "", state: "open", merged: false, mergeCommitSha: null, mergeableState: null, stack: null, body: pr.body, authorIsBot: true };
  }

  async createPullRequest(pr: NewPullRequest): Promise<PullRequestRef> {
    const made: LocalPullRequest = { number: this.#nextPull++, head: pr.head, base: pr.base, title: pr.title, body: pr.body, draft: pr.draft };
    this.#pulls.set(made.number, made);
    return this.#ref(made);
  }

  async updatePullRequest(number: number, fields: { title?: string; body?: string; base?: string }): Promise<void> {
    const pr = this.#pulls.get(number);
    if (pr === undefined) throw new StacksmithError("GITHUB_FAILED", `pull request #${number} does not exist`);
    this.#pulls.set(number, { ...pr, ...fields });
  }

  async findStack(): Promise<StackAnswer> {
    return { kind: "unavailable" };
  }

  async stacksEnabled(): Promise<boolean> {
    return false;
  }

  async createStack(): Promise<StackAnswer> {
    return { kind: "unavailable" };
  }

  async addToStack(): Promise<StackAnswer> {
    return { kind: "unavailable" };
  }

  async getReview(): Promise<ReviewData> {
    throw unavailable("a review");
  }

  async replyToReviewComment(): Promise<void> {
    throw unavailable("a review");
  }

  async listCheckRuns(): Promise<CheckRunData[]> {
    return [];
  }

  async listCommitStatuses(): Promise<CheckRunData[]> {
    return [];
  }

  async listAnnotations(): Promise<Annotation[]> {
    return [];
  }

  async jobLog(): Promise<string | null> {
    return null;
  }

  async rerunJob(): Promise<boolean> {
    return false;
  }

  async permission(): Promise<Permission> {
    return "admin";
  }

  #ref(pr: LocalPullRequest): PullRequestRef {
    return { number: pr.number, url: pr.head, head: pr.head, base: pr.base, draft: pr.draft };
  }
}
