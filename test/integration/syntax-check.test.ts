import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Probot } from "probot";
import { createApp } from "../../src/app.js";
import type { JobQueue } from "../../src/queue/job-queue.js";
import { createInProcessQueue } from "../../src/runtime.js";
import { scriptAnthropic, text, toolUse, type ScriptedTurn } from "../helpers/anthropic-mock.js";
import { createBareRepo, git, startGitServer, type GitServer } from "../helpers/git-server.js";
import { githubRepo, INSTALLATION_TOKEN } from "../helpers/github-mock.js";
import { useHttpMocks } from "../helpers/http-mock.js";
import { issuesLabeled } from "../helpers/payloads.js";
import { testProbot } from "../helpers/probot.js";
import { testEnv } from "../helpers/test-env.js";

/**
 * Parse before push, through the whole app: a model whose edit breaks the Python it touches is told the
 * file, line and column, and its fix is what gets pushed; one that never fixes it gets nothing pushed.
 */

const OWNER = "Codertocat";
const BRANCH = "stacksmith/issue-1/1-dividing-by-zero-crashes";
const OPS = "def add(a, b):\n    return a + b\n\n\ndef divide(a, b):\n    return a / b\n";
const FIXED = 'def add(a, b):\n    return a + b\n\n\ndef divide(a, b):\n    if b == 0:\n        raise ValueError("cannot divide by zero")\n    return a / b\n';

const answer = (search: string[], replace: string[]): string =>
  ["I check for a zero divisor.", "", "```python", "### calc/ops.py", "<<<<<<< SEARCH", ...search, "=======", ...replace, ">>>>>>> REPLACE", "```"].join("\n");

/** The first answer leaves the `raise` line's bracket open. */
const BROKEN = answer(["def divide(a, b):", "    return a / b"], ["def divide(a, b):", "    if b == 0:", '        raise ValueError("cannot divide by zero"', "    return a / b"]);
const FIX = answer(['        raise ValueError("cannot divide by zero"'], ['        raise ValueError("cannot divide by zero")']);
/** A "fix" that moves the problem instead of fixing it. */
const STILL_BROKEN = answer(['        raise ValueError("cannot divide by zero"'], ['        raise ValueError["cannot divide by zero"']);

const PLAN: ScriptedTurn = {
  content: [toolUse("p1", "submit_plan", { subtasks: [{ title: "Dividing by zero crashes", goal: "Raise ValueError on a zero divisor.", files: ["calc/ops.py"], why: "One change." }] })],
};

const mocks = useHttpMocks();
let server: GitServer;
let probot: Probot;
let queue: JobQueue;

beforeAll(async () => {
  server = await startGitServer({ token: INSTALLATION_TOKEN });
});
afterAll(async () => {
  await server.close();
});

async function run(repo: string, turns: ScriptedTurn[], expect: { updates: number; pull: boolean }) {
  const bare = createBareRepo(server, OWNER, repo, [{ message: "initial", files: { "README.md": "# calc\n", "calc/__init__.py": "", "calc/ops.py": OPS } }]);
  probot = testProbot();
  await probot.load(createApp((p) => (queue = createInProcessQueue(p, testEnv(server.url, { STACKSMITH_CONCURRENCY: "1" })))));
  const gh = githubRepo(OWNER, repo);
  gh.token();
  gh.config(null);
  gh.permission("Codertocat", "write");
  gh.listComments(1);
  gh.reaction("issues/1");
  gh.comment(1);
  gh.issue(1, "Dividing by zero crashes", "Calling `divide(1, 0)` raises ZeroDivisionError. It should raise ValueError.");
  gh.commentUpdates(9001, expect.updates);
  if (expect.pull) {
    gh.noOpenPull(BRANCH);
    gh.createPull(2);
  }
  const model = scriptAnthropic(turns);
  const payload = issuesLabeled({ owner: OWNER, name: repo, cloneUrl: server.repoUrl(OWNER, repo) }, { label: "agent" });
  await probot.receive({ id: `delivery-${repo}`, name: "issues", payload } as never);
  await queue.drain();
  return { bare, gh, model };
}

/** The text of the last message the app sent the model in request `i`. */
function lastMessage(model: { requests: Array<Record<string, unknown>> }, i: number): string {
  const messages = (model.requests[i]?.messages ?? []) as Array<{ content: Array<{ type: string; text?: string }> | string }>;
  const last = messages.at(-1)?.content;
  return typeof last === "string" ? last : (last ?? []).map((b) => b.text ?? "").join("");
}

describe("parse before push", () => {
  it("tells the model the line its edit broke, and pushes the fix", async () => {
    const { bare, gh, model } = await run("fixed", [PLAN, { content: [text(BROKEN)] }, { content: [text(FIX)] }], { updates: 3, pull: true });

    const feedback = lastMessage(model, 2);
    expect(feedback).toContain("Block 1 (calc/ops.py): applied.");
    expect(feedback).toMatch(/- calc\/ops\.py, line 7, column \d+.*: a syntax error/);
    expect(feedback).toMatch(/--- BEGIN LINES 4-8 OF calc\/ops\.py \[[0-9a-f]{24}\] ---\n[^]*        raise ValueError\("cannot divide by zero"\n    return a \/ b\n--- END LINES/);
    expect(feedback).toContain("must be fixed before anything is pushed");

    expect(git(bare, ["show", `${BRANCH}:calc/ops.py`]) + "\n").toBe(FIXED);
    git(bare, ["fsck", "--strict", "--no-dangling"]);
    expect(gh.recorded.pullRequests).toHaveLength(1);
    expect(gh.recorded.commentUpdates.at(-1)).toContain("Stacksmith finished this issue");
    expect(mocks.unmatched).toEqual([]);
  });

  it("pushes nothing when the model never fixes it, and the comment says why", async () => {
    const turns = [PLAN, { content: [text(BROKEN)] }, { content: [text(STILL_BROKEN)] }, { content: [text(answer(['        raise ValueError["cannot divide by zero"'], ['        raise ValueError("cannot divide by zero"']))] }];
    const { bare, gh, model } = await run("never-fixed", turns, { updates: 2, pull: false });

    expect(lastMessage(model, 3)).toMatch(/calc\/ops\.py, line \d+, column \d+/);
    expect(git(bare, ["branch", "--list"])).toBe("* main");
    const final = gh.recorded.commentUpdates.at(-1) ?? "";
    expect(final).toContain("Stacksmith could not finish this issue");
    expect(final).toMatch(/\*\*Part 1 failed:\*\* after 3 attempts the model's edits still leave a syntax error in calc\/ops\.py at line \d+, column \d+[^\n]*\. Nothing was pushed\./);
    expect(gh.recorded.pullRequests).toEqual([]);
    expect(mocks.unmatched).toEqual([]);
  });
});
