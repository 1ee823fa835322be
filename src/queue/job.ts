import { z } from "zod";

/** Where a repository lives, as the webhook described it. Never holds a token. */
export const RepoRef = z.object({
  owner: z.string().min(1),
  name: z.string().min(1),
  cloneUrl: z.string().url(),
  defaultBranch: z.string().min(1),
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

/** What asked for a run. Produced from a webhook by `github/triggers`. */
export const Trigger = z.discriminatedUnion("kind", [
  /** A label on an issue: plan it and open the stack. */
  z.object({
    kind: z.literal("issue-label"),
    issue: z.number().int().positive(),
    label: z.string(),
    actor: Actor,
  }),
  /** `/agent fix` on an issue. */
  z.object({
    kind: z.literal("issue-command"),
    issue: z.number().int().positive(),
    commentId: z.number().int().positive(),
    instructions: z.string(),
    actor: Actor,
  }),
  /** `/agent fix` on one of the bot's pull requests: revise it. */
  z.object({
    kind: z.literal("pr-command"),
    issue: z.number().int().positive(),
    pr: z.number().int().positive(),
    commentId: z.number().int().positive(),
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
  /** One of the bot's pull requests was merged or closed. */
  z.object({
    kind: z.literal("pr-closed"),
    issue: z.number().int().positive(),
    pr: z.number().int().positive(),
    merged: z.boolean(),
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
