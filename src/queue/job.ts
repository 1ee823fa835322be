import { z } from "zod";

/** GitHub's rules for names: owners are letters, digits and single hyphens; repositories add `.` and `_`. */
export const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
export const NAME = /^(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/;
/** A branch name git accepts (git-check-ref-format), without anything a URL or shell would read. */
export const BRANCH = /^(?!\/|.*(?:\/\/|\.\.|@\{|\/\.|\.lock(?:\/|$)|\/$|\.$))[A-Za-z0-9._\/+-]{1,255}$/;

/** Where a repository lives, as the webhook described it. Never holds a token. */
export const RepoRef = z.object({
  owner: z.string().regex(OWNER, "is not a GitHub owner name"),
  name: z.string().regex(NAME, "is not a GitHub repository name"),
  /** The webhook's clone URL: only its host is checked; the app builds the URL it clones itself. */
  cloneUrl: z.string().url().optional(),
  defaultBranch: z.string().regex(BRANCH, "is not a branch name"),
  private: z.boolean(),
  archived: z.boolean(),
  /** Repository size in KB, as GitHub reports it. */
  sizeKb: z.number().nonnegative(),
});
export type RepoRef = z.infer<typeof RepoRef>;

export const Actor = z.object({
  login: z.string().min(1),
  isBot: z.boolean(),
});
export type Actor = z.infer<typeof Actor>;

/**
 * The `/agent` commands: fix (start, or revise a part), restack (merge a part's new base into its
 * branch), rebase (move the stack onto the default branch's head), go (code an approved plan),
 * plan (plan again, with the instructions).
 */
export const AgentCommandName = z.enum(["fix", "restack", "rebase", "go", "plan"]);
export type AgentCommandName = z.infer<typeof AgentCommandName>;

/** What asked for a run. Produced from a webhook by `github/triggers`. */
export const Trigger = z.discriminatedUnion("kind", [
  /** A label on an issue: plan it and open the stack. */
  z.object({
    kind: z.literal("issue-label"),
    issue: z.number().int().positive(),
    label: z.string(),
    actor: Actor,
  }),
  /** An `/agent` command on an issue. */
  z.object({
    kind: z.literal("issue-command"),
    issue: z.number().int().positive(),
    commentId: z.number().int().positive(),
    command: AgentCommandName.default("fix"),
    instructions: z.string(),
    actor: Actor,
  }),
  /** An `/agent` command on one of the bot's pull requests (fix: revise it). */
  z.object({
    kind: z.literal("pr-command"),
    issue: z.number().int().positive(),
    pr: z.number().int().positive(),
    commentId: z.number().int().positive(),
    command: AgentCommandName.default("fix"),
    instructions: z.string(),
    actor: Actor,
  }),
  /** A review requesting changes on one of the bot's pull requests. */
  z.object({
    kind: z.literal("pr-review"),
    issue: z.number().int().positive(),
    pr: z.number().int().positive(),
    reviewId: z.number().int().positive(),
    actor: Actor,
  }),
  /** A check failed on the head of one of the bot's branches. */
  z.object({
    kind: z.literal("ci-failure"),
    issue: z.number().int().positive(),
    branch: z.string(),
    headSha: z.string(),
    actor: Actor,
  }),
  /** The default branch got new commits, under a stack whose lowest part is based on it. */
  z.object({
    kind: z.literal("base-moved"),
    issue: z.number().int().positive(),
    headSha: z.string(),
    actor: Actor,
  }),
  /** One of the bot's pull requests was merged or closed. */
  z.object({
    kind: z.literal("pr-closed"),
    issue: z.number().int().positive(),
    pr: z.number().int().positive(),
    merged: z.boolean(),
    /** The native stack the pull request was in, as the webhook's `pull_request.stack` said. */
    stack: z.number().int().positive().nullable().default(null),
    actor: Actor,
  }),
]);
export type Trigger = z.infer<typeof Trigger>;

/** A queued unit of work: plain JSON, keyed by the webhook delivery id. */
export const Job = z.object({
  id: z.string().min(1),
  installationId: z.number().int().positive(),
  repo: RepoRef,
  trigger: Trigger,
});
export type Job = z.infer<typeof Job>;

/** Jobs for the same issue never run at the same time. */
export function jobIssueKey(job: Job): string {
  return `${job.repo.owner}/${job.repo.name}#${job.trigger.issue}`;
}

/**
 * What makes two jobs the same request: the issue plus what asked (the label name, the comment,
 * the review, the failing head, the closed pull request). While a job with this key is queued or
 * running, another one with the same key (a double label, a redelivery under a new id, a second
 * failing check on the same head) is coalesced into it. A different label or a new `/agent fix`
 * comment is a different request and waits its turn.
 */
export function jobRunKey(job: Job): string {
  const { trigger } = job;
  const issue = jobIssueKey(job);
  switch (trigger.kind) {
    case "issue-label":
      return `${issue}:label:${trigger.label}`;
    case "issue-command":
    case "pr-command":
      return `${issue}:comment:${trigger.commentId}`;
    case "pr-review":
      return `${issue}:review:${trigger.reviewId}`;
    case "ci-failure":
      return `${issue}:ci:${trigger.branch}@${trigger.headSha}`;
    case "pr-closed":
      return `${issue}:closed:${trigger.pr}`;
    case "base-moved":
      return `${issue}:base:${trigger.headSha}`;
  }
}
