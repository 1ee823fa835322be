import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Probot } from "probot";
import { createApp } from "../../src/app.js";
import type { JobQueue } from "../../src/queue/job-queue.js";
import { createInProcessQueue } from "../../src/runtime.js";
import { scriptAnthropic, text, toolUse, type ScriptedTurn } from "../helpers/anthropic-mock.js";
import { createBareRepo, git, rejectPushes, startGitServer, type GitServer } from "../helpers/git-server.js";
import { githubRepo, INSTALLATION_TOKEN } from "../helpers/github-mock.js";
import { useHttpMocks } from "../helpers/http-mock.js";
import { testEnv } from "../helpers/test-env.js";
import { issueCommentCreated, issuesLabeled } from "../helpers/payloads.js";
import { testProbot } from "../helpers/probot.js";

const OWNER = "Codertocat";
const REPO = "Hello-World";
const BRANCH = "stacksmith/issue-1/1-dividing-by-zero-crashes";
const OPS = "def add(a, b):\n    return a + b\n\n\ndef divide(a, b):\n    return a / b\n";
const FIXED = "def add(a, b):\n    return a + b\n\n\ndef divide(a, b):\n    if b == 0:\n        raise ValueError(\"cannot divide by zero\")\n    return a / b\n";

const ANSWER = [
  "`divide` now raises a clear ValueError instead of ZeroDivisionError.",
  "",
  "```python",
  "### calc/ops.py",
  "<<<<<<< SEARCH",
  "def divide(a, b):",
  "    return a / b",
  "=======",
  "def divide(a, b):",
  "    if b == 0:",
  '        raise ValueError("cannot divide by zero")',
  "    return a / b",
  ">>>>>>> REPLACE",
  "```",
].join("\n");

/** The model's plan: one subtask. */
const PLAN: ScriptedTurn = {
  content: [toolUse("p1", "submit_plan", { subtasks: [{ title: "Dividing by zero crashes", goal: "Raise ValueError on a zero divisor.", files: ["calc/ops.py"], why: "One change." }] })],
};

const mocks = useHttpMocks();
let server: GitServer;
let bare: string;
let probot: Probot;
let queue: JobQueue;

beforeAll(async () => {
  server = await startGitServer({ token: INSTALLATION_TOKEN });
});
afterAll(async () => {
  await server.close();
});

async function setup(repo = REPO): Promise<void> {
  bare = createBareRepo(server, OWNER, repo, [
    { message: "initial", files: { "README.md": "# calc\n", "calc/__init__.py": "", "calc/ops.py": OPS } },
  ]);
  probot = testProbot();
  const env = testEnv(server.url, { STACKSMITH_CONCURRENCY: "1" });
  await probot.load(createApp((p) => (queue = createInProcessQueue(p, env))));
}

function repoRef(name = REPO) {
  return { owner: OWNER, name, cloneUrl: server.repoUrl(OWNER, name) };
}

