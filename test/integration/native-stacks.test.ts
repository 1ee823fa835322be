import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { parseProgress } from "../../src/github/progress-comment.js";
import type { JobQueue } from "../../src/queue/job-queue.js";
import { createInProcessQueue } from "../../src/runtime.js";
import { scriptAnthropic, text, toolUse, type ScriptedTurn } from "../helpers/anthropic-mock.js";
import { createBareRepo, git, startGitServer, type GitServer } from "../helpers/git-server.js";
import { GitHubFake, type EndpointGroup } from "../helpers/github-fake.js";
import { INSTALLATION_TOKEN } from "../helpers/github-mock.js";
import { useHttpMocks } from "../helpers/http-mock.js";
import { issuesLabeled, pullRequestClosed, pullRequestCommentCreated, reviewSubmitted } from "../helpers/payloads.js";
import { testProbot } from "../helpers/probot.js";
import { testEnv, testSeal } from "../helpers/test-env.js";
import { block } from "../helpers/edit-answer.js";

/**
 * GitHub's native stacked pull requests, against a stand-in that answers as GitHub documents
 * the Stacks API (404 where the repository has none, 422 for a chain that is not one) and
 * merges and rebases a stack as its FAQ says. Real Probot plumbing and the real git server.
 */

const OWNER = "Codertocat";
const FILES = { "a.txt": "a\n", "b.txt": "b\n", "c.txt": "c\n" };
const [B1, B2, B3] = ["stacksmith/issue-1/1-change-a", "stacksmith/issue-1/2-change-b", "stacksmith/issue-1/3-change-c"];
const OPEN: EndpointGroup[] = ["token", "config", "permission", "comments", "new-comment", "reactions", "issue", "open-pulls", "pulls"];

useHttpMocks();
let server: GitServer;
let probot: Probot;
let queue: JobQueue;

beforeAll(async () => {
  server = await startGitServer({ token: INSTALLATION_TOKEN });
});
afterAll(async () => {
  await server.close();
});

async function restart(): Promise<void> {
  probot = testProbot();
  const env = testEnv(server.url, { STACKSMITH_CONCURRENCY: "1" });
  await probot.load(createApp((p) => (queue = createInProcessQueue(p, env))));
}

async function deliver(id: string, name: string, payload: unknown): Promise<void> {
  await probot.receive({ id, name, payload } as never);
  await queue.drain();
}

const edit = (path: string, from: string, to: string): ScriptedTurn => ({ content: [text(`Changes ${path}.\n${block(path, from, to)}`)] });
const PLAN: ScriptedTurn = {
  content: [toolUse("p", "submit_plan", { subtasks: ["a", "b", "c"].map((f) => ({ title: `Change ${f}`, goal: `Change ${f}.txt`, files: [`${f}.txt`], why: "" })) })],
};
const EDITS = [edit("a.txt", "a", "A"), edit("b.txt", "b", "B"), edit("c.txt", "c", "C")];

function setup(name: string, opts: { stacks: boolean; config?: string }) {
  const bare = createBareRepo(server, OWNER, name, [{ message: "initial", files: FILES }]);
  const fake = new GitHubFake(OWNER, name, bare, { number: 1, title: "Change the files", body: "Change a, b and c." });
  fake.stacksEnabled = opts.stacks;
  fake.config = opts.config ?? null;
  const ref = { owner: OWNER, name, cloneUrl: server.repoUrl(OWNER, name) };
  const head = (branch: string) => git(bare, ["rev-parse", branch]);
  const state = () => parseProgress(fake.progress, testSeal(OWNER, name, 1));
  return { bare, fake, ref, head, state };
}

