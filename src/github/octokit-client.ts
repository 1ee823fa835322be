import type { ProbotOctokit } from "probot";
import type { GitHubClient, IssueData, NewPullRequest, PullRequestRef, Reaction, ReactionTarget } from "./github-client.js";

type Octokit = InstanceType<typeof ProbotOctokit>;

function isNotFound(err: unknown): boolean {
  return typeof err === "object" && err !== null && "status" in err && (err as { status: unknown }).status === 404;
}

function toPullRequestRef(pr: { number: number; html_url: string; head: { ref: string }; base: { ref: string }; draft?: boolean }): PullRequestRef {
  return { number: pr.number, url: pr.html_url, head: pr.head.ref, base: pr.base.ref, draft: pr.draft ?? false };
}

/** GitHubClient over an installation-authenticated Probot Octokit. */
export class OctokitGitHubClient implements GitHubClient {
  readonly #octokit: Octokit;
  readonly #owner: string;
  readonly #repo: string;

  constructor(octokit: Octokit, owner: string, repo: string) {
    this.#octokit = octokit;
    this.#owner = owner;
    this.#repo = repo;
  }

  get #where() {
    return { owner: this.#owner, repo: this.#repo };
  }

  async installationToken(): Promise<string> {
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
      if (isNotFound(err)) return null;
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

  async createPullRequest(pr: NewPullRequest): Promise<PullRequestRef> {
    const { data } = await this.#octokit.rest.pulls.create({ ...this.#where, ...pr });
    return toPullRequestRef(data);
  }

  async updatePullRequest(number: number, fields: { title?: string; body?: string; base?: string }): Promise<void> {
    await this.#octokit.rest.pulls.update({ ...this.#where, pull_number: number, ...fields });
  }
}