describe("the spine: a labelled issue becomes a pushed branch and a draft pull request", () => {
  it("clones, edits through the model's tools, pushes the branch and opens a draft PR", async () => {
    await setup();
    const gh = githubRepo(OWNER, REPO);
    gh.token();
    gh.config(null);
    gh.permission("Codertocat", "write");
    gh.listComments(1);
    gh.reaction("issues/1");
    gh.comment(1);
    gh.issue(1, "Dividing by zero crashes", "Calling `divide(1, 0)` raises ZeroDivisionError. It should raise ValueError.");
    gh.commentUpdates(9001, 3);
    gh.noOpenPull(BRANCH);
    gh.createPull(2);
    const model = scriptAnthropic([
      PLAN,
      { content: [text("Let me look."), toolUse("t1", "list_files", { prefix: "calc/" })] },
      { content: [toolUse("t2", "read_file", { path: "calc/ops.py" })] },
      { content: [text(ANSWER)], usage: { input_tokens: 1200, output_tokens: 300 } },
    ]);

    await probot.receive({ id: "delivery-1", name: "issues", payload: issuesLabeled(repoRef(), { label: "agent" }) } as never);
    await queue.drain();

    // Native git: the branch exists, its parent is the default branch head, and the file is what the edit says.
    const head = git(bare, ["rev-parse", "main"]);
    expect(git(bare, ["rev-parse", `${BRANCH}^`])).toBe(head);
    expect(git(bare, ["show", `${BRANCH}:calc/ops.py`]) + "\n").toBe(FIXED);
    expect(git(bare, ["diff", "--name-only", "main", BRANCH])).toBe("calc/ops.py");
    git(bare, ["fsck", "--strict", "--no-dangling"]);

    // The model planned from the issue and the file list, then edited with real tool results.
    const plan = JSON.stringify(model.requests[0]);
    expect(plan).toContain("Dividing by zero crashes");
    expect(plan).toContain("submit_plan");
    const first = JSON.stringify(model.requests[1]);
    expect(first).toContain("Likely files: calc/ops.py");
    const third = JSON.stringify(model.requests[3]);
    expect(third).toContain("calc/__init__.py\\ncalc/ops.py");
    expect(third).toContain("return a / b");

    // GitHub: 👀 on the issue, a draft PR that fixes the issue, and the final progress comment.
    expect(gh.recorded.reactions).toEqual([{ path: "issues/1", content: "eyes" }]);
    expect(gh.recorded.pullRequests).toHaveLength(1);
    const pr = gh.recorded.pullRequests[0] ?? {};
    expect(pr).toMatchObject({ head: BRANCH, base: "main", draft: true, title: "Dividing by zero crashes" });
    expect(String(pr.body)).toContain("Fixes #1");
    expect(String(pr.body)).toContain("`divide` now raises a clear ValueError");
    expect(String(pr.body)).toContain("- `calc/ops.py`");
    const final = gh.recorded.commentUpdates.at(-1) ?? "";
    expect(final).toContain("Stacksmith finished this issue");
    expect(final).toContain("https://github.com/Codertocat/Hello-World/pull/2");
    expect(final).toContain("- [x] 1. Dividing by zero crashes: #2");
    expect(final).toContain("1,500 input and 450 output tokens");
    expect(gh.recorded.comments[0]).toContain("Stacksmith is working on this issue");
    expect(gh.recorded.commentUpdates[0]).toContain("- [ ] 1. Dividing by zero crashes: **working**");
    expect(mocks.unmatched).toEqual([]);
  });

  it("locates with the model on a repository over the configured size, and plans from what it found", async () => {
    await setup("located");
    const branch = "stacksmith/issue-1/1-dividing-by-zero-crashes";
    const gh = githubRepo(OWNER, "located");
    gh.token();
    gh.config("modelLocateMinFiles: 1\n");
    gh.permission("Codertocat", "write");
    gh.listComments(1);
    gh.reaction("issues/1");
    gh.comment(1);
    gh.issue(1, "Dividing by zero crashes", "Traceback (most recent call last):\n  File \"calc/ops.py\", line 6, in divide\nZeroDivisionError: division by zero");
    gh.commentUpdates(9001, 3);
    gh.noOpenPull(branch);
    gh.createPull(4);
    const model = scriptAnthropic([
      { content: [toolUse("s1", "search_code", { query: "def divide" })] },
      { content: [toolUse("l1", "submit_files", { edit: ["calc/ops.py", "calc/missing.py"], read: ["calc/__init__.py"] })] },
      PLAN,
      { content: [text(ANSWER)] },
    ]);
    await probot.receive({ id: "delivery-located", name: "issues", payload: issuesLabeled(repoRef("located"), { label: "agent" }) } as never);
    await queue.drain();

    // Stage 1 ranked the traceback's file first in the map; stage 2 searched, then chose; the invented path was dropped.
    const locate = JSON.stringify(model.requests[0]);
    expect(locate).toContain("submit_files");
    expect(JSON.stringify(model.requests[1])).toContain("calc/ops.py:5: def divide(a, b):");
    const plan = JSON.stringify(model.requests[2]);
    expect(plan).toContain("Files most likely to change:\\n- calc/ops.py");
    expect(plan).not.toContain("calc/missing.py");
    expect(plan).toContain("Files worth reading, which should not need to change:\\n- calc/__init__.py");
    // The part's prompt shows its likely file whole.
    const part = JSON.stringify(model.requests[3]);
    const nonce = /--- BEGIN FILE calc\/ops\.py \[([0-9a-f]{24})\] ---/.exec(part)?.[1];
    expect(part).toContain(`--- BEGIN FILE calc/ops.py [${nonce ?? "?"}] ---\\n${JSON.stringify(OPS).slice(1, -1)}`);
    expect(git(bare, ["show", `${branch}:calc/ops.py`]) + "\n").toBe(FIXED);
  });

  it("does nothing for a label that is not the configured one", async () => {
    await setup("other-label");
    const gh = githubRepo(OWNER, "other-label");
    gh.token();
    gh.config("label: stacksmith\n");
    await probot.receive({ id: "delivery-2", name: "issues", payload: issuesLabeled(repoRef("other-label"), { label: "agent" }) } as never);
    await queue.drain();
    expect(gh.recorded.comments).toEqual([]);
    expect(git(bare, ["branch", "--list"])).toBe("* main");
  });

  it("starts from `/agent fix` in a comment, passing its instructions to the model", async () => {
    await setup("commented");
    const branch = "stacksmith/issue-1/1-dividing-by-zero-crashes";
    const gh = githubRepo(OWNER, "commented");
    gh.token();
    gh.config(null);
    const payload = issueCommentCreated(repoRef("commented"), { body: "Thanks!\n/agent fix use ValueError", commentId: 777 });
    const issueNumber = (payload.issue as { number: number }).number;
    gh.permission("Codertocat", "write");
    gh.listComments(issueNumber);
    gh.reaction("issues/comments/777");
    gh.comment(issueNumber);
    gh.issue(issueNumber, "Dividing by zero crashes", "It crashes.");
    gh.commentUpdates(9001, 3);
    gh.noOpenPull(branch);
    gh.createPull(3);
    const model = scriptAnthropic([PLAN, { content: [text(ANSWER)] }]);
    await probot.receive({ id: "delivery-3", name: "issue_comment", payload } as never);
    await queue.drain();
    expect(JSON.stringify(model.requests[0])).toContain("use ValueError");
    expect(JSON.stringify(model.requests[1])).toContain("use ValueError");
    expect(gh.recorded.reactions).toEqual([{ path: "issues/comments/777", content: "eyes" }]);
    expect(git(bare, ["show", `${branch}:calc/ops.py`]) + "\n").toBe(FIXED);
  });

  it("ignores a quoted or fenced `/agent fix`", async () => {
    await setup("quoted");
    for (const [i, body] of ["> /agent fix\nno", "```\n/agent fix\n```"].entries()) {
      const payload = issueCommentCreated(repoRef("quoted"), { body });
      await probot.receive({ id: `delivery-q${i}`, name: "issue_comment", payload } as never);
    }
    await queue.drain();
    expect(git(bare, ["branch", "--list"])).toBe("* main");
  });
});

