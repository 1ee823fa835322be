import type { Walked } from "./commit-walk.js";
import type { HistoryRepo } from "./history-repo.js";
import { linkedIssues } from "./linked-issues.js";
import { botMarker } from "./mine-filters.js";

/** A merged pull request, as mining needs it. Dates are ISO 8601. */
export interface MergedPullRequest {
  number: number;
  title: string;
  body: string;
  url: string;
  author: string;
  mergedAt: string;
  updatedAt: string;
  /** The commit the merge put on the base branch (the merge, squash or last rebased commit). */
  mergeCommitSha: string | null;
}

export interface IssueText {
  number: number;
  title: string;
  body: string;
}

/** The port to a code host's pull requests and issues (the GitHub REST adapter implements it). */
export interface PullRequestSource {
  readonly owner: string;
  readonly name: string;
  /** Closed pull requests that were merged, most recently updated first. */
  mergedPullRequests(): AsyncIterable<MergedPullRequest>;
  /** An issue's text, or null when it does not exist or is a pull request. */
  issue(number: number): Promise<IssueText | null>;
  /** How many commits the pull request had. */
  commitCount(number: number): Promise<number>;
  /** How many pull requests were merged (since then, in seconds since the epoch), or null when the host cannot say. */
  countMerged?(since?: number): Promise<number | null>;
}

export interface PullRequestWalkOptions {
  repoName: string;
  /** Seconds since the epoch: stop at pull requests last updated before, skip those merged before. */
  since?: number;
  limit?: number;
}

export function pullRequestTask(pr: Pick<MergedPullRequest, "title" | "body">, issues: readonly IssueText[]): string {
  const parts = [pr.title.trim(), ...(pr.body.trim() === "" ? [] : [pr.body.trim()])];
  for (const issue of issues) parts.push(`Issue #${issue.number}: ${issue.title.trim()}${issue.body.trim() === "" ? "" : `\n\n${issue.body.trim()}`}`);
  return parts.join("\n\n");
}

/**
 * The base of a merged pull request's change on the base branch: a merge commit's first
 * parent; for a single-parent commit, its parent when it is a squash (its subject names the
 * pull request, `(#N)`, or the pull request had one commit), else the commit as many
 * first parents back as the pull request had commits (a rebase merge).
 */
async function baseOf(repo: HistoryRepo, source: PullRequestSource, pr: MergedPullRequest, sha: string): Promise<string | null> {
  const commit = await repo.readCommit(sha);
  const parent = commit.parents[0];
  if (parent === undefined) return null;
  if (commit.parents.length > 1 || commit.message.split("\n")[0]?.includes(`(#${pr.number})`) === true) return parent;
  const count = await source.commitCount(pr.number);
  let base: string | undefined = sha;
  for (let i = 0; i < count && base !== undefined; i++) base = (await repo.readCommit(base)).parents[0];
  return base ?? null;
}

/**
 * Merged pull requests, newest first, as mining candidates: the change is what the merge put
 * on the base branch (found in the local clone by its commit), the task the pull request's
 * title and body plus the text of the issues it closes. Bot pull requests (SWE-RL's markers
 * in the title, body or author) are skipped, and so are those whose commit is not in the clone.
 */
export async function* walkPullRequests(repo: HistoryRepo, source: PullRequestSource, options: PullRequestWalkOptions): AsyncGenerator<Walked> {
  let seen = 0;
  for await (const pr of source.mergedPullRequests()) {
    if (options.limit !== undefined && seen >= options.limit) return;
    if (options.since !== undefined && Date.parse(pr.updatedAt) / 1000 < options.since) return;
    if (options.since !== undefined && Date.parse(pr.mergedAt) / 1000 < options.since) continue;
    seen++;
    const id = `${options.repoName}#${pr.number}`;
    const marker = botMarker(pr.title, pr.body, pr.author);
    if (marker !== null) {
      yield { kind: "skipped", id, reason: "bot", detail: marker };
      continue;
    }
    const head = pr.mergeCommitSha;
    const base = head === null ? null : await baseOf(repo, source, pr, head).catch(() => null);
    if (head === null || base === null) {
      yield { kind: "skipped", id, reason: "not-found" };
      continue;
    }
    const issues: IssueText[] = [];
    for (const n of linkedIssues(pr.body, source.owner, source.name)) {
      const issue = await source.issue(n);
      if (issue !== null) issues.push(issue);
    }
    yield {
      kind: "candidate",
      candidate: {
        id,
        base,
        head,
        task: pullRequestTask(pr, issues),
        source: { kind: "pull_request", number: pr.number, url: pr.url, author: pr.author, merged_at: pr.mergedAt, issues: issues.map((i) => i.number) },
      },
    };
  }
}
