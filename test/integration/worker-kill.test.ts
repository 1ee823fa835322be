import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBareRepo, git, startGitServer, type GitServer } from "../helpers/git-server.js";
import { startFakeAnthropic } from "../helpers/fake-anthropic-server.js";
import type { FakeHttp } from "../helpers/fake-http.js";
import { startFakeGitHub, type FakeGitHub } from "../helpers/fake-github-server.js";
import { INSTALLATION_TOKEN } from "../helpers/github-mock.js";
import { freePort, startNode, type NodeProcess } from "../helpers/node-process.js";
import { issuesLabeled } from "../helpers/payloads.js";
import { privateKey } from "../helpers/probot.js";
import { deleteKeysUnder, eventually, hasRedis, keysUnder, REDIS_URL, testQueueSettings } from "../helpers/redis-test-queue.js";
import { postWebhook, sign } from "../helpers/webhook-post.js";

/**
 * The webhook server and two workers as separate processes, on the real Redis, the real git
 * server, and stand-in GitHub and Anthropic servers. The first worker is killed (SIGKILL) while
 * its job waits for the model; the second recovers the job and finishes it.
 */

const OWNER = "Codertocat";
const REPO = "Hello-World";
const SECRET = "kill-test-secret";
const BRANCH = "stacksmith/issue-1/1-dividing-by-zero-crashes";
const OPS = "def divide(a, b):\n    return a / b\n";
const ANSWER = [
  "`divide` raises ValueError on zero.",
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

const PLAN = {
  tool: "submit_plan",
  input: { subtasks: [{ title: "Dividing by zero crashes", goal: "Raise ValueError on a zero divisor.", files: ["calc/ops.py"], why: "One change." }] },
};

// Locks long enough that a busy machine never lets a live worker's lock lapse, short enough to recover quickly.
const settings = testQueueSettings({ lockMs: 4_000 });
let gitServer: GitServer;
let github: FakeGitHub;
let anthropic: FakeHttp;
const processes: NodeProcess[] = [];

beforeAll(async () => {
  if (!hasRedis) return;
  gitServer = await startGitServer({ token: INSTALLATION_TOKEN });
  createBareRepo(gitServer, OWNER, REPO, [{ message: "initial", files: { "README.md": "# calc\n", "calc/ops.py": OPS } }]);
  github = await startFakeGitHub({
    owner: OWNER,
    repo: REPO,
    token: INSTALLATION_TOKEN,
    issue: { number: 1, title: "Dividing by zero crashes", body: "`divide(1, 0)` raises ZeroDivisionError." },
    config: null,
    git: gitServer.url,
  });
  // Worker A's plan request is held open; worker B plans again and edits.
  anthropic = await startFakeAnthropic(["hold", PLAN, { text: ANSWER }]);
});

afterAll(async () => {
  if (!hasRedis) return;
  for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
  await Promise.all(processes.map((p) => p.exited));
  await Promise.all([gitServer.close(), github.close(), anthropic.close()]);
  await deleteKeysUnder(settings.prefix);
});

function commonEnv(): Record<string, string> {
  return {
    REDIS_URL,
    STACKSMITH_QUEUE_NAME: settings.name,
    STACKSMITH_QUEUE_PREFIX: settings.prefix,
    APP_ID: "1",
    PRIVATE_KEY: privateKey(),
    GHE_HOST: github.host,
    GHE_PROTOCOL: "http",
    LOG_FORMAT: "json",
    LOG_LEVEL: "info",
  };
}

function startWorker(): NodeProcess {
  const worker = startNode("src/cli/main.ts", ["worker"], {
    ...commonEnv(),
    ANTHROPIC_API_KEY: "sk-ant-test",
    ANTHROPIC_BASE_URL: anthropic.url,
    STACKSMITH_CONCURRENCY: "1",
    STACKSMITH_LOCK_MS: String(settings.lockMs),
    STACKSMITH_STALLED_INTERVAL_MS: String(settings.stalledIntervalMs),
    STACKSMITH_BUSY_DELAY_MS: String(settings.busyDelayMs),
  });
  processes.push(worker);
  return worker;
}

describe.skipIf(!hasRedis)("a worker killed mid-job", () => {
  it("has its job recovered by another worker; one branch and one pull request result", { timeout: 120_000 }, async () => {
    const inspect = new Queue(settings.name, { connection: { url: REDIS_URL }, prefix: settings.prefix });
    try {
      // The webhook server and two workers start side by side.
      const port = await freePort();
      const server = startNode("src/main.ts", [], { ...commonEnv(), WEBHOOK_SECRET: SECRET, HOST: "127.0.0.1", PORT: String(port), NO_SMEE_SETUP: "true" });
      processes.push(server);
      const workers = [startWorker(), startWorker()];
      await Promise.all([server.waitFor("Listening on"), ...workers.map((w) => w.waitFor("worker ready"))]);

      // A delivery, its redelivery and a second `agent` label on the same issue make one job.
      const url = `http://127.0.0.1:${port}/api/github/webhooks`;
      const payload = issuesLabeled({ owner: OWNER, name: REPO, cloneUrl: `${github.url}/${OWNER}/${REPO}.git` }, { label: "agent" });
      const delivery = (id: string) => ({ id, name: "issues", payload });
      for (const id of ["6f1c5e80-0001", "6f1c5e80-0001", "6f1c5e80-0002"]) {
        expect((await postWebhook(url, delivery(id), (body) => sign(SECRET, body))).status).toBe(200);
      }

      // One worker takes the job and blocks on the model (the stand-in holds the request open).
      await Promise.race([
        anthropic.held,
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error(`no worker reached the model:\n${workers.map((w) => w.output()).join("\n")}\n${github.unexpected.join("\n")}`)), 60_000).unref(),
        ),
      ]);
      const jobs = await inspect.getJobs(["waiting", "active", "delayed", "completed", "failed"]);
      expect(jobs.map((j) => j.id)).toEqual(["6f1c5e80-0001"]);
      expect(JSON.stringify(jobs[0]?.data)).not.toContain(INSTALLATION_TOKEN);
      const holder = (await inspect.getJob("6f1c5e80-0001"))?.processedBy ?? "";
      const a = workers.find((w) => holder.endsWith(`:${w.pid}`));
      const b = workers.find((w) => w !== a);
      if (a === undefined || b === undefined) throw new Error(`the job is held by ${holder}, not by a worker (the server's pid is ${server.pid})`);
      expect(await inspect.getJobState("6f1c5e80-0001")).toBe("active");
      expect(git(gitServer.repoPath(OWNER, REPO), ["branch", "--list"])).toBe("* main");

      // Worker A is killed without a chance to clean up.
      a.child.kill("SIGKILL");
      expect(await a.exited).toEqual({ code: null, signal: "SIGKILL" });

      // B's stalled-job check finds A's expired lock, puts the job back, and B runs it.
      const job = await eventually(
        "the job to complete on worker B",
        async () => {
          const j = await inspect.getJob("6f1c5e80-0001");
          return (await j?.getState()) === "completed" ? j : undefined;
        },
        90_000,
      );
      expect(job?.processedBy).toMatch(new RegExp(`:${b.pid}$`));
      expect(job?.returnvalue).toEqual({ kind: "done", pullRequests: [2] });
      expect(job?.stalledCounter).toBe(1);
      expect(b.output()).toContain("job stalled");
      expect(server.output()).not.toContain("job started");

      // Native git: exactly one branch besides main, holding the edit.
      const bare = gitServer.repoPath(OWNER, REPO);
      expect(git(bare, ["for-each-ref", "--format=%(refname)", "refs/heads/"]).split("\n")).toEqual(["refs/heads/main", `refs/heads/${BRANCH}`]);
      expect(git(bare, ["show", `${BRANCH}:calc/ops.py`])).toContain('raise ValueError("cannot divide by zero")');
      expect(git(bare, ["rev-parse", `${BRANCH}^`])).toBe(git(bare, ["rev-parse", "main"]));
      git(bare, ["fsck", "--strict", "--no-dangling"]);

      // GitHub: one pull request created, at most one update of it; one progress comment, which B
      // found and finished; the model was asked three times (A's plan, B's plan and edit).
      const pulls = /\/repos\/Codertocat\/Hello-World\/pulls$/;
      expect(github.count("POST", pulls)).toBe(1);
      expect(github.count("PATCH", /\/pulls\/\d+$/)).toBeLessThanOrEqual(1);
      expect(github.pullRequests).toMatchObject([{ head: BRANCH, base: "main", draft: true }]);
      expect(anthropic.requests).toHaveLength(3);
      expect(github.comments).toHaveLength(1);
      expect(github.comments[0]?.body).toContain("Stacksmith finished this issue");
      expect(github.unexpected).toEqual([]);
      expect(anthropic.unexpected).toEqual([]);

      // B stops gracefully on SIGTERM; so does the server.
      b.child.kill("SIGTERM");
      expect(await b.exited).toEqual({ code: 0, signal: null });
      expect(b.output()).toContain("worker stopped");
      server.child.kill("SIGTERM");
      await server.exited;
    } finally {
      await inspect.close();
    }
    await deleteKeysUnder(settings.prefix);
    expect(await keysUnder(settings.prefix)).toEqual([]);
  });
});
