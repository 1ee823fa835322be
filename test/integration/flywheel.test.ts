import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import type { PartOutcomeRecord } from "../../src/dataset/outcomes/part-outcome.js";
import type { JobQueue } from "../../src/queue/job-queue.js";
import { createInProcessQueue } from "../../src/runtime.js";
import { scriptAnthropic, text, toolUse } from "../helpers/anthropic-mock.js";
import { createBareRepo, git, startGitServer, type GitServer } from "../helpers/git-server.js";
import { GitHubFake } from "../helpers/github-fake.js";
import { INSTALLATION_TOKEN } from "../helpers/github-mock.js";
import { useHttpMocks } from "../helpers/http-mock.js";
import { testEnv } from "../helpers/test-env.js";
import { issuesLabeled, pullRequestClosed } from "../helpers/payloads.js";
import { testProbot } from "../helpers/probot.js";
import { jsonLines, runStacksmith } from "../helpers/cli-run.js";

const OWNER = "Codertocat";
const REPO = "calc";
const NOW = new Date("2026-11-26T12:00:00Z");
const B1 = "stacksmith/issue-1/1-add-safe-divide";
const B2 = "stacksmith/issue-1/2-export-safe-divide";
const B3 = "stacksmith/issue-1/3-document-safe-divide";
const OPS = "def add(a, b):\n    return a + b\n\n\ndef divide(a, b):\n    return a / b\n";
const SAFE_OPS = `${OPS}\n\ndef safe_divide(a, b):\n    return None if b == 0 else a / b\n`;

const block = (path: string, search: string, replace: string): string =>
  ["```python", `### ${path}`, "<<<<<<< SEARCH", search, "=======", replace, ">>>>>>> REPLACE", "```"].join("\n");

useHttpMocks();
let server: GitServer;
let bare: string;
let fake: GitHubFake;
let probot: Probot;
let queue: JobQueue;
let dataDir: string;

beforeAll(async () => {
  server = await startGitServer({ token: INSTALLATION_TOKEN });
  bare = createBareRepo(server, OWNER, REPO, [
    { message: "initial", files: { "README.md": "# calc\n\nFunctions: add, divide.\n", "calc/__init__.py": "from .ops import add, divide\n", "calc/ops.py": OPS } },
  ]);
  fake = new GitHubFake(OWNER, REPO, bare, { number: 1, title: "Add safe_divide", body: "Dividing by zero should return a value." });
  dataDir = join(mkdtempSync(join(tmpdir(), "stacksmith-data-")), "flywheel");
  probot = testProbot();
  const env = testEnv(server.url, { STACKSMITH_CONCURRENCY: "1", STACKSMITH_DATA_DIR: dataDir });
  await probot.load(createApp((p) => (queue = createInProcessQueue(p, env, { clock: { now: () => NOW } }))));
});
afterAll(async () => {
  await server.close();
  rmSync(join(dataDir, ".."), { recursive: true, force: true });
});

const repoRef = () => ({ owner: OWNER, name: REPO, cloneUrl: server.repoUrl(OWNER, REPO) });
async function deliver(id: string, name: string, payload: unknown): Promise<void> {
  await probot.receive({ id, name, payload } as never);
  await queue.drain();
}
const head = (ref: string) => git(bare, ["rev-parse", ref]);
const outcomes = (): PartOutcomeRecord[] =>
  readFileSync(join(dataDir, "outcomes.jsonl"), "utf8")
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as PartOutcomeRecord);

