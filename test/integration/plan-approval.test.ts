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
import { issueCommentCreated, issuesLabeled } from "../helpers/payloads.js";
import { testProbot } from "../helpers/probot.js";
import { testEnv } from "../helpers/test-env.js";
import { block } from "../helpers/edit-answer.js";

/** `approvePlan: true`: the plan is posted and coding waits for `/agent go`; `/agent plan <instructions>` plans again. */

const OWNER = "Codertocat";
const REPO = "approve";

useHttpMocks();
let server: GitServer;
let probot: Probot;
let queue: JobQueue;
let bare: string;
let fake: GitHubFake;

beforeAll(async () => {
  server = await startGitServer({ token: INSTALLATION_TOKEN });
  bare = createBareRepo(server, OWNER, REPO, [{ message: "initial", files: { "a.txt": "a\n", "b.txt": "b\n" } }]);
  fake = new GitHubFake(OWNER, REPO, bare, { number: 1, title: "Change the files", body: "Change a and b." });
  fake.config = "approvePlan: true\n";
  probot = testProbot();
  const env = testEnv(server.url, { STACKSMITH_CONCURRENCY: "1" });
  await probot.load(createApp((p) => (queue = createInProcessQueue(p, env))));
});
afterAll(async () => {
  await server.close();
});

async function deliver(id: string, name: string, payload: unknown): Promise<void> {
  await probot.receive({ id, name, payload } as never);
  await queue.drain();
}

const ref = () => ({ owner: OWNER, name: REPO, cloneUrl: server.repoUrl(OWNER, REPO) });
const plan = (titles: string[]): ScriptedTurn => ({
  content: [toolUse("p", "submit_plan", { subtasks: titles.map((title, i) => ({ title, goal: title, files: [`${"ab"[i]}.txt`], why: "" })) })],
});
const branches = () => git(bare, ["for-each-ref", "--format=%(refname)", "refs/heads/stacksmith"]);

describe("approving the plan first", () => {
  it("posts the plan as the checklist and writes no code", async () => {
    fake.serve(["token", "config", "permission", "comments", "new-comment", "reactions", "issue"]);
    const model = scriptAnthropic([plan(["Change a", "Change b"])]);
    await deliver("label-1", "issues", issuesLabeled(ref(), { label: "agent" }));
    expect(model.requests).toHaveLength(1);
    expect(fake.progress).toContain("### Stacksmith planned this issue and waits for approval");
    expect(fake.progress).toContain("- [ ] 1. Change a: pending");
    expect(fake.progress).toContain("- [ ] 2. Change b: pending");
    expect(fake.progress).toContain("Comment `/agent go` to start coding it, or `/agent plan <instructions>` to plan it again");
    expect(fake.pulls).toEqual([]);
    expect(branches()).toBe("");

    // Labelled again, it still waits: no model call, no code.
    await deliver("label-2", "issues", issuesLabeled(ref(), { label: "agent" }));
    expect(fake.progress).toContain("The plan is waiting for `/agent go` from someone with write access");
    expect(branches()).toBe("");
  });

  it("plans again with `/agent plan <instructions>`, and still waits", async () => {
    fake.serve(["config", "permission", "comments", "reactions", "issue"]);
    const model = scriptAnthropic([plan(["Change a only"])]);
    await deliver("plan-1", "issue_comment", issueCommentCreated(ref(), { body: "/agent plan one part, a.txt only", commentId: 601 }));
    expect(JSON.stringify(model.requests[0])).toContain("one part, a.txt only");
    expect(fake.progress).toContain("- [ ] 1. Change a only: pending");
    expect(fake.progress).not.toContain("Change b");
    expect(branches()).toBe("");
  });

  it("does not start for `/agent go` from someone without write access, and codes the plan when a maintainer says go", async () => {
    fake.serve(["config", "permission", "comments", "new-comment", "reactions", "issue", "open-pulls"]);
    const stranger = issueCommentCreated(ref(), { body: "/agent go", commentId: 602 });
    (stranger.comment as { user: { login: string } }).user.login = "stranger";
    await deliver("go-1", "issue_comment", stranger);
    expect(fake.comments.at(-1)?.body).toContain("@stranger, only people with write access to this repository can ask Stacksmith to work on it.");
    expect(branches()).toBe("");

    const model = scriptAnthropic([{ content: [text(`Changes a.\n${block("a.txt", "a", "A")}`)] }]);
    await deliver("go-2", "issue_comment", issueCommentCreated(ref(), { body: "/agent go", commentId: 603 }));
    expect(model.requests).toHaveLength(1);
    expect(fake.pulls.map((p) => [p.head, p.base])).toEqual([["stacksmith/issue-1/1-change-a-only", "main"]]);
    expect(git(bare, ["show", "stacksmith/issue-1/1-change-a-only:a.txt"])).toBe("A");
    expect(fake.progress).toContain("### Stacksmith finished this issue");
    expect(fake.progress).toContain("approved the plan.");
  });
});
