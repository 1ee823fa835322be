import type { Actor, Job, RepoRef } from "../queue/job.js";
import { parseAgentCommand } from "./command.js";

/**
 * Translates webhook payloads into jobs. The shapes below are the few fields we read;
 * core code never sees a raw payload.
 */

interface UserPayload {
  login: string;
  type?: string;
}

interface RepositoryPayload {
  name: string;
  owner: { login: string };
  clone_url: string;
  default_branch: string;
  private: boolean;
  archived?: boolean;
  size?: number;
}

interface IssuePayload {
  number: number;
  pull_request?: unknown;
}

export interface IssuesLabeledPayload {
  label?: { name: string };
  issue: IssuePayload;
  repository: RepositoryPayload;
  sender: UserPayload;
  installation?: { id: number };
}

export interface IssueCommentCreatedPayload {
  comment: { id: number; body: string; user: UserPayload | null };
  issue: IssuePayload;
  repository: RepositoryPayload;
  sender: UserPayload;
  installation?: { id: number };
}

function toRepoRef(repo: RepositoryPayload): RepoRef {
  return {
    owner: repo.owner.login,
    name: repo.name,
    cloneUrl: repo.clone_url,
    defaultBranch: repo.default_branch,
    private: repo.private,
    archived: repo.archived ?? false,
    sizeKb: repo.size ?? 0,
  };
}

function toActor(user: UserPayload): Actor {
  return { login: user.login, isBot: user.type === "Bot" || user.login.endsWith("[bot]") };
}

/** A label was added to an issue. The job checks it against the repository's configured label. */
export function triggerFromLabel(deliveryId: string, payload: IssuesLabeledPayload): Job | null {
  if (payload.installation === undefined || payload.label === undefined) return null;
  if (payload.issue.pull_request !== undefined) return null;
  const actor = toActor(payload.sender);
  if (actor.isBot) return null;
  return {
    id: deliveryId,
    installationId: payload.installation.id,
    repo: toRepoRef(payload.repository),
    trigger: { kind: "issue-label", issue: payload.issue.number, label: payload.label.name, actor },
  };
}

/** A comment with `/agent fix` on an issue. */
export function triggerFromComment(deliveryId: string, payload: IssueCommentCreatedPayload): Job | null {
  if (payload.installation === undefined || payload.comment.user === null) return null;
  if (payload.issue.pull_request !== undefined) return null;
  const actor = toActor(payload.comment.user);
  if (actor.isBot || toActor(payload.sender).isBot) return null;
  const command = parseAgentCommand(payload.comment.body);
  if (command === null) return null;
  return {
    id: deliveryId,
    installationId: payload.installation.id,
    repo: toRepoRef(payload.repository),
    trigger: {
      kind: "issue-command",
      issue: payload.issue.number,
      commentId: payload.comment.id,
      instructions: command.instructions,
      actor,
    },
  };
}