/** Runs `change` in a fresh clone of `branch` and pushes the result. */
function inClone(branch: string, change: (work: string) => void): void {
  const work = mkdtempSync(join(tmpdir(), "person-"));
  try {
    git(work, ["clone", "-q", "--branch", branch, bare, "."]);
    change(work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function squashMerge(branch: string, message: string): void {
  inClone("main", (work) => {
    git(work, ["fetch", "-q", "origin", branch]);
    git(work, ["merge", "-q", "--squash", "FETCH_HEAD"]);
    git(work, ["commit", "-qm", message]);
    git(work, ["push", "-q", "origin", "main"]);
  });
}

describe("the flywheel records what happened to each bot pull request", () => {
  it("opens a stack of three parts", async () => {
    fake.serve(["token", "config", "permission", "comments", "new-comment", "reactions", "issue", "pulls", "open-pulls", "stack-create"]);
    scriptAnthropic([
      {
        content: [
          toolUse("plan", "submit_plan", {
            subtasks: [
              { title: "Add safe_divide", goal: "Add safe_divide to calc/ops.py.", files: ["calc/ops.py"], why: "First." },
              { title: "Export safe_divide", goal: "Export it.", files: ["calc/__init__.py"], why: "Then." },
              { title: "Document safe_divide", goal: "README.", files: ["README.md"], why: "Last." },
            ],
          }),
        ],
      },
      { content: [text(`Adds it.\n${block("calc/ops.py", "def divide(a, b):\n    return a / b", "def divide(a, b):\n    return a / b\n\n\ndef safe_divide(a, b):\n    return None if b == 0 else a / b")}`)] },
      { content: [text(`Exports it.\n${block("calc/__init__.py", "from .ops import add, divide", "from .ops import add, divide, safe_divide")}`)] },
      { content: [text(`Documents it.\n${block("README.md", "Functions: add, divide.", "Functions: add, divide, safe_divide.")}`)] },
    ]);
    await deliver("label-1", "issues", issuesLabeled(repoRef(), { label: "agent" }));
    expect(fake.pulls.map((p) => p.number)).toEqual([101, 102, 103]);
  });

  it("a part merged as the bot wrote it: both patches are the same", async () => {
    fake.serve(["config", "comments", "pulls", "pull", "issue"]);
    const base = head("main");
    const botHead = head(B1);
    squashMerge(B1, "Add safe_divide (#101)");
    Object.assign(fake.pulls[0] ?? {}, { state: "closed", merged: true });
    await deliver("merged-1", "pull_request", pullRequestClosed(repoRef(), { pr: 101, head: B1, merged: true }));
    const [first] = outcomes();
    expect(first).toEqual({
      schema: "stacksmith.outcome/1",
      repo: "Codertocat/calc",
      issue: 1,
      pr: 101,
      pr_url: "https://github.com/Codertocat/calc/pull/101",
      part: 1,
      parts: 3,
      title: "Add safe_divide",
      task: "Add safe_divide\n\nDividing by zero should return a value.",
      branch: B1,
      outcome: "merged-as-is",
      model: "claude-sonnet-5-5",
      base_sha: base,
      bot_head_sha: botHead,
      final_head_sha: botHead,
      bot_patch: expect.stringContaining("+def safe_divide(a, b):\n+    return None if b == 0 else a / b"),
      final_patch: expect.any(String),
      closed_at: NOW.toISOString(),
      note: null,
      files: [{ path: "calc/ops.py", base: OPS, bot: SAFE_OPS, final: SAFE_OPS }],
      excluded_files: [],
    });
    expect(first?.final_patch).toBe(first?.bot_patch);
    expect(first?.bot_patch?.startsWith("diff --git a/calc/ops.py b/calc/ops.py\n--- a/calc/ops.py\n+++ b/calc/ops.py\n@@ -4,3 +4,7 @@\n")).toBe(true);
  });

  it("a part merged after a person's commit: the final patch holds both", async () => {
    fake.serve(["config", "comments", "pulls", "pull", "issue"]);
    const botHead = head(B2);
    inClone(B2, (work) => {
      writeFileSync(join(work, "calc/__init__.py"), "from .ops import add, divide, safe_divide\n\n__all__ = [\"add\", \"divide\", \"safe_divide\"]\n");
      git(work, ["commit", "-qam", "Declare __all__"]);
      git(work, ["push", "-q", "origin", B2]);
    });
    const finalHead = head(B2);
    squashMerge(B2, "Export safe_divide (#102)");
    Object.assign(fake.pulls[1] ?? {}, { state: "closed", merged: true });
    await deliver("merged-2", "pull_request", pullRequestClosed(repoRef(), { pr: 102, head: B2, merged: true }));
    const second = outcomes()[1];
    expect(second).toMatchObject({ pr: 102, part: 2, outcome: "merged-with-human-commits", bot_head_sha: botHead, final_head_sha: finalHead, note: null });
    expect(second?.bot_patch).toContain("+from .ops import add, divide, safe_divide\n");
    expect(second?.bot_patch).not.toContain("__all__");
    expect(second?.final_patch).toContain('+__all__ = ["add", "divide", "safe_divide"]');
  });

  it("a part closed without merging and its branch deleted: the patches come from refs/pull/N/head", async () => {
    fake.serve(["config", "comments", "issue"]);
    const botHead = head(B3);
    // As GitHub does: the branch goes, the pull request's head stays at refs/pull/103/head.
    git(bare, ["update-ref", "refs/pull/103/head", botHead]);
    git(bare, ["update-ref", "-d", `refs/heads/${B3}`]);
    Object.assign(fake.pulls[2] ?? {}, { state: "closed", merged: false });
    await deliver("closed-3", "pull_request", pullRequestClosed(repoRef(), { pr: 103, head: B3, merged: false }));
    const third = outcomes()[2];
    expect(third).toMatchObject({ pr: 103, part: 3, outcome: "closed", bot_head_sha: botHead, final_head_sha: botHead, note: null });
    expect(third?.bot_patch).toContain("+Functions: add, divide, safe_divide.");
    expect(third?.final_patch).toBe(third?.bot_patch);
    expect(third?.files).toEqual([{ path: "README.md", base: "# calc\n\nFunctions: add, divide.\n", bot: "# calc\n\nFunctions: add, divide, safe_divide.\n", final: "# calc\n\nFunctions: add, divide, safe_divide.\n" }]);
    expect(outcomes()).toHaveLength(3);
  });
});

describe("outcome lines are training data", () => {
  const outcomesFile = () => join(dataDir, "outcomes.jsonl");

  it("export takes a merged pull request as an example whose oracle is the change as merged, and a closed one as a negative with its reason", async () => {
    const examples = await runStacksmith(["export", "--records", outcomesFile(), "--format", "swe-rl"]);
    expect(examples).toMatchObject({ code: 0, stderr: "exported 2 examples; 1 negatives not written (give --negatives <file>)\n" });
    const [asIs, finished] = jsonLines(examples.stdout) as { id: string; repo: string; code_context: Record<string, string>; oracle_new_content: Record<string, string>; prompt: { content: string }[] }[];
    expect(asIs).toMatchObject({ id: "Codertocat__calc#101", repo: `https://github.com/${OWNER}/${REPO}`, oracle_new_content: { "calc/ops.py": SAFE_OPS } });
    // The person's commit is part of the oracle: the human-finished change.
    expect(finished?.code_context).toEqual({ "calc/__init__.py": "from .ops import add, divide\n" });
    expect(finished?.oracle_new_content).toEqual({ "calc/__init__.py": 'from .ops import add, divide, safe_divide\n\n__all__ = ["add", "divide", "safe_divide"]\n' });
    expect(finished?.prompt[1]?.content).toContain("--- BEGIN ISSUE ---\nAdd safe_divide\n\nDividing by zero should return a value.\n--- END ISSUE ---");

    const negatives = join(dataDir, "..", "negatives.jsonl");
    const withNegatives = await runStacksmith(["export", "--records", outcomesFile(), "--format", "trl", "--negatives", negatives]);
    expect(withNegatives).toMatchObject({ code: 0, stderr: `exported 2 examples; 1 negatives to ${negatives}\n` });
    const [negative] = jsonLines(readFileSync(negatives, "utf8")) as Record<string, unknown>[];
    expect(negative).toMatchObject({
      label: false,
      reason: "closed without merging",
      id: "Codertocat__calc#103",
      outcome: { kind: "outcome", outcome: "closed", number: 103, issue: 1, part: 3, parts: 3 },
      completion: [{ role: "assistant", content: expect.stringContaining("### README.md\n<<<<<<< SEARCH\nFunctions: add, divide.\n=======\nFunctions: add, divide, safe_divide.\n>>>>>>> REPLACE") }],
    });
    expect((negative?.prompt as { content: string }[])[1]?.content).toContain("### README.md\n# calc\n\nFunctions: add, divide.\n");
  });

  it("eval --oracle replays the merged changes to 1.0 and leaves the negatives unscored; curriculum orders them all", async () => {
    const run = await runStacksmith(["eval", "--records", outcomesFile(), "--oracle", "--json", "--quiet"]);
    expect(run).toMatchObject({ code: 0, stderr: "1 negatives (pull requests closed without merging) have no oracle and were not scored\n" });
    const report = JSON.parse(run.stdout) as { results: { id: string; reward: number; applied: boolean }[] };
    expect(report.results.map((r) => [r.id, r.reward, r.applied])).toEqual([
      ["Codertocat__calc#101", 1, true],
      ["Codertocat__calc#102", 1, true],
    ]);
    const ordered = await runStacksmith(["curriculum", outcomesFile()]);
    expect(ordered.code).toBe(0);
    const lines = readFileSync(outcomesFile(), "utf8").trimEnd().split("\n");
    expect(ordered.stdout.trimEnd().split("\n").sort()).toEqual([...lines].sort());
  });

  it("reports a line it cannot use, and a line it cannot read, and goes on", async () => {
    const lines = readFileSync(outcomesFile(), "utf8").trimEnd().split("\n");
    const old = { ...(JSON.parse(lines[0] ?? "{}") as Record<string, unknown>) };
    delete old.files;
    delete old.excluded_files;
    const mixed = join(dataDir, "..", "mixed.jsonl");
    writeFileSync(mixed, [JSON.stringify(old), "{not json", lines[1], JSON.stringify({ ...old, schema: "stacksmith.outcome/1", outcome: "lost" })].join("\n") + "\n");
    const run = await runStacksmith(["export", "--records", mixed, "--format", "verl"]);
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n")).toEqual([
      `${mixed}:1: Codertocat__calc#101: the line has no file texts (written before outcome lines kept them); skipped`,
      expect.stringMatching(new RegExp(`^${mixed}:2: not JSON \\(.+\\); skipped$`)),
      `${mixed}:4: not an outcome line: outcome: Invalid option: expected one of "merged-as-is"|"merged-with-human-commits"|"closed"; skipped`,
      "exported 1 examples; 1 outcome lines unusable; 2 unreadable lines skipped",
      "",
    ]);
    expect(jsonLines(run.stdout)).toHaveLength(1);
  });
});