/** Commits a change to a branch as a person would. */
function pushAs(bare: string, branch: string, path: string, content: string): string {
  const work = mkdtempSync(join(tmpdir(), "person-"));
  try {
    git(work, ["clone", "-q", "--branch", branch, bare, "."]);
    writeFileSync(join(work, path), content);
    git(work, ["commit", "-qam", "A person's change"]);
    git(work, ["push", "-q", "origin", branch]);
    return git(work, ["rev-parse", "HEAD"]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

describe("native stacked pull requests", () => {
  it("opens the parts as one native stack when the repository has stacked pull requests", async () => {
    await restart();
    const { fake, ref, head, state } = setup("native-open", { stacks: true });
    fake.serve([...OPEN, "stack-create"]);
    scriptAnthropic([PLAN, ...EDITS]);
    await deliver("label-1", "issues", issuesLabeled(ref, { label: "agent" }));

    // The chain of base branches GitHub requires, registered bottom to top in one call.
    expect(fake.pullCreates.map((p) => [p.head, p.base])).toEqual([
      [B1, "main"],
      [B2, B1],
      [B3, B2],
    ]);
    expect(fake.stackRequests.map((r) => [r.method, r.body])).toEqual([["POST", { pull_requests: [101, 102, 103] }]]);
    expect(fake.stacks).toEqual([{ number: 42, prs: [101, 102, 103] }]);
    expect(state()?.stack).toEqual({ number: 42 });
    expect(fake.progress).toContain("Opened 3 stacked pull requests as one GitHub stack (stack 42).");
    expect(git(fake.bare, ["rev-parse", `${B2}^`])).toBe(head(B1));
  });

  it("never calls the Stacks API with `stacks: chain`", async () => {
    await restart();
    const { fake, ref, state } = setup("native-chain", { stacks: true, config: "stacks: chain\n" });
    fake.serve(OPEN);
    scriptAnthropic([PLAN, ...EDITS]);
    await deliver("label-1", "issues", issuesLabeled(ref, { label: "agent" }));
    expect(fake.pulls).toHaveLength(3);
    expect(fake.stackRequests).toEqual([]);
    expect(state()?.stack).toBeNull();
  });

  it("stops before any work, with one clear sentence, when `stacks: native` meets a repository without stacks", async () => {
    await restart();
    const { bare, fake, ref } = setup("native-required", { stacks: false, config: "stacks: native\n" });
    fake.serve(["token", "config", "permission", "comment-list", "new-comment", "reactions", "stack-find"]);
    // No model turn is scripted: a model call would be an unmatched request.
    await deliver("label-1", "issues", issuesLabeled(ref, { label: "agent" }));
    expect(fake.progress).toContain("**Failed:** `.github/stacksmith.yml` sets `stacks: native`, but GitHub's stacked pull requests are not enabled for this repository");
    expect(fake.progress).toContain("Nothing was pushed.");
    expect(fake.pulls).toEqual([]);
    expect(git(bare, ["for-each-ref", "--format=%(refname)", "refs/heads/stacksmith"])).toBe("");
  });

  it("keeps GitHub's cascading rebase after a squash merge: no second rebase, no push, no base change", async () => {
    await restart();
    const { bare, fake, ref, head, state } = setup("native-cascade", { stacks: true });
    fake.serve([...OPEN, "stack-create"]);
    scriptAnthropic([PLAN, ...EDITS]);
    await deliver("label-1", "issues", issuesLabeled(ref, { label: "agent" }));
    const pushed = { b2: head(B2), b3: head(B3) };

    // GitHub squash-merges part 1, retargets part 2 to main and rebases parts 2 and 3.
    const merged = fake.merge(101, "squash", { cascade: true });
    const rebased = { b2: head(B2), b3: head(B3) };
    expect(rebased.b2).not.toBe(pushed.b2);
    expect(git(bare, ["rev-parse", `${B2}^`])).toBe(merged.mergeCommitSha);
    const writesBefore = fake.writes.length;
    fake.serve(["pull", "stack-find"]);
    const stack = { id: 9042, number: 42, size: 3, position: 1, base: { ref: "main", sha: merged.mergeCommitSha } };
    await deliver("merged-1", "pull_request", pullRequestClosed(ref, { pr: 101, head: B1, merged: true, stack }));

    expect({ b2: head(B2), b3: head(B3) }).toEqual(rebased);
    const after = fake.writes.slice(writesBefore);
    expect(after.filter((w) => w.startsWith("PATCH pulls/") && w.includes("base"))).toEqual([]);
    expect(after.filter((w) => w.startsWith("PATCH pulls/"))).toEqual([]);
    const parts = state()?.subtasks;
    expect(parts?.map((p) => [p.state.kind, p.head, p.base, p.handsOff])).toEqual([
      ["merged", expect.any(String), expect.any(String), false],
      ["done", rebased.b2, merged.mergeCommitSha, false],
      ["done", rebased.b3, rebased.b2, false],
    ]);
    expect(fake.progress).toContain("#102 was rebased onto `main`");
    expect(fake.progress).toContain("Stacksmith keeps that head and does not push over it.");

    // The adopted head is the app's own: a review on part 2 is a new commit on top of GitHub's rebase.
    fake.reviews.push({ id: 7001, pr: 102, state: "changes_requested", body: "Lower case.", user: "ana", comments: [{ id: 8001, path: "b.txt", line: 1, body: "Lower case, with a bang." }] });
    fake.serve(["reviews"]);
    scriptAnthropic([edit("b.txt", "B", "b!")]);
    await deliver("review-2", "pull_request_review", reviewSubmitted(ref, { pr: 102, head: B2, reviewId: 7001, state: "changes_requested", reviewer: "ana" }));
    expect(git(bare, ["rev-parse", `${B2}^`])).toBe(rebased.b2);
    expect(git(bare, ["rev-parse", `${B3}^`])).toBe(head(B2));
    expect(git(bare, ["show", `${B3}:b.txt`])).toBe("b!");
    expect(state()?.subtasks.map((p) => p.handsOff)).toEqual([false, false, false]);
  });

  it("leaves the rebase to GitHub when it has not run yet, and pushes nothing over it", async () => {
    await restart();
    const { fake, ref, head, state } = setup("native-pending", { stacks: true });
    fake.serve([...OPEN, "stack-create"]);
    scriptAnthropic([PLAN, ...EDITS]);
    await deliver("label-1", "issues", issuesLabeled(ref, { label: "agent" }));
    const pushed = { b2: head(B2), b3: head(B3) };
    fake.merge(101, "squash");
    const pr2 = fake.pulls[1];
    if (pr2 !== undefined) pr2.base = "main";
    const writesBefore = fake.writes.length;
    fake.serve(["pull", "stack-find"]);
    await deliver("merged-1", "pull_request", pullRequestClosed(ref, { pr: 101, head: B1, merged: true }));
    expect({ b2: head(B2), b3: head(B3) }).toEqual(pushed);
    expect(fake.writes.slice(writesBefore).filter((w) => w.startsWith("PATCH pulls/"))).toEqual([]);
    expect(fake.progress).toContain("GitHub retargets #102 to `main` and rebases the rest of its stack; Stacksmith leaves that to GitHub and pushes nothing over it.");
    expect(state()?.subtasks.map((p) => p.state.kind)).toEqual(["merged", "done", "done"]);
  });

  it("moves the parts itself when GitHub's stack rebase cannot: the lowest part conflicts with the stack's base", async () => {
    await restart();
    const { bare, fake, ref, head, state } = setup("native-conflict", { stacks: true });
    fake.serve([...OPEN, "stack-create"]);
    scriptAnthropic([PLAN, ...EDITS]);
    await deliver("label-1", "issues", issuesLabeled(ref, { label: "agent" }));
    // main changes the line part 2 changes; GitHub merges part 1 and retargets part 2, but its rebase stops at the conflict.
    const moved = pushAs(bare, "main", "b.txt", "b, from main\n");
    fake.merge(101, "squash");
    const pr2 = fake.pulls[1];
    if (pr2 !== undefined) pr2.base = "main";
    fake.serve(["pull", "stack-find", "pr-comments"]);
    const marked = ["<<<<<<<<<<< new base", "b, from main", "||||||||||| old base", "b", "===========", "B", ">>>>>>>>>>> this part"].join("\n");
    scriptAnthropic([edit("b.txt", marked, "B, from main")]);
    await deliver("merged-1", "pull_request", pullRequestClosed(ref, { pr: 101, head: B1, merged: true }));
    expect(git(bare, ["rev-parse", `${B2}^`])).toBe(head("main"));
    expect(git(bare, ["merge-base", "--is-ancestor", moved, B2])).toBe("");
    expect(git(bare, ["show", `${B2}:b.txt`])).toBe("B, from main");
    expect(git(bare, ["rev-parse", `${B3}^`])).toBe(head(B2));
    expect(fake.progress).toContain("#102 conflicts with `main`, which GitHub's stack rebase does not resolve; Stacksmith moves it.");
    expect(fake.prComments.map((c) => c.pr)).toEqual([102]);
    // Stacked pull requests keep their bases: the app changed none.
    expect(fake.pullUpdates.filter((u) => u.fields.base !== undefined)).toEqual([]);
    expect(state()?.subtasks.map((p) => p.handsOff)).toEqual([false, false, false]);
  });

  it("follows the chain of base branches again once the parts are unstacked", async () => {
    await restart();
    const { bare, fake, ref, head, state } = setup("native-unstacked", { stacks: true });
    fake.serve([...OPEN, "stack-create"]);
    scriptAnthropic([PLAN, ...EDITS]);
    await deliver("label-1", "issues", issuesLabeled(ref, { label: "agent" }));
    fake.stacks = [];
    fake.merge(101, "squash");
    fake.serve(["pull", "stack-find"]);
    await deliver("merged-1", "pull_request", pullRequestClosed(ref, { pr: 101, head: B1, merged: true }));
    expect(fake.pullUpdates.filter((u) => u.fields.base !== undefined).map((u) => [u.number, u.fields.base])).toEqual([[102, "main"]]);
    expect(git(bare, ["rev-parse", `${B2}^`])).toBe(head("main"));
    expect(git(bare, ["rev-parse", `${B3}^`])).toBe(head(B2));
    expect(state()?.stack).toBeNull();
  });

  it("still tells a person's push from GitHub's rebase: a branch with someone else's commits is left alone", async () => {
    await restart();
    const { bare, fake, ref, head, state } = setup("native-person", { stacks: true });
    fake.serve([...OPEN, "stack-create"]);
    scriptAnthropic([PLAN, ...EDITS]);
    await deliver("label-1", "issues", issuesLabeled(ref, { label: "agent" }));
    fake.merge(101, "squash", { cascade: true });
    // Someone amends part 3 after GitHub's rebase: same parent, other content.
    const theirs = pushAs(bare, B3, "c.txt", "C, by a person\n");
    fake.serve(["pull", "stack-find", "pr-comments"]);
    await deliver("merged-1", "pull_request", pullRequestClosed(ref, { pr: 101, head: B1, merged: true }));
    expect(head(B3)).toBe(theirs);
    expect(state()?.subtasks.map((p) => p.handsOff)).toEqual([false, false, true]);

    // A fix on part 2 moves nothing onto part 3; its pull request is offered `/agent restack`, once.
    scriptAnthropic([edit("b.txt", "B", "BB")]);
    await deliver("fix-2", "issue_comment", pullRequestCommentCreated(ref, { pr: 102, body: "/agent fix double it", commentId: 4242 }));
    expect(head(B3)).toBe(theirs);
    expect(fake.prComments.map((c) => c.pr)).toEqual([103]);
    expect(fake.prComments[0]?.body).toContain("Comment `/agent restack` here and it will merge `stacksmith/issue-1/2-change-b` into this branch instead");
  });
});
