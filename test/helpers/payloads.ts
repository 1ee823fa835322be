import examples from "@octokit/webhooks-examples";

type Example = Record<string, unknown> & { action?: string };

function example(event: string, action: string | undefined, pick: (e: Example) => boolean = () => true): Example {
  const group = (examples as unknown as Array<{ name: string; examples: Example[] }>).find((e) => e.name === event);
  const found = group?.examples.find((e) => e.action === action && pick(e));
  if (found === undefined) throw new Error(`no example payload for ${event}.${action}`);
  return structuredClone(found);
}

export interface RepoOverrides {
  owner: string;
  name: string;
  cloneUrl: string;
  defaultBranch?: string;
}

function pointAt(payload: Example, repo: RepoOverrides, installationId: number): void {
  const repository = payload.repository as Record<string, unknown> & { owner: Record<string, unknown> };
  repository.name = repo.name;
  repository.full_name = `${repo.owner}/${repo.name}`;
  repository.owner.login = repo.owner;
  repository.clone_url = repo.cloneUrl;
  repository.default_branch = repo.defaultBranch ?? "main";
  payload.installation = { id: installationId, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
}

/** The real `issues.labeled` example, pointed at a local repository. */
export function issuesLabeled(repo: RepoOverrides, opts: { label: string; issue?: number; installationId?: number }): Example {
  const payload = example("issues", "labeled");
  pointAt(payload, repo, opts.installationId ?? 1);
  (payload.label as Record<string, unknown>).name = opts.label;
  if (opts.issue !== undefined) (payload.issue as Record<string, unknown>).number = opts.issue;
  return payload;
}

/** The real `issue_comment.created` example (on an issue), with a given comment body. */
export function issueCommentCreated(repo: RepoOverrides, opts: { body: string; commentId?: number; installationId?: number }): Example {
  const payload = example("issue_comment", "created", (e) => (e.issue as Record<string, unknown>).pull_request === undefined);
  pointAt(payload, repo, opts.installationId ?? 1);
  const comment = payload.comment as Record<string, unknown>;
  comment.body = opts.body;
  if (opts.commentId !== undefined) comment.id = opts.commentId;
  return payload;
}

/** The real `pull_request_review.submitted` example: a review on a pull request with the given head branch. */
export function reviewSubmitted(repo: RepoOverrides, opts: { pr: number; head: string; reviewId: number; state: string; reviewer?: string }): Example {
  const payload = example("pull_request_review", "submitted");
  pointAt(payload, repo, 1);
  const review = payload.review as Record<string, unknown>;
  review.id = opts.reviewId;
  review.state = opts.state;
  review.user = { login: opts.reviewer ?? "reviewer", type: "User" };
  const pr = payload.pull_request as Record<string, unknown> & { head: Record<string, unknown> };
  pr.number = opts.pr;
  pr.head.ref = opts.head;
  return payload;
}

/** A pull request's `stack` object as GitHub's stacked pull requests documentation shows it. */
export interface StackObject {
  id: number;
  number: number;
  size: number;
  position: number;
  base: { ref: string; sha: string };
}

/** The real `pull_request.closed` example, merged or not; `stack`: the pull request is in a native stack. */
export function pullRequestClosed(repo: RepoOverrides, opts: { pr: number; head: string; merged: boolean; stack?: StackObject }): Example {
  const payload = example("pull_request", "closed");
  pointAt(payload, repo, 1);
  const pr = payload.pull_request as Record<string, unknown> & { head: Record<string, unknown> };
  pr.number = opts.pr;
  pr.merged = opts.merged;
  pr.head.ref = opts.head;
  if (opts.stack !== undefined) pr.stack = opts.stack;
  payload.sender = { login: "maintainer", type: "User" };
  return payload;
}

/** The real `check_run.completed` example on a branch's head commit. */
export function checkRunCompleted(repo: RepoOverrides, opts: { branch: string; sha: string; conclusion: string }): Example {
  const payload = example("check_run", "completed");
  pointAt(payload, repo, 1);
  const run = payload.check_run as Record<string, unknown> & { check_suite: Record<string, unknown> };
  run.head_sha = opts.sha;
  run.conclusion = opts.conclusion;
  run.check_suite.head_branch = opts.branch;
  run.check_suite.head_sha = opts.sha;
  return payload;
}

/** The real `issue_comment.created` example, on a pull request. */
export function pullRequestCommentCreated(repo: RepoOverrides, opts: { pr: number; body: string; commentId: number }): Example {
  const payload = issueCommentCreated(repo, { body: opts.body, commentId: opts.commentId });
  const issue = payload.issue as Record<string, unknown>;
  issue.number = opts.pr;
  issue.pull_request = { url: `https://api.github.com/repos/${repo.owner}/${repo.name}/pulls/${opts.pr}` };
  return payload;
}

/** The real `status` example: a commit status on the head of a branch. */
export function statusEvent(repo: RepoOverrides, opts: { branch: string; sha: string; state: string; context?: string }): Example {
  const payload = example("status", undefined);
  pointAt(payload, repo, 1);
  payload.sha = opts.sha;
  payload.state = opts.state;
  payload.context = opts.context ?? "ci/jenkins";
  payload.branches = [{ name: opts.branch, commit: { sha: opts.sha, url: "" }, protected: false }];
  return payload;
}

/** The real `push` example: new commits on a branch (the default branch unless said). */
export function pushEvent(repo: RepoOverrides, opts: { after: string; branch?: string }): Example {
  const payload = example("push", undefined, (e) => e.deleted === false && typeof e.ref === "string" && e.ref.startsWith("refs/heads/"));
  pointAt(payload, repo, 1);
  payload.ref = `refs/heads/${opts.branch ?? repo.defaultBranch ?? "main"}`;
  payload.after = opts.after;
  return payload;
}
