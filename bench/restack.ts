/**
 * Restacking, measured through the real app: Probot with signed webhooks, the real git
 * smart-HTTP server, GitHub's API as the stateful stand-in the tests use, a scripted model.
 *
 * 1. A 5-part stack on a 2,000-file repository; part 1 is squash-merged; the app handles
 *    `pull_request.closed`: retargets part 2 and moves parts 2 to 5. Baseline, on a copy of the
 *    same repository in the same run: what a person (or gh-stack) does with native git — clone
 *    over the same HTTP server, `git rebase --onto` each level with the merged head as the
 *    boundary, one `git push --force-with-lease` of the four branches.
 * 2. A scripted conflict: a review of part 1 changes the line part 2 changed. The app revises part
 *    1, gives the conflict to the model, checks and pushes the resolution. Baseline: the same
 *    review where part 2 changed another file (no conflict).
 *
 * The model answers at once, so times are the app's own work (clone, merge, push, API calls).
 */
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { promisify } from "node:util";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import type { Probot } from "probot";
import { createApp } from "../src/app.js";
import { CONFLICT_MARKERS, conflictMarkerLines } from "../src/edit/three-way-merge.js";
import type { JobQueue } from "../src/queue/job-queue.js";
import { createInProcessQueue } from "../src/runtime.js";
import { scriptAnthropic, text, toolUse, type ScriptedTurn } from "../test/helpers/anthropic-mock.js";
import { createBareRepo, git, startGitServer, type GitServer } from "../test/helpers/git-server.js";
import { GitHubFake } from "../test/helpers/github-fake.js";
import { INSTALLATION_TOKEN } from "../test/helpers/github-mock.js";
import { pullRequestClosed, issuesLabeled, reviewSubmitted } from "../test/helpers/payloads.js";
import { testProbot } from "../test/helpers/probot.js";
import { testEnv } from "../test/helpers/test-env.js";

const run = promisify(execFile);
const OWNER = "bench";
const ROUNDS = 3;
const PARTS = ["a", "b", "c", "d", "e"];
/** The scripted model plans and edits only: the ranking alone locates (no model locate turns). */
const CONFIG = "modelLocateMinFiles: 100000\n";

/** Requests to GitHub's API, counted where Octokit sends them (fetch). */
let githubCalls = 0;
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  if (url.startsWith("https://api.github.com/")) githubCalls++;
  return realFetch(input, init);
};

nock.disableNetConnect();
nock.enableNetConnect("127.0.0.1");

let probot: Probot;
let queue: JobQueue;

async function restart(server: GitServer): Promise<void> {
  probot = testProbot();
  const env = testEnv(server.url, { STACKSMITH_CONCURRENCY: "1" });
  await probot.load(createApp((p) => (queue = createInProcessQueue(p, env))));
}

async function deliver(id: string, name: string, payload: unknown): Promise<number> {
  const start = performance.now();
  await probot.receive({ id, name, payload } as never);
  await queue.drain();
  return performance.now() - start;
}

const block = (path: string, search: string, replace: string) => ["```", `### ${path}`, "<<<<<<< SEARCH", search, "=======", replace, ">>>>>>> REPLACE", "```"].join("\n");
const edit = (path: string, from: string, to: string): ScriptedTurn => ({ content: [text(`Changes ${path}.\n${block(path, from, to)}`)] });
const plan = (parts: Array<{ title: string; file: string }>): ScriptedTurn => ({
  content: [toolUse("p", "submit_plan", { subtasks: parts.map((p) => ({ title: p.title, goal: p.title, files: [p.file], why: "" })) })],
});

function repoFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < 2000; i++) files[`src/module_${i}.py`] = `def f_${i}(x):\n    return x + ${i}\n`;
  for (const p of PARTS) files[`${p}.txt`] = `${p}\n`;
  return files;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const median2 = (xs: number[]) => Math.round(median(xs));

const GIT_ENV = { GIT_AUTHOR_NAME: "A", GIT_AUTHOR_EMAIL: "a@example.com", GIT_COMMITTER_NAME: "A", GIT_COMMITTER_EMAIL: "a@example.com", GIT_CONFIG_NOSYSTEM: "1", HOME: tmpdir() };

/** Native git without blocking the event loop (the git server answers from this process). */
async function gitAsync(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run("git", args, { cwd, env: { ...process.env, ...GIT_ENV }, maxBuffer: 1 << 28 });
  return stdout.trimEnd();
}

