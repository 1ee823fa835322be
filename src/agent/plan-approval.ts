import type { JobOutcome } from "./outcome.js";
import type { RunContext } from "./run-context.js";

/**
 * `approvePlan`: the plan is posted as the checklist and coding waits for `/agent go` from
 * someone with write access (run-job checks who asks); `/agent plan <instructions>` plans again
 * with them, before any part is opened.
 */

function commandOf(ctx: RunContext): "fix" | "go" | "plan" {
  const trigger = ctx.job.trigger;
  return trigger.kind === "issue-command" && (trigger.command === "go" || trigger.command === "plan") ? trigger.command : "fix";
}

async function stop(ctx: RunContext, note: string, reason: string): Promise<JobOutcome> {
  ctx.progress.note(note);
  await ctx.progress.update();
  return { kind: "ignored", reason };
}

/** What this trigger may do with the plan before any work: an outcome to end with, or null to go on. */
export async function beforePlanning(ctx: RunContext): Promise<JobOutcome | null> {
  const { state } = ctx.progress;
  const who = `@${ctx.job.trigger.actor.login}`;
  switch (commandOf(ctx)) {
    case "go":
      if (state.status !== "waiting") return stop(ctx, `${who} commented \`/agent go\`, but no plan is waiting for approval.`, "no plan waits for approval");
      ctx.progress.note(`${who} approved the plan.`);
      return null;
    case "plan":
      if (state.subtasks.some((s) => s.state.kind !== "pending" && s.state.kind !== "failed")) {
        return stop(ctx, `${who} asked to plan again, but parts of the stack are open already; comment \`/agent fix\` on a part's pull request to revise it.`, "the stack is open");
      }
      ctx.progress.set({ planId: null });
      return null;
    case "fix":
      if (state.status !== "waiting") return null;
      return stop(ctx, "The plan is waiting for `/agent go` from someone with write access, or `/agent plan <instructions>` to plan it again.", "the plan waits for approval");
  }
}

/** After a new plan: with `approvePlan`, it is posted as the checklist and the run ends until `/agent go`. */
export async function awaitApproval(ctx: RunContext, planned: boolean): Promise<JobOutcome | null> {
  if (!ctx.config.approvePlan || !planned) return null;
  await ctx.progress.update({
    status: "waiting",
    step: null,
    message: "The plan is ready for review. Comment `/agent go` to start coding it, or `/agent plan <instructions>` to plan it again with your instructions.",
  });
  return { kind: "done", pullRequests: [] };
}
