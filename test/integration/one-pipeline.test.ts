import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import type { JobQueue } from "../../src/queue/job-queue.js";
import { createInProcessQueue } from "../../src/runtime.js";
import { scriptAnthropic, text, toolUse } from "../helpers/anthropic-mock.js";
import { runStacksmith } from "../helpers/cli-run.js";
import { createBareRepo, git, startGitServer, type GitServer } from "../helpers/git-server.js";
import { GitHubFake } from "../helpers/github-fake.js";
import { INSTALLATION_TOKEN } from "../helpers/github-mock.js";
import { useHttpMocks } from "../helpers/http-mock.js";
import { issuesLabeled } from "../helpers/payloads.js";
import { testProbot } from "../helpers/probot.js";
import { testEnv } from "../helpers/test-env.js";

/**
 * The app, `stacksmith fix` and `stacksmith eval` are one pipeline: given the same issue, the
 * same repository and the same model answers, they send the model the same prompts and write
 * the same plan, branches and commits.
 */

const OWNER = "Codertocat";
const REPO = "calc";
const TITLE = "Add safe_divide";
const BODY = "Dividing by zero should return a value instead of raising.";
const CONFIG = "maxEditRounds: 2\nmaxSubtasks: 3\n";
const OPS = "def add(a, b):\n    return a + b\n\n\ndef divide(a, b):\n    return a / b\n";

function block(path: string, search: string, replace: string): string {
  return ["```python", `### ${path}`, "<<<<<<< SEARCH", search, "=======", replace, ">>>>>>> REPLACE", "```"].join("\n");
}

/** The model's answers: a two-part plan, a file read, then each part's edit. */
const TURNS = () => [
  {
    content: [
      toolUse("plan", "submit_plan", {
        subtasks: [
          { title: "Add safe_divide to ops", goal: "Add safe_divide(a, b) to calc/ops.py.", files: ["calc/ops.py"], why: "The function comes first." },
          { title: "Export safe_divide", goal: "Export it from the package.", files: ["calc/__init__.py"], why: "Needs the function." },
        ],
      }),
    ],
  },
  { content: [toolUse("read", "read_file", { path: "README.md" })] },
  { content: [text("Adds safe_divide.\n" + block("calc/ops.py", "def divide(a, b):\n    return a / b", "def divide(a, b):\n    return a / b\n\n\ndef safe_divide(a, b):\n    return None if b == 0 else a / b"))] },
  { content: [text("Exports safe_divide.\n" + block("calc/__init__.py", "from .ops import add, divide", "from .ops import add, divide, safe_divide"))] },
];

useHttpMocks();
let server: GitServer;
let bare: string;
let work: string;
let probot: Probot;
let queue: JobQueue;

beforeAll(async () => {
  server = await startGitServer({ token: INSTALLATION_TOKEN });
  bare = createBareRepo(server, OWNER, REPO, [
    {
      message: "initial",
      files: { "README.md": "# calc\n\nFunctions: add, divide.\n", "calc/__init__.py": "from .ops import add, divide\n", "calc/ops.py": OPS, ".github/stacksmith.yml": CONFIG },
    },
  ]);
  work = mkdtempSync(join(tmpdir(), "one-pipeline-"));
  probot = testProbot();
  const env = testEnv(server.url, { STACKSMITH_CONCURRENCY: "1" });
  await probot.load(createApp((p) => (queue = createInProcessQueue(p, env))));
});