describe("failure paths end in a clear progress comment and push nothing", () => {
  async function failingRun(repo: string, opts: { token?: string; updates: number }) {
    await setup(repo);
    const gh = githubRepo(OWNER, repo);
    gh.token(opts.token);
    gh.config(null);
    gh.permission("Codertocat", "write");
    gh.listComments(1);
    gh.reaction("issues/1");
    gh.comment(1);
    gh.issue(1, "Dividing by zero crashes", "It crashes.");
    gh.commentUpdates(9001, opts.updates);
    return gh;
  }

  async function receive(repo: string, cloneUrl = server.repoUrl(OWNER, repo)): Promise<void> {
    const payload = issuesLabeled({ owner: OWNER, name: repo, cloneUrl }, { label: "agent" });
    await probot.receive({ id: `delivery-${repo}`, name: "issues", payload } as never);
    await queue.drain();
  }

  function expectNothingPushed(): void {
    expect(git(bare, ["branch", "--list"])).toBe("* main");
  }

  it("the model proposes no edits", async () => {
    const gh = await failingRun("no-edits", { updates: 2 });
    scriptAnthropic([PLAN, { content: [text("I could not find the cause of this issue.")] }]);
    await receive("no-edits");
    const final = gh.recorded.commentUpdates.at(-1) ?? "";
    expect(final).toContain("Stacksmith could not finish this issue");
    expect(final).toContain("**Part 1 failed:** the model proposed no edits. It said: “I could not find the cause of this issue.” Nothing was pushed.");
    expect(final).toContain("- [ ] 1. Dividing by zero crashes: failed, the model proposed no edits.");
    expectNothingPushed();
  });

  it("an edit that does not apply, after the model was told why", async () => {
    const gh = await failingRun("no-apply", { updates: 2 });
    const wrong = ANSWER.replace("    return a / b\n=======", "    return a // b\n=======");
    const model = scriptAnthropic([PLAN, { content: [text(wrong)] }, { content: [text(wrong)] }, { content: [text(wrong)] }]);
    await receive("no-apply");
    expect(JSON.stringify(model.requests[2])).toContain("FAILED");
    // Said for a person: what failed and in which file; the model's instructions stay in the prompt.
    const final = gh.recorded.commentUpdates.at(-1) ?? "";
    expect(final).toMatch(/\*\*Part 1 failed:\*\* the model's edits still did not apply after 3 attempts: the lines it meant to replace in `[^`]+` are not there\. Nothing was pushed\. Comment `\/agent fix` here to try again\./);
    expect(final).not.toMatch(/Resend|SEARCH|\.\./);
    expectNothingPushed();
  });

  it("the clone is refused (401)", async () => {
    const gh = await failingRun("clone-401", { token: "ghs_not_accepted", updates: 1 });
    // Refused, the clone asks for a fresh token once; that one is refused too.
    gh.token("ghs_not_accepted_either");
    await receive("clone-401");
    expect(gh.recorded.commentUpdates.at(-1)).toContain("**Failed:** cloning the repository was refused (HTTP 401)");
    expectNothingPushed();
  });

  it("the repository is not found (404)", async () => {
    const gh = await failingRun("clone-404", { updates: 1 });
    rmSync(server.repoPath(OWNER, "clone-404"), { recursive: true, force: true });
    await receive("clone-404");
    expect(gh.recorded.commentUpdates.at(-1)).toContain("**Failed:** cloning the repository failed: it was not found (HTTP 404)");
  });

  it("the push is rejected", async () => {
    const gh = await failingRun("push-rejected", { updates: 3 });
    rejectPushes(bare, "protected branch hook declined");
    scriptAnthropic([PLAN, { content: [text(ANSWER)] }]);
    await receive("push-rejected");
    expect(gh.recorded.commentUpdates.at(-1)).toContain("**Part 1 failed:** the push to branch `stacksmith/issue-1/1-dividing-by-zero-crashes` was rejected");
    expectNothingPushed();
  });
});
