import type { ProbotOctokit } from "probot";
import type {
  AppIdentity,
  Annotation,
  CheckRunData,
  CommentData,
  GitHubClient,
  IssueData,
  NewPullRequest,
  Permission,
  PullRequestData,
  PullRequestRef,
  Reaction,
  ReactionTarget,
  ReviewData,
  StackAnswer,
} from "./github-client.js";
import { addToStack, createStack, findStack, stackRefOf, stacksEnabled } from "./stacks-api.js";

type Octokit = InstanceType<typeof ProbotOctokit>;

function status(err: unknown): number | null {
  return typeof err === "object" && err !== null && "status" in err && typeof err.status === "number" ? err.status : null;
}

interface RawPull {
  number: number;
  html_url: string;
  head: { ref: string; sha: string };
  base: { ref: string };
  draft?: boolean;
}

function toPullRequestRef(pr: RawPull): PullRequestRef {
  return { number: pr.number, url: pr.html_url, head: pr.head.ref, base: pr.base.ref, draft: pr.draft ?? false };
}

const isBot = (user: { type?: string; login?: string } | null | undefined) => user?.type === "Bot" || (user?.login ?? "").endsWith("[bot]");

interface RawAuthor {
  user?: { type?: string; login?: string } | null;
  performed_via_github_app?: { id?: number; slug?: string } | null;
}

/**
 * Whether a comment may be this app's: written by a bot user through a GitHub App, this app
 * in server mode. In Action mode the token is the workflow's (`github-actions`) or a GitHub
 * App's the workflow was given, which other workflows may hold too, so any app's bot qualifies
 * and the state's signature (state-key.ts) is what tells the app's own state apart.
 */
export function writtenBy(self: AppIdentity, comment: RawAuthor): boolean {
  const app = comment.performed_via_github_app;
  if (comment.user?.type !== "Bot" || app === null || app === undefined) return false;
  return self.kind === "app" ? app.id === self.appId : true;
}

/** GitHubClient over an installation-authenticated Probot Octokit. */
export class OctokitGitHubClient implements GitHubClient {
  readonly #octokit: Octokit;
  readonly #owner: string;
  readonly #repo: string;
  readonly #self: AppIdentity;
  readonly #refresh: (() => Promise<string>) | null;

  /** `refresh`: asks for a new installation token (null: the token cannot be renewed, as in Action mode). */
  constructor(octokit: Octokit, owner: string, repo: string, self: AppIdentity, refresh: (() => Promise<string>) | null = null) {
    this.#octokit = octokit;
    this.#owner = owner;
    this.#repo = repo;
    this.#self = self;
    this.#refresh = refresh;
  }

  get #where() {
    return { owner: this.#owner, repo: this.#repo };
  }

