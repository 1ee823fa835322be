import { labelOf, parseRepoConfig } from "../config/repo-config.js";
import { priceFor } from "../llm/pricing.js";
import type { Permission, ReactionTarget } from "../github/github-client.js";
import { redactingClient } from "../github/redacting-client.js";
import { sealFor } from "../github/state-key.js";
import type { Job, Trigger } from "../queue/job.js";
import { isStacksmithError } from "../shared/errors.js";
import { fixCi } from "./ci-fix.js";
import { onPartClosed } from "./on-closed.js";
import { openStack } from "./open-stack.js";
import type { JobOutcome } from "./outcome.js";
import { ProgressReporter } from "./progress-reporter.js";
import { Redactor } from "./redactor.js";
import { revisePart } from "./revise.js";
import { onBaseMoved, rebaseStack } from "./rebase-stack.js";
import { restackPart } from "./restack-part.js";
import { replyKey } from "./reply-limiter.js";
import { RunContext, type JobDeps } from "./run-context.js";
import { asSentence } from "../shared/sentence.js";

export type { JobDeps } from "./run-context.js";
export type { JobOutcome } from "./outcome.js";

export const CONFIG_PATH = ".github/stacksmith.yml";

/** Step 5: the work a trigger asks for. */
async function work(ctx: RunContext): Promise<JobOutcome> {
  const trigger = ctx.job.trigger;
  switch (trigger.kind) {
    case "issue-label":
      return openStack(ctx);
    case "issue-command":
      switch (trigger.command) {
        case "fix":
          return openStack(ctx);
        case "rebase":
          return rebaseStack(ctx, "asked");
        case "restack":
          ctx.progress.note(`\`/agent restack\` works on a part's pull request, where it brings that part up to date; on the issue, \`/agent rebase\` moves the whole stack.`);
          await ctx.progress.update();
          return { kind: "ignored", reason: "/agent restack on the issue" };
        case "go":
        case "plan":
          return openStack(ctx);
      }
      break;
    case "pr-command":
      switch (trigger.command) {
        case "fix":
          return revisePart(ctx);
        case "restack":
          return restackPart(ctx);
        case "rebase":
          return rebaseStack(ctx, "asked");
        case "go":
        case "plan":
          ctx.progress.note(`\`/agent ${trigger.command}\` works on the issue, not on a part's pull request.`);
          await ctx.progress.update();
          return { kind: "ignored", reason: `/agent ${trigger.command} on a pull request` };
      }
      break;
    case "pr-review":
      return revisePart(ctx);
    case "ci-failure":
      return fixCi(ctx);
    case "pr-closed":
      return onPartClosed(ctx);
    case "base-moved":
      return onBaseMoved(ctx);
  }
}

const WRITERS = new Set<Permission>(["admin", "maintain", "write"]);

/** A person without write access is told so at most once per issue in this time. */
const UNAUTHORIZED_REPLY_S = 3600;

/** The person whose request starts the job, when a person's permission decides it. */
function requester(trigger: Trigger): { login: string; replyTo: number | null } | null {
  switch (trigger.kind) {
    case "issue-label":
      return { login: trigger.actor.login, replyTo: trigger.issue };
    case "issue-command":
      return { login: trigger.actor.login, replyTo: trigger.issue };
    case "pr-command":
      return { login: trigger.actor.login, replyTo: trigger.pr };
    case "pr-review":
      return { login: trigger.actor.login, replyTo: null };
    case "ci-failure":
    case "pr-closed":
    case "base-moved":
      return null;
  }
}

function reactionTarget(job: Job): ReactionTarget | null {
  const t = job.trigger;
  switch (t.kind) {
    case "issue-label":
      return { kind: "issue", issue: t.issue };
    case "issue-command":
    case "pr-command":
      return { kind: "comment", commentId: t.commentId };
    case "pr-review":
    case "ci-failure":
    case "pr-closed":
    case "base-moved":
      return null;
  }
}

/**
 * One job for one issue:
 *  1. read and validate `.github/stacksmith.yml` from the default branch (its `model` must have a price)
 *  2. authorise: the person asking must have write access (someone without it is told so once an hour per issue)
 *  3. find the issue's progress comment and its state; a delivery handled before does nothing,
 *     and this one is recorded with the comment's next edit
 *  4. acknowledge: 👀 on the trigger
 *  5. the work, by trigger (the first model call reserves one of the repository's runs today, and
 *     every call checks the day's dollars and adds its own):
 *     - a label or `/agent fix` on the issue: plan, then one stacked pull request per subtask (open-stack)
 *     - a review or `/agent fix` on a part's pull request: revise it, restack the parts above (revise)
 *     - a failed check on a part: read the logs, push a fix (ci-fix)
 *     - a part merged or closed: retarget and rebase the next part, or stop the stack (on-closed)
 *  6. any fault ends in the progress comment, with nothing half-done pushed
 */
