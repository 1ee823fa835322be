import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import type { JobQueue } from "../../src/queue/job-queue.js";
import { createInProcessQueue } from "../../src/runtime.js";
import { scriptAnthropic, text, toolUse, type ScriptedTurn } from "../helpers/anthropic-mock.js";
import { createBareRepo, git, startGitServer, type GitServer } from "../helpers/git-server.js";
import { GitHubFake } from "../helpers/github-fake.js";
import { INSTALLATION_TOKEN } from "../helpers/github-mock.js";
import { useHttpMocks } from "../helpers/http-mock.js";
import { checkRunCompleted, issuesLabeled, pullRequestClosed, statusEvent } from "../helpers/payloads.js";
import { testProbot } from "../helpers/probot.js";
import { testEnv } from "../helpers/test-env.js";
import { block } from "../helpers/edit-answer.js";

/**
 * Follow-ups that must act on what the repository is now: the branch a check ran on, the
 * commit a part was built on, and the branch a part was merged into.
 */

const OWNER = "Codertocat";
const FILES = { "a.txt": "a\n", "b.txt": "b\n", "c.txt": "c\n" };

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
const plan = (titles: string[]): ScriptedTurn => ({
  content: [toolUse("p", "submit_plan", { subtasks: titles.map((title, i) => ({ title, goal: title, files: [`${"abc"[i] ?? "a"}.txt`], why: "" })) })],
});

