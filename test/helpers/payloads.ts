import examples from "@octokit/webhooks-examples";

type Example = Record<string, unknown> & { action?: string };

function example(event: string, action: string, pick: (e: Example) => boolean = () => true): Example {
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