export async function runJob(job: Job, deps: JobDeps): Promise<JobOutcome> {
  const log = deps.log.child({ jobId: job.id, repo: `${job.repo.owner}/${job.repo.name}`, issue: job.trigger.issue, trigger: job.trigger.kind });
  // Everything the job writes to GitHub goes through its redactor.
  const redactor = new Redactor(deps.secrets);
  const github = redactingClient(await deps.github(job), redactor);
  const { trigger, repo } = job;

  // 1. Config, from the default branch only.
  const configText = await github.readFile(CONFIG_PATH, repo.defaultBranch);
  const parsed = parseRepoConfig(configText, { isPriced: (model) => priceFor(model, deps.prices) !== null });
  if (trigger.kind === "issue-label" && trigger.label !== (parsed.ok ? parsed.config.label : labelOf(configText))) {
    return { kind: "ignored", reason: `label ${trigger.label} is not the trigger label` };
  }
  const modelId = (parsed.ok ? parsed.config.model : undefined) ?? deps.defaultModel;

  // 2. Only people with write access start or steer runs; nothing a bot posts gets here. The
  //    permission is asked every time (a change takes effect at once); the reply is not repeated.
  const person = requester(trigger);
  let permission: Permission | null = null;
  if (person !== null) {
    try {
      permission = await github.permission(person.login);
    } catch (err) {
      // GitHub failed after its own retries: say so where the person looks, rather than nothing.
      if (!isStacksmithError(err) || err.code !== "GITHUB_FAILED") throw err;
      log.warn({ err }, "the permission check failed");
      await github.createComment(
        person.replyTo ?? trigger.issue,
        `Stacksmith could not check whether @${person.login} may ask it to work here (${err.message}), so it did not start. Ask again in a few minutes.`,
      );
      return { kind: "failed", reason: `the permission check failed: ${err.message}` };
    }
  }
  if (person !== null && !WRITERS.has(permission ?? "none")) {
    const reply = parsed.ok ? parsed.config.replyToUnauthorized : true;
    if (reply && person.replyTo !== null && (await deps.replies.allow(replyKey(repo, person.replyTo, person.login), UNAUTHORIZED_REPLY_S))) {
      await github.createComment(
        person.replyTo,
        `@${person.login}, only people with write access to this repository can ask Stacksmith to work on it. A maintainer can start it instead.`,
      );
    }
    return { kind: "ignored", reason: `@${person.login} has no write access` };
  }

  // 3. The issue's progress and stack state.
  const progress = await ProgressReporter.load(github, { seal: sealFor(deps.stateKey, repo, trigger.issue), redactor }, trigger.issue, modelId, deps.clock, log);
  // A delivery seen before does nothing, unless its run died while working (then it resumes).
  if (progress.hasHandled(job.id) && progress.state.status !== "working") return { kind: "ignored", reason: "this delivery was handled already" };
  progress.markHandled(job.id);

  // 4. Acknowledge.
  const target = reactionTarget(job);
  if (target !== null) await github.react(target, "eyes");
  if (!parsed.ok) {
    await progress.update({ status: "failed", step: null, message: `**Configuration error.** ${parsed.error}` });
    return { kind: "failed", reason: parsed.error };
  }

  // 5. The work. The first model call reserves one of the repository's runs today; each call's cost is counted as it returns.
  const ctx = new RunContext({ job, deps, github, config: parsed.config, progress, modelId, log, redactor });
  let outcome: JobOutcome;
  try {
    outcome = await work(ctx);
  } catch (err) {
    // 6. Faults: the reason goes where the user looks.
    const reason = isStacksmithError(err) ? err.message : `an internal error occurred (job ${job.id}); the details are in the server log`;
    if (isStacksmithError(err)) log.warn({ code: err.code, err }, "job failed");
    else log.error({ err }, "job failed with an unexpected error");
    const subtasks = progress.state.subtasks.map((s) => (s.state.kind === "working" ? { ...s, state: { kind: "failed" as const, reason: "stopped" } } : s));
    // Any branch the app pushed is there: only a run that pushed none says "nothing was pushed".
    const pushed = subtasks.some((s) => s.head !== null || s.state.kind === "done" || s.state.kind === "merged");
    await progress.update({ status: "failed", step: null, subtasks, message: `**Failed:** ${asSentence(reason)}${pushed ? "" : " Nothing was pushed."}` });
    return { kind: "failed", reason };
  }

  log.info({ outcome }, "job finished");
  return outcome;
}