/** The native-git baseline: clone over HTTP, rebase each level with `--onto`, push the four branches once. */
async function nativeRestack(server: GitServer, name: string, branches: string[], mergedHead: string): Promise<number> {
  const url = server.repoUrl(OWNER, name).replace("http://", `http://x-access-token:${INSTALLATION_TOKEN}@`);
  const work = mkdtempSync(join(tmpdir(), "native-restack-"));
  const start = performance.now();
  try {
    await gitAsync(work, ["clone", "-q", url, "."]);
    let onto = "origin/main";
    let upstream = mergedHead;
    for (const branch of branches.slice(1)) {
      const oldTip = await gitAsync(work, ["rev-parse", `origin/${branch}`]);
      await gitAsync(work, ["checkout", "-q", "-B", branch, `origin/${branch}`]);
      await gitAsync(work, ["rebase", "-q", "--onto", onto, upstream]);
      onto = branch;
      upstream = oldTip;
    }
    await gitAsync(work, ["push", "-q", "--force-with-lease", "origin", ...branches.slice(1)]);
    return performance.now() - start;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function restackRound(server: GitServer, round: number) {
  nock.cleanAll();
  await restart(server);
  const name = `five-${round}`;
  const bare = createBareRepo(server, OWNER, name, [{ message: "initial", files: repoFiles() }]);
  const fake = new GitHubFake(OWNER, name, bare, { number: 1, title: "Change five files", body: "Change a to e." });
  fake.config = CONFIG;
  const ref = { owner: OWNER, name, cloneUrl: server.repoUrl(OWNER, name) };
  fake.serve(["token", "config", "permission", "comments", "new-comment", "reactions", "issue", "open-pulls", "pulls", "stack-create", "pull"]);
  scriptAnthropic([plan(PARTS.map((p) => ({ title: `Change ${p}`, file: `${p}.txt` }))), ...PARTS.map((p) => edit(`${p}.txt`, p, p.toUpperCase()))]);
  await deliver(`label-${round}`, "issues", issuesLabeled(ref, { label: "agent" }));
  const branches = PARTS.map((p, i) => `stacksmith/issue-1/${i + 1}-change-${p}`);
  if (fake.pulls.length !== 5) throw new Error(`the stack did not open: ${fake.progress}`);
  const merged = fake.merge(101, "squash");
  // The same repository, for the baseline.
  cpSync(bare, server.repoPath(OWNER, `${name}-native`), { recursive: true });

  githubCalls = 0;
  const requestsBefore = server.requests.length;
  const ms = await deliver(`merged-${round}`, "pull_request", pullRequestClosed(ref, { pr: 101, head: branches[0] ?? "", merged: true }));
  const git_ = server.requests.slice(requestsBefore).filter((r) => r.path.startsWith(`/${OWNER}/${name}.git`));
  const pushes = git_.filter((r) => r.method === "POST" && r.path.endsWith("/git-receive-pack")).length;
  const fetches = git_.filter((r) => r.method === "POST" && r.path.endsWith("/git-upload-pack")).length;
  const calls = githubCalls;
  for (let k = 2; k <= 5; k++) {
    const parent = git(bare, ["rev-parse", `${branches[k - 1]}^`]);
    const expected = k === 2 ? git(bare, ["rev-parse", "main"]) : git(bare, ["rev-parse", branches[k - 2] ?? ""]);
    if (parent !== expected) throw new Error(`part ${k} is not on the part below it`);
  }
  const nativeMs = await nativeRestack(server, `${name}-native`, branches, merged.headSha);
  return { ms, nativeMs, calls, pushes, fetches, writes: fake.pullUpdates.length };
}

async function conflictRound(server: GitServer, round: number, conflicting: boolean) {
  nock.cleanAll();
  await restart(server);
  const name = `conflict-${round}-${conflicting ? "yes" : "no"}`;
  const files = { ...repoFiles(), "calc.py": "x = 1\n\n\ndef f():\n    return x\n" };
  const bare = createBareRepo(server, OWNER, name, [{ message: "initial", files }]);
  const fake = new GitHubFake(OWNER, name, bare, { number: 1, title: "Change calc", body: "Change it." });
  fake.config = CONFIG;
  const ref = { owner: OWNER, name, cloneUrl: server.repoUrl(OWNER, name) };
  fake.serve(["token", "config", "permission", "comments", "new-comment", "reactions", "issue", "open-pulls", "pulls", "stack-create", "reviews", ...(conflicting ? (["pr-comments"] as const) : [])]);
  const second = conflicting ? edit("calc.py", "x = 1", "x = 2") : edit("a.txt", "a", "A");
  scriptAnthropic([plan([{ title: "Change f", file: "calc.py" }, { title: "Change x", file: conflicting ? "calc.py" : "a.txt" }]), edit("calc.py", "    return x", "    return x + 1"), second]);
  await deliver(`label-${round}`, "issues", issuesLabeled(ref, { label: "agent" }));
  fake.reviews.push({ id: 7001, pr: 101, state: "changes_requested", body: "x = 10", user: "ana", comments: [{ id: 8001, path: "calc.py", line: 1, body: "x = 10" }] });
  const marked = [CONFLICT_MARKERS.newBase, "x = 10", CONFLICT_MARKERS.oldBase, "x = 1", CONFLICT_MARKERS.divider, "x = 2", CONFLICT_MARKERS.part].join("\n");
  const model = scriptAnthropic([edit("calc.py", "x = 1", "x = 10"), ...(conflicting ? [edit("calc.py", marked, "x = 20")] : [])]);
  const ms = await deliver(`review-${round}`, "pull_request_review", reviewSubmitted(ref, { pr: 101, head: "stacksmith/issue-1/1-change-f", reviewId: 7001, state: "changes_requested", reviewer: "ana" }));
  const B2 = "stacksmith/issue-1/2-change-x";
  const onPart1 = git(bare, ["rev-parse", `${B2}^`]) === git(bare, ["rev-parse", "stacksmith/issue-1/1-change-f"]);
  const calc = git(bare, ["show", `${B2}:calc.py`]);
  const resolved = onPart1 && conflictMarkerLines(calc).length === 0 && (!conflicting || calc.startsWith("x = 20"));
  return { ms, resolved, modelCalls: model.requests.length };
}

async function main(): Promise<void> {
  const server = await startGitServer({ token: INSTALLATION_TOKEN });
  try {
    const restacks = [];
    for (let round = 0; round < ROUNDS; round++) restacks.push(await restackRound(server, round));
    const conflicts = [];
    const cleans = [];
    for (let round = 0; round < ROUNDS; round++) {
      cleans.push(await conflictRound(server, round, false));
      conflicts.push(await conflictRound(server, round, true));
    }
    const ms = median2(restacks.map((r) => r.ms));
    const nativeMs = median2(restacks.map((r) => r.nativeMs));
    const r0 = restacks[0];
    const conflictMs = median2(conflicts.map((c) => c.ms));
    const cleanMs = median2(cleans.map((c) => c.ms));
    const resolved = conflicts.filter((c) => c.resolved).length;
    process.stdout.write(`restack after a squash merge of part 1, 5 parts, 2,005 files (median of ${ROUNDS}):\n`);
    process.stdout.write(`  app: ${ms} ms, ${r0?.calls} GitHub API calls, ${r0?.pushes} pushes, ${r0?.fetches} fetches\n`);
    process.stdout.write(`  native git (clone, rebase --onto x4, one push of 4 branches): ${nativeMs} ms, 1 push\n`);
    process.stdout.write(`scripted conflict on part 2 after a review of part 1 (median of ${ROUNDS}):\n`);
    process.stdout.write(`  with the conflict: ${conflictMs} ms, ${conflicts[0]?.modelCalls} model calls (revision + resolution), resolved ${resolved}/${conflicts.length}\n`);
    process.stdout.write(`  same review, no conflict: ${cleanMs} ms, ${cleans[0]?.modelCalls} model call\n`);
    process.stdout.write(
      `restack: ms=${ms} native_git_ms=${nativeMs} time_ratio=${(ms / nativeMs).toFixed(2)} github_calls=${r0?.calls} pushes=${r0?.pushes} native_pushes=1 conflict_ms=${conflictMs} clean_ms=${cleanMs} conflict_ratio=${(conflictMs / cleanMs).toFixed(2)} resolved=${resolved}/${conflicts.length}\n`,
    );
  } finally {
    await server.close();
  }
}

await main();