afterAll(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

/** What the model was sent, without what differs by design: the frame id, drawn per run, and the repository's name. */
function prompts(requests: ReadonlyArray<Record<string, unknown>>): unknown[] {
  return requests.map((r) =>
    JSON.parse(
      JSON.stringify({ system: r.system, messages: r.messages, tools: r.tools })
        .replace(/[0-9a-f]{24}/g, "<frame>")
        .replace(/Repository: [^\\]*\\n/g, "Repository: <name>\\n"),
    ),
  );
}

/** Each of the issue's branches with its commit's parent's tree, tree and message: the plan's parts, their edits and their order. */
function branches(dir: string): Array<{ branch: string; tree: string; parentTree: string; message: string }> {
  const names = git(dir, ["for-each-ref", "--format=%(refname:short)", "refs/heads/stacksmith/"]).split("\n").filter((b) => b !== "");
  return names.map((branch) => ({
    branch,
    tree: git(dir, ["rev-parse", `${branch}^{tree}`]),
    parentTree: git(dir, ["rev-parse", `${branch}^^{tree}`]),
    message: git(dir, ["log", "-1", "--format=%B", branch]),
  }));
}

describe("one pipeline: the app, fix and eval", () => {
  it("send the same prompts and write the same plan, branches and edits for the same issue", async () => {
    // 1. The app, through Probot, GitHub's API (mocked at HTTP) and the git server.
    const fake = new GitHubFake(OWNER, REPO, bare, { number: 1, title: TITLE, body: BODY });
    fake.config = CONFIG;
    fake.serve(["token", "config", "permission", "comments", "new-comment", "reactions", "issue", "pulls", "open-pulls", "stack-create"]);
    const app = scriptAnthropic(TURNS());
    await probot.receive({ id: "label-1", name: "issues", payload: issuesLabeled({ owner: OWNER, name: REPO, cloneUrl: server.repoUrl(OWNER, REPO) }, { label: "agent" }) } as never);
    await queue.drain();
    expect(app.requests).toHaveLength(4);
    const onGitHub = branches(bare);
    expect(onGitHub.map((b) => b.branch)).toEqual(["stacksmith/issue-1/1-add-safe-divide-to-ops", "stacksmith/issue-1/2-export-safe-divide"]);
    expect(fake.pullCreates.map((p) => p.head)).toEqual(onGitHub.map((b) => b.branch));

    // 2. `stacksmith fix` on a clone of the same repository, with the issue given as text.
    const clone = join(work, REPO);
    git(work, ["clone", "-q", bare, clone]);
    const local = scriptAnthropic(TURNS());
    const env = { ANTHROPIC_API_KEY: "sk-ant-test", GIT_AUTHOR_NAME: "Stacksmith", GIT_AUTHOR_EMAIL: "stacksmith@users.noreply.github.com" };
    const fix = await runStacksmith(["fix", "--repo", clone, "--issue", `${TITLE}\n\n${BODY}`, "--number", "1", "--model", "claude-sonnet-5-5"], { env });
    expect(fix.stderr).toBe("");
    expect(fix.code).toBe(0);
    expect(branches(clone)).toEqual(onGitHub);
    expect(prompts(local.requests)).toEqual(prompts(app.requests));
    expect(fix.stdout).toContain("2 of 2 parts written; 400 input and 200 output tokens, $");

    // 3. `stacksmith eval` on the change the app made, mined as a record of the issue: the same run, scored 1.0.
    git(clone, ["checkout", "-q", "-b", "merged", onGitHub[1]?.branch ?? ""]);
    git(clone, ["reset", "-q", "--soft", "main"]);
    git(clone, ["commit", "-q", "-m", `${TITLE}\n\n${BODY}`]);
    const records = join(work, "records.jsonl");
    const mined = await runStacksmith(["mine", "--repo", clone, "--ref", "merged", "--out", records, "--context-files", "0", "--quiet"]);
    expect(mined.code, mined.stderr).toBe(0);
    const evaluated = scriptAnthropic(TURNS());
    const run = await runStacksmith(["eval", "--records", records, "--limit", "1", "--json", "--quiet", "--model", "claude-sonnet-5-5"], { env });
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout) as { results: Array<Record<string, unknown>> };
    expect(report.results).toEqual([expect.objectContaining({ reward: 1, applied: true, error: null })]);
    expect(prompts(evaluated.requests)).toEqual(prompts(app.requests));
  });
});
