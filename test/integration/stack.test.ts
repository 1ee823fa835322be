import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { parseProgress } from "../../src/github/progress-comment.js";
import { parsePrMeta } from "../../src/github/pr-body.js";
import type { JobQueue } from "../../src/queue/job-queue.js";
import { createInProcessQueue } from "../../src/runtime.js";
import { scriptAnthropic, text, toolUse } from "../helpers/anthropic-mock.js";
import { createBareRepo, git, startGitServer, type GitServer } from "../helpers/git-server.js";
import { GitHubFake } from "../helpers/github-fake.js";
import { INSTALLATION_TOKEN } from "../helpers/github-mock.js";
import { useHttpMocks } from "../helpers/http-mock.js";
import { testEnv, testSeal } from "../helpers/test-env.js";
import { checkRunCompleted, issuesLabeled, pullRequestClosed, pullRequestCommentCreated, reviewSubmitted } from "../helpers/payloads.js";
import { testProbot } from "../helpers/probot.js";

const OWNER = "Codertocat";
const REPO = "calc";
const NOW = new Date("2026-11-26T12:00:00Z");
const B1 = "stacksmith/issue-1/1-add-safe-divide-to-ops";
const B2 = "stacksmith/issue-1/2-export-safe-divide";
const B3 = "stacksmith/issue-1/3-document-safe-divide";

const OPS = "def add(a, b):\n    return a + b\n\n\ndef divide(a, b):\n    return a / b\n";

function block(path: string, search: string, replace: string): string {
  return ["```python", `### ${path}`, "<<<<<<< SEARCH", search, "=======", replace, ">>>>>>> REPLACE", "```"].join("\n");
}

const PLAN = {
  content: [
    toolUse("plan", "submit_plan", {
      subtasks: [
        { title: "Add safe_divide to ops", goal: "Add safe_divide(a, b) to calc/ops.py.", files: ["calc/ops.py"], why: "The function comes first." },
        { title: "Export safe_divide", goal: "Export it from the package.", files: ["calc/__init__.py"], why: "Needs the function." },
        { title: "Document safe_divide", goal: "Mention it in the README.", files: ["README.md"], why: "Docs last." },
      ],
    }),
  ],
};

useHttpMocks();
let server: GitServer;
let bare: string;
let fake: GitHubFake;
let probot: Probot;
let queue: JobQueue;

beforeAll(async () => {
  server = await startGitServer({ token: INSTALLATION_TOKEN });
  bare = createBareRepo(server, OWNER, REPO, [
    { message: "initial", files: { "README.md": "# calc\n\nFunctions: add, divide.\n", "calc/__init__.py": "from .ops import add, divide\n", "calc/ops.py": OPS } },
  ]);
  fake = new GitHubFake(OWNER, REPO, bare, { number: 1, title: "Add safe_divide", body: "Dividing by zero should return a value instead of raising." });
  await restart();
});

afterAll(async () => {
  await server.close();
});

/** A fresh app process: a new Probot and an empty in-process queue, as after a restart. */
async function restart(): Promise<void> {
  probot = testProbot();
  const env = testEnv(server.url, { STACKSMITH_CONCURRENCY: "1" });
  await probot.load(createApp((p) => (queue = createInProcessQueue(p, env, { clock: { now: () => NOW } }))));
}

const repoRef = () => ({ owner: OWNER, name: REPO, cloneUrl: server.repoUrl(OWNER, REPO) });

async function deliver(id: string, name: string, payload: unknown): Promise<void> {
  await probot.receive({ id, name, payload } as never);
  await queue.drain();
}

const head = (ref: string) => git(bare, ["rev-parse", ref]);
const show = (ref: string, path: string) => git(bare, ["show", `${ref}:${path}`]);
const state = () => parseProgress(fake.progress, testSeal(OWNER, REPO, 1));

