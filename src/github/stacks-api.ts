import type { ProbotOctokit } from "probot";
import { z } from "zod";
import type { NativeStack, PullRequestStackRef, StackAnswer } from "./github-client.js";

/**
 * GitHub's native stacked pull requests (public preview): the Stacks REST API and the `stack`
 * object on pull requests. Shapes as GitHub documents them ("REST API endpoints for stacked pull
 * requests"); a repository without the feature answers 404, and a change GitHub will not make 422.
 */

type Octokit = InstanceType<typeof ProbotOctokit>;
type Where = { owner: string; repo: string };

/** The `stack` object on a pull request resource or a `pull_request` webhook payload. */
export const PullRequestStack = z.object({
  number: z.number().int().positive(),
  position: z.number().int().positive(),
  size: z.number().int().positive(),
  base: z.object({ ref: z.string() }),
});

const StackResource = z.object({
  number: z.number().int().positive(),
  base: z.object({ ref: z.string() }),
  pull_requests: z.array(
    z.object({
      number: z.number().int().positive(),
      state: z.enum(["open", "closed"]),
      merged_at: z.string().nullable().optional(),
      head: z.object({ ref: z.string(), sha: z.string() }),
    }),
  ),
});

function toStack(data: unknown): NativeStack | null {
  const parsed = StackResource.safeParse(data);
  if (!parsed.success) return null;
  const s = parsed.data;
  return {
    number: s.number,
    baseRef: s.base.ref,
    pullRequests: s.pull_requests.map((p) => ({ number: p.number, state: p.state, merged: typeof p.merged_at === "string", headRef: p.head.ref, headSha: p.head.sha })),
  };
}

/** A pull request's `stack` field: null when absent, null, or not the documented shape. */
export function stackRefOf(raw: unknown): PullRequestStackRef | null {
  const parsed = PullRequestStack.safeParse(raw);
  return parsed.success ? { number: parsed.data.number, position: parsed.data.position, size: parsed.data.size, baseRef: parsed.data.base.ref } : null;
}

function statusOf(err: unknown): number | null {
  return typeof err === "object" && err !== null && "status" in err && typeof err.status === "number" ? err.status : null;
}

/** GitHub's own words for a refused change: its message and the errors it lists. */
function refusal(err: unknown): string {
  const data = typeof err === "object" && err !== null && "response" in err ? (err.response as { data?: unknown } | undefined)?.data : undefined;
  const parsed = z.object({ message: z.string().optional(), errors: z.array(z.union([z.string(), z.object({ message: z.string().optional() })])).optional() }).safeParse(data);
  if (!parsed.success) return "GitHub refused the change";
  const errors = (parsed.data.errors ?? []).map((e) => (typeof e === "string" ? e : (e.message ?? ""))).filter((e) => e !== "");
  return [parsed.data.message ?? "GitHub refused the change", ...errors].join(": ").slice(0, 500);
}

/** Runs a Stacks API call: 404 and 422 are answers, anything else is thrown. */
async function answer(call: () => Promise<unknown>, on404: StackAnswer): Promise<StackAnswer> {
  try {
    const stack = toStack(await call());
    return stack === null ? { kind: "refused", message: "GitHub answered with a stack this app cannot read" } : { kind: "stack", stack };
  } catch (err) {
    const status = statusOf(err);
    if (status === 404) return on404;
    if (status === 422) return { kind: "refused", message: refusal(err) };
    throw err;
  }
}

export async function findStack(octokit: Octokit, where: Where, pr: number): Promise<StackAnswer> {
  try {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/stacks", { ...where, pull_request: pr, per_page: 1 });
    const first: unknown = Array.isArray(data) ? data[0] : undefined;
    if (first === undefined) return { kind: "none" };
    const stack = toStack(first);
    return stack === null ? { kind: "none" } : { kind: "stack", stack };
  } catch (err) {
    if (statusOf(err) === 404) return { kind: "unavailable" };
    throw err;
  }
}

export async function stacksEnabled(octokit: Octokit, where: Where): Promise<boolean> {
  try {
    await octokit.request("GET /repos/{owner}/{repo}/stacks", { ...where, per_page: 1 });
    return true;
  } catch (err) {
    if (statusOf(err) === 404) return false;
    throw err;
  }
}

export function createStack(octokit: Octokit, where: Where, prs: readonly number[]): Promise<StackAnswer> {
  return answer(async () => (await octokit.request("POST /repos/{owner}/{repo}/stacks", { ...where, pull_requests: [...prs] })).data, { kind: "unavailable" });
}

export function addToStack(octokit: Octokit, where: Where, stackNumber: number, prs: readonly number[]): Promise<StackAnswer> {
  return answer(
    async () => (await octokit.request("POST /repos/{owner}/{repo}/stacks/{stack_number}/add", { ...where, stack_number: stackNumber, pull_requests: [...prs] })).data,
    { kind: "none" },
  );
}
