import { z } from "zod";
import type { IssueText, MergedPullRequest, PullRequestSource } from "../dataset/mine/pull-request-walk.js";
import { StacksmithError } from "../shared/errors.js";

/**
 * Merged pull requests and issues over GitHub's REST API, with plain `fetch` (a handful of
 * read-only GETs, where Octokit would bring its own retry and throttling stack for nothing).
 * Responses are validated at this edge and translated to the mining port's shapes.
 */

const User = z.object({ login: z.string() }).nullable();

const PullRequestItem = z.object({
  number: z.number().int(),
  title: z.string(),
  body: z.string().nullable(),
  html_url: z.string(),
  user: User,
  merged_at: z.string().nullable(),
  updated_at: z.string(),
  merge_commit_sha: z.string().nullable(),
});

const Issue = z.object({
  number: z.number().int(),
  title: z.string(),
  body: z.string().nullable(),
  pull_request: z.unknown().optional(),
});

const PullRequestDetail = z.object({ commits: z.number().int() });

const SearchCount = z.object({ total_count: z.number().int().nonnegative(), incomplete_results: z.boolean().optional() });

export interface RestSourceOptions {
  owner: string;
  name: string;
  token: string;
  /** The API root; default https://api.github.com (GitHub Enterprise: https://HOST/api/v3). */
  apiUrl?: string;
  fetch?: typeof fetch;
  /** Pull requests per page (at most 100). */
  perPage?: number;
}

export class RestPullRequestSource implements PullRequestSource {
  readonly owner: string;
  readonly name: string;
  readonly #token: string;
  readonly #api: string;
  readonly #fetch: typeof fetch;
  readonly #perPage: number;

  constructor(options: RestSourceOptions) {
    this.owner = options.owner;
    this.name = options.name;
    this.#token = options.token;
    this.#api = (options.apiUrl ?? "https://api.github.com").replace(/\/+$/, "");
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#perPage = options.perPage ?? 100;
  }

  async #get(path: string, allowNotFound = false): Promise<unknown> {
    return this.#getApi(`/repos/${encodeURIComponent(this.owner)}/${encodeURIComponent(this.name)}${path}`, path, allowNotFound);
  }

  async #getApi(apiPath: string, path: string, allowNotFound = false): Promise<unknown> {
    const url = `${this.#api}${apiPath}`;
    let response: Response;
    try {
      response = await this.#fetch(url, {
        headers: { accept: "application/vnd.github+json", authorization: `Bearer ${this.#token}`, "x-github-api-version": "2022-11-28", "user-agent": "stacksmith" },
      });
    } catch (err) {
      throw new StacksmithError("GITHUB_FAILED", `GET ${path} failed: ${err instanceof Error ? err.message : String(err)}`, {}, { cause: err });
    }
    if (allowNotFound && (response.status === 404 || response.status === 410)) return null;
    if (!response.ok) {
      const hint = response.status === 401 ? " (is GITHUB_TOKEN valid?)" : response.status === 403 ? " (rate limited, or the token lacks access)" : "";
      throw new StacksmithError("GITHUB_FAILED", `GET ${path} failed: HTTP ${response.status}${hint}`, { status: response.status });
    }
    return response.json();
  }

  #parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new StacksmithError("GITHUB_FAILED", `GitHub sent an unexpected ${what}: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    return parsed.data;
  }

  async *mergedPullRequests(): AsyncIterable<MergedPullRequest> {
    for (let page = 1; ; page++) {
      const body = await this.#get(`/pulls?state=closed&sort=updated&direction=desc&per_page=${this.#perPage}&page=${page}`);
      const items = this.#parse(z.array(PullRequestItem), body, "pull request list");
      for (const pr of items) {
        if (pr.merged_at === null) continue;
        yield {
          number: pr.number,
          title: pr.title,
          body: pr.body ?? "",
          url: pr.html_url,
          author: pr.user?.login ?? "ghost",
          mergedAt: pr.merged_at,
          updatedAt: pr.updated_at,
          mergeCommitSha: pr.merge_commit_sha,
        };
      }
      if (items.length < this.#perPage) return;
    }
  }

  async issue(number: number): Promise<IssueText | null> {
    const body = await this.#get(`/issues/${number}`, true);
    if (body === null) return null;
    const issue = this.#parse(Issue, body, "issue");
    if (issue.pull_request !== undefined) return null;
    return { number: issue.number, title: issue.title, body: issue.body ?? "" };
  }

  /**
   * The merged pull requests, from the search API's count (one request). Progress only: a
   * search the host refuses (or counts only in part) leaves the total unknown.
   */
  async countMerged(since?: number): Promise<number | null> {
    const merged = since === undefined ? "" : ` merged:>=${new Date(since * 1000).toISOString().replace(/\.\d{3}Z$/, "Z")}`;
    const q = `repo:${this.owner}/${this.name} is:pr is:merged${merged}`;
    try {
      const body = await this.#getApi(`/search/issues?q=${encodeURIComponent(q)}&per_page=1`, "/search/issues");
      const parsed = SearchCount.safeParse(body);
      return parsed.success && parsed.data.incomplete_results !== true ? parsed.data.total_count : null;
    } catch {
      return null;
    }
  }

  async commitCount(number: number): Promise<number> {
    return this.#parse(PullRequestDetail, await this.#get(`/pulls/${number}`), "pull request").commits;
  }
}