/** Pushes a commit by a person to a branch of the bare repository. */
function humanCommit(branch: string, path: string, content: string): string {
  const work = mkdtempSync(join(tmpdir(), "human-"));
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

/** Squash-merges a branch into main, as GitHub's "Squash and merge" does. */
function squashMerge(branch: string): void {
  const work = mkdtempSync(join(tmpdir(), "merge-"));
  try {
    git(work, ["clone", "-q", "--branch", "main", bare, "."]);
    git(work, ["fetch", "-q", "origin", branch]);
    git(work, ["merge", "-q", "--squash", "FETCH_HEAD"]);
    git(work, ["commit", "-qm", "Squashed part 1"]);
    git(work, ["push", "-q", "origin", "main"]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

describe("a planned issue becomes a stack of pull requests that follows review, CI and merge", () => {
  it("opens three stacked pull requests, each based on the one before", async () => {
    fake.serve(["token", "config", "permission", "comments", "new-comment", "reactions", "issue", "pulls", "open-pulls", "stack-create"]);
    const model = scriptAnthropic([
      PLAN,
      { content: [text("Adds safe_divide, which returns None on a zero divisor.\n" + block("calc/ops.py", "def divide(a, b):\n    return a / b", "def divide(a, b):\n    return a / b\n\n\ndef safe_divide(a, b):\n    return None if b == 0 else a / b"))] },
      { content: [text("Exports safe_divide.\n" + block("calc/__init__.py", "from .ops import add, divide", "from .ops import add, divide, safe_divide"))] },
      { content: [text("Documents safe_divide.\n" + block("README.md", "Functions: add, divide.", "Functions: add, divide, safe_divide."))] },
    ]);
    await deliver("label-1", "issues", issuesLabeled(repoRef(), { label: "agent" }));

    // Native git: 1 is based on main, 2 on 1, 3 on 2; each holds its own change and those below.
    expect(git(bare, ["rev-parse", `${B1}^`])).toBe(head("main"));
    expect(git(bare, ["rev-parse", `${B2}^`])).toBe(head(B1));
    expect(git(bare, ["rev-parse", `${B3}^`])).toBe(head(B2));
    expect(show(B3, "calc/__init__.py")).toBe("from .ops import add, divide, safe_divide");
    expect(show(B3, "calc/ops.py")).toContain("def safe_divide(a, b):");
    expect(git(bare, ["diff", "--name-only", B1, B2])).toBe("calc/__init__.py");

    // The API: each PR's head and base, drafts, titles; the last one fixes the issue.
    expect(fake.pullCreates.map((p) => [p.head, p.base, p.draft, p.title])).toEqual([
      [B1, "main", true, "[1/3] Add safe_divide to ops"],
      [B2, B1, true, "[2/3] Export safe_divide"],
      [B3, B2, true, "[3/3] Document safe_divide"],
    ]);
    const [pr1, pr2, pr3] = fake.pulls;
    expect(pr1?.body).toContain("Part of #1");
    expect(pr3?.body).toContain("Fixes #1");
    for (const pr of fake.pulls) {
      expect(pr.body).toContain("1. Add safe_divide to ops (#101)");
      expect(pr.body).toContain("3. Document safe_divide (#103)");
    }
    expect(pr2?.body).toContain("**Part 2 of 3 for #1.**");
    expect(pr2?.body).toContain("- `calc/__init__.py`");
    expect(parsePrMeta(pr2?.body ?? "", testSeal(OWNER, REPO, 1))).toEqual({ issue: 1, k: 2, n: 3, head: head(B2), base: head(B1), plan: "label-1" });

    // The repository has no native stacks (GitHub answers 404), so the chain of base branches is the stack.
    expect(fake.stackRequests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST /repos/${OWNER}/${REPO}/stacks`]);
    expect(fake.stackRequests[0]?.body).toEqual({ pull_requests: [101, 102, 103] });

    // The progress comment, exactly.
    expect(fake.progress.split("\n").slice(0, -1).join("\n")).toBe(
      [
        "<!-- stacksmith:progress -->",
        "### Stacksmith finished this issue",
        "",
        "Opened 3 stacked pull requests. Review and merge them in order.",
        "",
        "**Plan**",
        "",
        "- [x] 1. Add safe_divide to ops: #101",
        "- [x] 2. Export safe_divide: #102",
        "- [x] 3. Document safe_divide: #103",
        "",
        "<sub>claude-sonnet-5-5 · 400 input and 200 output tokens · $0.00 · started 2026-11-26 12:00 UTC · updated 2026-11-26 12:00 UTC</sub>",
      ].join("\n"),
    );
    // Subtask 2's prompt says what came before and what comes after.
    const second = JSON.stringify(model.requests[2]);
    expect(second).toContain("Do only subtask 2: Export safe_divide");
    expect(second).toContain("1. Add safe_divide to ops (done: already in the code you see)");
  });

  it("does nothing new for a redelivered webhook or a second label", async () => {
    fake.serve(["token", "config", "permission", "comments", "reactions"]);
    const before = [head(B1), head(B2), head(B3)];
    await restart();
    await deliver("label-1", "issues", issuesLabeled(repoRef(), { label: "agent" }));
    expect(fake.reactions).toHaveLength(1);
    await deliver("label-2", "issues", issuesLabeled(repoRef(), { label: "agent" }));
    expect(fake.pulls).toHaveLength(3);
    expect([head(B1), head(B2), head(B3)]).toEqual(before);
    expect(fake.comments).toHaveLength(1);
    expect(fake.progress).toContain("the stack (#101, #102, #103) is already open");
  });

  it("revises part 1 after a review, replies in its thread, and restacks parts 2 and 3", async () => {
    fake.serve(["config", "permission", "comments", "issue", "pulls", "reviews"]);
    const old1 = head(B1);
    fake.reviews.push({ id: 7001, pr: 101, state: "changes_requested", body: "Close, but not quite.", user: "ana", comments: [{ id: 8001, path: "calc/ops.py", line: 9, body: "Return 0.0, not None." }] });
    const model = scriptAnthropic([{ content: [text("Returns 0.0 on a zero divisor, as the review asks.\n" + block("calc/ops.py", "    return None if b == 0 else a / b", "    return 0.0 if b == 0 else a / b"))] }]);
    await deliver("review-1", "pull_request_review", reviewSubmitted(repoRef(), { pr: 101, head: B1, reviewId: 7001, state: "changes_requested", reviewer: "ana" }));

    expect(JSON.stringify(model.requests[0])).toContain("calc/ops.py:9: Return 0.0, not None.");
    expect(git(bare, ["rev-parse", `${B1}^`])).toBe(old1);
    expect(show(B1, "calc/ops.py")).toContain("return 0.0 if b == 0 else a / b");
    expect(git(bare, ["rev-parse", `${B2}^`])).toBe(head(B1));
    expect(git(bare, ["rev-parse", `${B3}^`])).toBe(head(B2));
    expect(show(B3, "calc/ops.py")).toContain("return 0.0 if b == 0 else a / b");
    expect(show(B3, "README.md")).toContain("safe_divide");
    expect(fake.replies).toEqual([{ pr: 101, commentId: 8001, body: expect.stringContaining(`Addressed in ${head(B1).slice(0, 7)}: Returns 0.0`) }]);
    expect(fake.progress).toContain(`Revised #101 after the review by @\u200bana in ${head(B1).slice(0, 7)}; moved #102, #103 onto it.`);
    expect(parsePrMeta(fake.pulls[2]?.body ?? "", testSeal(OWNER, REPO, 1))?.base).toBe(head(B2));
  });

  it("leaves a CI failure alone when the same check fails on the base, and fixes one that passes there", async () => {
    fake.serve(["config", "comments", "issue", "pulls", "checks"]);
    const h1 = head(B1);
    const h3 = head(B3);
    fake.checkRuns.set(h3, [{ id: 9003, name: "lint", conclusion: "failure", app: "github-actions" }]);
    fake.checkRuns.set(head(B2), [{ id: 9002, name: "lint", conclusion: "failure", app: "github-actions" }]);
    await deliver("ci-3", "check_run", checkRunCompleted(repoRef(), { branch: B3, sha: h3, conclusion: "failure" }));
    expect(head(B3)).toBe(h3);
    expect(fake.progress).toContain("CI fails on #103 (`lint`), but the same checks do not pass on the branch it is based on");

    fake.checkRuns.set(h1, [
      { id: 9001, name: "test", conclusion: "failure", app: "github-actions", annotations: [{ path: "calc/ops.py", line: 9, message: "E501 line too long" }], log: "2026-11-26T11:59:00.0000000Z \u001b[31mFAILED\u001b[0m test_ops.py::test_safe_divide - assert 0.0 == 0\n" },
    ]);
    fake.checkRuns.set(head("main"), [{ id: 9000, name: "test", conclusion: "success", app: "github-actions" }]);
    const model = scriptAnthropic([{ content: [text("Returns an int zero.\n" + block("calc/ops.py", "    return 0.0 if b == 0 else a / b", "    return 0 if b == 0 else a / b"))] }]);
    await deliver("ci-1", "check_run", checkRunCompleted(repoRef(), { branch: B1, sha: h1, conclusion: "failure" }));

    const prompt = JSON.stringify(model.requests[0]);
    expect(prompt).toContain("calc/ops.py:9 [failure] E501 line too long");
    expect(prompt).toContain("FAILED test_ops.py::test_safe_divide - assert 0.0 == 0");
    expect(prompt).not.toContain("\\u001b[31m");
    expect(git(bare, ["rev-parse", `${B1}^`])).toBe(h1);
    expect(git(bare, ["rev-list", "--count", `${h1}..${B1}`])).toBe("1");
    expect(git(bare, ["rev-parse", `${B2}^`])).toBe(head(B1));
    expect(fake.progress).toContain("pushed fix attempt 1 of 2");
    expect(state()?.subtasks[0]?.ciAttempts).toBe(1);

    // The same failure delivered again does nothing.
    await deliver("ci-1-again", "check_run", checkRunCompleted(repoRef(), { branch: B1, sha: h1, conclusion: "failure" }));
    expect(git(bare, ["rev-list", "--count", `${h1}..${B1}`])).toBe("1");
  });

  it("retargets part 2 to main and rebases it when part 1 is merged", async () => {
    fake.serve(["config", "comments", "pulls", "pull"]);
    squashMerge(B1);
    const pr1 = fake.pulls[0];
    if (pr1 !== undefined) Object.assign(pr1, { state: "closed", merged: true });
    await deliver("merged-1", "pull_request", pullRequestClosed(repoRef(), { pr: 101, head: B1, merged: true }));

    expect(fake.pullUpdates.filter((u) => u.number === 102 && u.fields.base !== undefined).at(-1)?.fields.base).toBe("main");
    expect(git(bare, ["rev-parse", `${B2}^`])).toBe(head("main"));
    expect(git(bare, ["rev-parse", `${B3}^`])).toBe(head(B2));
    expect(git(bare, ["diff", "--name-only", "main", B2])).toBe("calc/__init__.py");
    expect(fake.progress).toContain("- [x] 1. Add safe_divide to ops: #101, merged");
    expect(fake.progress).toContain("#102 now targets `main` and was rebased onto it.");
  });

  it("leaves a branch alone once a person has pushed to it", async () => {
    fake.serve(["config", "permission", "comments", "reactions", "pull"]);
    const theirs = humanCommit(B2, "calc/__init__.py", "from .ops import add, divide, safe_divide  # noqa\n");
    const h3 = head(B3);
    await deliver("fix-2", "issue_comment", pullRequestCommentCreated(repoRef(), { pr: 102, body: "/agent fix rename it", commentId: 4242 }));
    expect(head(B2)).toBe(theirs);
    expect(head(B3)).toBe(h3);
    expect(fake.reactions.at(-1)).toEqual({ path: "issues/comments/4242", content: "eyes" });
    expect(fake.progress).toContain("- [x] 2. Export safe_divide: #102 (has commits from someone else; left alone)");
    expect(fake.progress).toContain("Branch `stacksmith/issue-1/2-export-safe-divide` has commits from someone else, so Stacksmith will not rewrite it again.");
    expect(state()?.subtasks[1]?.handsOff).toBe(true);
  });

  it("stops the stack when a part is closed without merging", async () => {
    fake.serve(["config", "comments"]);
    await deliver("closed-3", "pull_request", pullRequestClosed(repoRef(), { pr: 103, head: B3, merged: false }));
    expect(state()?.status).toBe("stopped");
    expect(fake.progress).toContain("Part 3 (#103) was closed without merging, so the stack is stopped.");
  });
});