/** Commits a file change to a branch of the bare repository, as a person (or GitHub's merge button) would. */
function pushAs(bare: string, branch: string, path: string, content: string, message = "A person's change"): string {
  const work = mkdtempSync(join(tmpdir(), "person-"));
  try {
    git(work, ["clone", "-q", "--branch", branch, bare, "."]);
    writeFileSync(join(work, path), content);
    git(work, ["commit", "-qam", message]);
    git(work, ["push", "-q", "origin", branch]);
    return git(work, ["rev-parse", "HEAD"]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Merges `from` into `into` with a merge commit, as GitHub's "Create a merge commit" does. */
function mergeInto(bare: string, from: string, into: string): void {
  const work = mkdtempSync(join(tmpdir(), "merge-"));
  try {
    git(work, ["clone", "-q", "--branch", into, bare, "."]);
    git(work, ["fetch", "-q", "origin", from]);
    git(work, ["merge", "-q", "--no-ff", "-m", `Merge ${from}`, "FETCH_HEAD"]);
    git(work, ["push", "-q", "origin", into]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function openStack(name: string, titles: string[], edits: ScriptedTurn[]): Promise<{ bare: string; fake: GitHubFake; ref: { owner: string; name: string; cloneUrl: string } }> {
  await restart();
  const bare = createBareRepo(server, OWNER, name, [{ message: "initial", files: FILES }]);
  const fake = new GitHubFake(OWNER, name, bare, { number: 1, title: "Change the files", body: "Change a, b and c." });
  const ref = { owner: OWNER, name, cloneUrl: server.repoUrl(OWNER, name) };
  fake.serve(["token", "config", "permission", "comments", "new-comment", "reactions", "issue", "open-pulls", ...(titles.length > 1 ? (["pulls", "stack-create"] as const) : [])]);
  scriptAnthropic([plan(titles), ...edits]);
  await deliver("label-1", "issues", issuesLabeled(ref, { label: "agent" }));
  return { bare, fake, ref };
}

describe("CI follow-ups", () => {
  it("does not fix a check on a branch a person has pushed to since the check ran", async () => {
    const B1 = "stacksmith/issue-1/1-change-a";
    const { bare, fake, ref } = await openStack("ci-moved", ["Change a"], [edit("a.txt", "a", "A")]);
    const checked = git(bare, ["rev-parse", B1]);
    fake.checkRuns.set(checked, [{ id: 1, name: "test", conclusion: "failure", app: "github-actions" }]);
    fake.checkRuns.set(git(bare, ["rev-parse", "main"]), [{ id: 2, name: "test", conclusion: "success", app: "github-actions" }]);
    const theirs = pushAs(bare, B1, "a.txt", "a, by a person\n");
    fake.serve(["check-runs"]);
    // No model turn is scripted: a fix attempt would be an unmatched request.
    await deliver("ci-1", "check_run", checkRunCompleted(ref, { branch: B1, sha: checked, conclusion: "failure" }));
    expect(git(bare, ["rev-parse", B1])).toBe(theirs);
    expect(fake.progress).toContain(`Branch \`${B1}\` has commits from someone else, so Stacksmith will not rewrite it again.`);
  });

  it("judges part 1's failure against the commit it was built on, not today's default branch", async () => {
    const B1 = "stacksmith/issue-1/1-change-a";
    const { bare, fake, ref } = await openStack("ci-base", ["Change a"], [edit("a.txt", "a", "A")]);
    const built = git(bare, ["rev-parse", "main"]);
    const head = git(bare, ["rev-parse", B1]);
    // The default branch moves on, and its own checks break there.
    const moved = pushAs(bare, "main", "c.txt", "c, broken\n", "Someone breaks main");
    fake.checkRuns.set(head, [{ id: 11, name: "test", conclusion: "failure", app: "github-actions", log: "AssertionError: a.txt\n" }]);
    fake.checkRuns.set(built, [{ id: 12, name: "test", conclusion: "success", app: "github-actions" }]);
    fake.checkRuns.set(moved, [{ id: 13, name: "test", conclusion: "failure", app: "github-actions" }]);
    fake.serve(["checks", "pulls"]);
    scriptAnthropic([edit("a.txt", "A", "AA")]);
    await deliver("ci-1", "check_run", checkRunCompleted(ref, { branch: B1, sha: head, conclusion: "failure" }));
    expect(git(bare, ["rev-parse", `${B1}^`])).toBe(head);
    expect(git(bare, ["show", `${B1}:a.txt`])).toBe("AA");
    expect(fake.progress).toContain("pushed fix attempt 1 of 2");
  });

  it("fixes a failing commit status (CI that reports statuses, not checks) as it fixes a failing check", async () => {
    const B1 = "stacksmith/issue-1/1-change-a";
    const { bare, fake, ref } = await openStack("ci-status", ["Change a"], [edit("a.txt", "a", "A")]);
    const head = git(bare, ["rev-parse", B1]);
    fake.statuses.set(head, [{ context: "ci/jenkins", state: "failure", description: "2 tests failed" }]);
    fake.statuses.set(git(bare, ["rev-parse", "main"]), [{ context: "ci/jenkins", state: "success" }]);
    fake.serve(["check-runs", "pulls"]);
    const model = scriptAnthropic([edit("a.txt", "A", "AA")]);
    await deliver("status-1", "status", statusEvent(ref, { branch: B1, sha: head, state: "failure" }));
    expect(JSON.stringify(model.requests[0])).toContain('Status \\"ci/jenkins\\" failed');
    expect(JSON.stringify(model.requests[0])).toContain("2 tests failed");
    expect(git(bare, ["show", `${B1}:a.txt`])).toBe("AA");
    expect(fake.progress).toContain("CI failed on #");
  });
});

describe("CI that fails outside the code", () => {
  it("re-runs a job whose runner or network failed once, then treats a second failure as the code's", async () => {
    const B1 = "stacksmith/issue-1/1-change-a";
    const { bare, fake, ref } = await openStack("ci-infra", ["Change a"], [edit("a.txt", "a", "A")]);
    const head = git(bare, ["rev-parse", B1]);
    const log = "2026-11-26T12:00:00.0000000Z npm ERR! code ECONNRESET\nnpm ERR! network request to https://registry.npmjs.org/left-pad failed, reason: socket hang up\n";
    fake.checkRuns.set(head, [{ id: 21, name: "test", conclusion: "failure", app: "github-actions", log }]);
    fake.checkRuns.set(git(bare, ["rev-parse", "main"]), [{ id: 20, name: "test", conclusion: "success", app: "github-actions" }]);
    fake.serve(["checks", "rerun", "pulls"]);
    // No model turn yet: a fix attempt would be an unmatched request.
    await deliver("ci-1", "check_run", checkRunCompleted(ref, { branch: B1, sha: head, conclusion: "failure" }));
    expect(fake.reruns).toEqual([21]);
    expect(git(bare, ["rev-parse", B1])).toBe(head);
    expect(fake.progress).toContain("because the network failed while it fetched its dependencies, not the code; Stacksmith re-ran the failed job once instead of changing code.");

    // The re-run fails the same way: now it is the code's failure, and gets a fix.
    fake.checkRuns.set(head, [{ id: 22, name: "test", conclusion: "failure", app: "github-actions", log, annotations: [{ path: "a.txt", line: 1, message: "still broken" }] }]);
    scriptAnthropic([edit("a.txt", "A", "AA")]);
    await deliver("ci-2", "check_run", checkRunCompleted(ref, { branch: B1, sha: head, conclusion: "failure" }));
    expect(fake.reruns).toEqual([21]);
    expect(git(bare, ["rev-parse", `${B1}^`])).toBe(head);
    expect(git(bare, ["show", `${B1}:a.txt`])).toBe("AA");
    expect(fake.progress).toContain("pushed fix attempt 1 of 2");
  });
});

describe("merges", () => {
  it("a part merged into the part below it moves the next part onto that branch, lower parts included", async () => {
    const [B1, B2, B3] = ["stacksmith/issue-1/1-change-a", "stacksmith/issue-1/2-change-b", "stacksmith/issue-1/3-change-c"];
    const { bare, fake, ref } = await openStack("merge-below", ["Change a", "Change b", "Change c"], [edit("a.txt", "a", "A"), edit("b.txt", "b", "B"), edit("c.txt", "c", "C")]);
    // Part 2 (based on part 1's branch) is merged into part 1's branch, not into main.
    mergeInto(bare, B2, B1);
    const pr2 = fake.pulls[1];
    if (pr2 === undefined) throw new Error("no part 2");
    Object.assign(pr2, { state: "closed", merged: true });
    fake.serve(["pull"]);
    await deliver("merged-2", "pull_request", pullRequestClosed(ref, { pr: pr2.number, head: B2, merged: true }));

    // Part 3 now targets part 1's branch and sits on its new head, so it still holds parts 1 and 2.
    expect(fake.pullUpdates.filter((u) => u.number === fake.pulls[2]?.number && u.fields.base !== undefined).at(-1)?.fields.base).toBe(B1);
    expect(git(bare, ["rev-parse", `${B3}^`])).toBe(git(bare, ["rev-parse", B1]));
    expect([git(bare, ["show", `${B3}:a.txt`]), git(bare, ["show", `${B3}:b.txt`]), git(bare, ["show", `${B3}:c.txt`])]).toEqual(["A", "B", "C"]);
    expect(git(bare, ["rev-parse", "main"])).toBe(git(bare, ["rev-parse", `${B1}~2`]));
    expect(fake.progress).toContain(`now targets \`${B1}\` and was rebased onto it.`);
  });
});