  async installationToken(refresh = false): Promise<string> {
    if (refresh && this.#refresh !== null) return this.#refresh();
    const auth = (await this.#octokit.auth({ type: "installation" })) as { token?: unknown };
    if (typeof auth.token !== "string") throw new Error("GitHub did not return an installation token");
    return auth.token;
  }

  async getIssue(issue: number): Promise<IssueData> {
    const { data } = await this.#octokit.rest.issues.get({ ...this.#where, issue_number: issue });
    return {
      number: data.number,
      title: data.title,
      body: data.body ?? "",
      author: data.user?.login ?? "ghost",
      state: data.state === "closed" ? "closed" : "open",
    };
  }

  async readFile(path: string, ref: string): Promise<string | null> {
    try {
      const { data } = await this.#octokit.rest.repos.getContent({ ...this.#where, path, ref });
      if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return null;
      return Buffer.from(data.content, "base64").toString("utf8");
    } catch (err) {
      if (status(err) === 404) return null;
      throw err;
    }
  }

  async react(target: ReactionTarget, content: Reaction): Promise<void> {
    if (target.kind === "issue") {
      await this.#octokit.rest.reactions.createForIssue({ ...this.#where, issue_number: target.issue, content });
    } else {
      await this.#octokit.rest.reactions.createForIssueComment({ ...this.#where, comment_id: target.commentId, content });
    }
  }

  async listComments(issue: number): Promise<CommentData[]> {
    const comments = await this.#octokit.paginate(this.#octokit.rest.issues.listComments, { ...this.#where, issue_number: issue, per_page: 100 });
    return comments.map((c) => ({ id: c.id, body: c.body ?? "", authorIsBot: isBot(c.user), byThisApp: writtenBy(this.#self, c) }));
  }

  async createComment(issue: number, body: string): Promise<number> {
    const { data } = await this.#octokit.rest.issues.createComment({ ...this.#where, issue_number: issue, body });
    return data.id;
  }

  async updateComment(commentId: number, body: string): Promise<void> {
    await this.#octokit.rest.issues.updateComment({ ...this.#where, comment_id: commentId, body });
  }

  async findPullRequest(head: string): Promise<PullRequestRef | null> {
    const { data } = await this.#octokit.rest.pulls.list({ ...this.#where, head: `${this.#owner}:${head}`, state: "open", per_page: 1 });
    const pr = data[0];
    return pr === undefined ? null : toPullRequestRef(pr);
  }

  async getPullRequest(number: number): Promise<PullRequestData> {
    const { data } = await this.#octokit.rest.pulls.get({ ...this.#where, pull_number: number });
    return {
      ...toPullRequestRef(data),
      headSha: data.head.sha,
      state: data.state === "closed" ? "closed" : "open",
      merged: data.merged,
      mergeCommitSha: data.merge_commit_sha ?? null,
      mergeableState: typeof data.mergeable_state === "string" ? data.mergeable_state : null,
      stack: stackRefOf((data as { stack?: unknown }).stack),
      body: data.body ?? "",
      authorIsBot: isBot(data.user),
    };
  }

  findStack(pr: number): Promise<StackAnswer> {
    return findStack(this.#octokit, this.#where, pr);
  }

  stacksEnabled(): Promise<boolean> {
    return stacksEnabled(this.#octokit, this.#where);
  }

  createStack(prs: readonly number[]): Promise<StackAnswer> {
    return createStack(this.#octokit, this.#where, prs);
  }

  addToStack(stackNumber: number, prs: readonly number[]): Promise<StackAnswer> {
    return addToStack(this.#octokit, this.#where, stackNumber, prs);
  }

  async createPullRequest(pr: NewPullRequest): Promise<PullRequestRef> {
    const { data } = await this.#octokit.rest.pulls.create({ ...this.#where, ...pr });
    return toPullRequestRef(data);
  }

  async updatePullRequest(number: number, fields: { title?: string; body?: string; base?: string }): Promise<void> {
    await this.#octokit.rest.pulls.update({ ...this.#where, pull_number: number, ...fields });
  }

  async getReview(pr: number, reviewId: number): Promise<ReviewData> {
    const { data: review } = await this.#octokit.rest.pulls.getReview({ ...this.#where, pull_number: pr, review_id: reviewId });
    const comments = await this.#octokit.paginate(this.#octokit.rest.pulls.listCommentsForReview, {
      ...this.#where,
      pull_number: pr,
      review_id: reviewId,
      per_page: 100,
    });
    return {
      id: review.id,
      state: review.state,
      body: review.body ?? "",
      author: review.user?.login ?? "ghost",
      comments: comments.map((c) => ({ id: c.id, path: c.path, line: c.line ?? c.original_line ?? null, body: c.body, author: c.user?.login ?? "ghost" })),
    };
  }

  async replyToReviewComment(pr: number, commentId: number, body: string): Promise<void> {
    await this.#octokit.rest.pulls.createReplyForReviewComment({ ...this.#where, pull_number: pr, comment_id: commentId, body });
  }

  async listCheckRuns(sha: string): Promise<CheckRunData[]> {
    const runs = await this.#octokit.paginate(this.#octokit.rest.checks.listForRef, { ...this.#where, ref: sha, per_page: 100 });
    return runs.map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      conclusion: r.conclusion,
      app: r.app?.slug ?? null,
      summary: r.output.summary ?? "",
    }));
  }

  async listCommitStatuses(sha: string): Promise<CheckRunData[]> {
    const { data } = await this.#octokit.rest.repos.getCombinedStatusForRef({ ...this.#where, ref: sha, per_page: 100 });
    return data.statuses.map((s) => ({
      id: -1,
      name: s.context,
      status: s.state === "pending" ? "in_progress" : "completed",
      conclusion: s.state === "success" ? "success" : s.state === "pending" ? null : "failure",
      app: "status",
      summary: [s.description ?? "", s.target_url ?? ""].filter((t) => t !== "").join("\n"),
    }));
  }

  async listAnnotations(checkRunId: number): Promise<Annotation[]> {
    const { data } = await this.#octokit.rest.checks.listAnnotations({ ...this.#where, check_run_id: checkRunId, per_page: 50 });
    return data.map((a) => ({ path: a.path, line: a.start_line, level: a.annotation_level ?? "failure", message: a.message ?? "" }));
  }

  async jobLog(jobId: number): Promise<string | null> {
    try {
      const response = await this.#octokit.rest.actions.downloadJobLogsForWorkflowRun({ ...this.#where, job_id: jobId });
      const data: unknown = response.data;
      if (typeof data === "string") return data;
      if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
      return null;
    } catch (err) {
      const code = status(err);
      if (code === 404 || code === 410 || code === 403) return null;
      throw err;
    }
  }

  async rerunJob(jobId: number): Promise<boolean> {
    try {
      await this.#octokit.rest.actions.reRunJobForWorkflowRun({ ...this.#where, job_id: jobId });
      return true;
    } catch (err) {
      const code = status(err);
      if (code === 403 || code === 404 || code === 422) return false;
      throw err;
    }
  }

  async permission(login: string): Promise<Permission> {
    try {
      const { data } = await this.#octokit.rest.repos.getCollaboratorPermissionLevel({ ...this.#where, username: login });
      const role = (data as { role_name?: string }).role_name;
      if (role === "admin" || role === "maintain" || role === "write" || role === "triage" || role === "read") return role;
      const p = data.permission;
      return p === "admin" || p === "write" || p === "read" ? p : "none";
    } catch (err) {
      if (status(err) === 404) return "none";
      throw err;
    }
  }
}
