import type { NativeStack } from "../github/github-client.js";
import { StacksmithError } from "../shared/errors.js";
import type { RunContext } from "./run-context.js";

/**
 * GitHub's native stacked pull requests: with `stacks: native` or `auto`, the parts' pull
 * requests (already a chain of base branches) are registered as one stack, so GitHub shows
 * them as one and merges them bottom-up. `native` requires it; `auto` falls back to the chain.
 */

/** `stacks: native` on a repository without stacked pull requests stops the run before any work. */
export async function requireNativeStacks(ctx: RunContext): Promise<void> {
  if (ctx.config.stacks !== "native" || ctx.config.maxSubtasks < 2) return;
  if (await ctx.github.stacksEnabled()) return;
  throw new StacksmithError(
    "CONFIG_INVALID",
    "`.github/stacksmith.yml` sets `stacks: native`, but GitHub's stacked pull requests are not enabled for this repository, so no stack was opened; enable them, or set `stacks: auto` to stack by base branch where they are missing",
  );
}

function openParts(ctx: RunContext): number[] {
  return ctx.progress.state.subtasks.flatMap((s) => (s.state.kind === "done" ? [s.state.pr.number] : []));
}

/** Whether `stack` holds the first pull requests of `prs`, in order, and nothing else. */
function isPrefix(stack: NativeStack, prs: readonly number[]): boolean {
  const held = stack.pullRequests.filter((p) => !p.merged).map((p) => p.number);
  return held.length <= prs.length && held.every((n, i) => prs[i] === n);
}

/**
 * Registers the open parts as a native stack, or puts the ones missing on top of the stack
 * GitHub already has for them. Says in the progress notes when GitHub refused; the parts stay
 * a chain of base branches then, which works the same way.
 */
export async function formNativeStack(ctx: RunContext): Promise<void> {
  if (ctx.config.stacks === "chain") return;
  const prs = openParts(ctx);
  if (prs.length < 2) return;
  let answer = await ctx.github.createStack(prs);
  if (answer.kind === "refused") {
    // Already stacked (a retried run, or stacked by hand): extend the stack GitHub has, if it is the start of this one.
    const existing = await ctx.github.findStack(prs[0] ?? 0);
    if (existing.kind === "stack" && isPrefix(existing.stack, prs)) {
      const held = new Set(existing.stack.pullRequests.map((p) => p.number));
      const missing = prs.filter((p) => !held.has(p));
      answer = missing.length === 0 ? existing : await ctx.github.addToStack(existing.stack.number, missing);
    }
  }
  switch (answer.kind) {
    case "stack":
      ctx.progress.set({ stack: { number: answer.stack.number } });
      return;
    case "unavailable":
      if (ctx.config.stacks === "native") ctx.progress.note("GitHub's stacked pull requests are not enabled for this repository any more, so the parts are stacked by base branch only.");
      return;
    case "none":
    case "refused":
      ctx.progress.note(`GitHub did not make the parts a stack (${answer.kind === "refused" ? answer.message : "the stack was not found"}), so they are stacked by base branch only.`);
      return;
  }
}
