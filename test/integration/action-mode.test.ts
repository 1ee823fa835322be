import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFakeAnthropic } from "../helpers/fake-anthropic-server.js";
import type { FakeHttp } from "../helpers/fake-http.js";
import { startFakeGitHub, type FakeGitHub } from "../helpers/fake-github-server.js";
import { createBareRepo, git, startGitServer, type GitServer } from "../helpers/git-server.js";
import { startNode } from "../helpers/node-process.js";
import { issueCommentCreated, issuesLabeled } from "../helpers/payloads.js";

/**
 * The Action entry point as the workflow runs it: its own process, a real event payload file
 * (GITHUB_EVENT_PATH), GITHUB_TOKEN, the real git server, and stand-in GitHub and Anthropic servers.
 */

const OWNER = "Codertocat";
const GITHUB_TOKEN = "ghs_workflow_github_token";
const PLAN = { tool: "submit_plan", input: { subtasks: [{ title: "Say hello", goal: "Greet politely.", files: ["hello.txt"], why: "One change." }] } };
const ANSWER = ["Greets politely.", "```", "### hello.txt", "<<<<<<< SEARCH", "hi", "=======", "hello", ">>>>>>> REPLACE", "```"].join("\n");

let gitServer: GitServer;
let dir: string;
const servers: FakeHttp[] = [];

beforeAll(async () => {
  gitServer = await startGitServer({ token: GITHUB_TOKEN });
  dir = mkdtempSync(join(tmpdir(), "stacksmith-action-"));
});
afterAll(async () => {
  await gitServer.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  for (const s of servers.splice(0)) {
    expect(s.unexpected, "requests no route matched").toEqual([]);
    await s.close();
  }
});

async function fakes(repo: string, turns: Parameters<typeof startFakeAnthropic>[0]): Promise<{ github: FakeGitHub; anthropic: FakeHttp }> {
  const github = await startFakeGitHub({ owner: OWNER, repo, token: "unused", issue: { number: 1, title: "Say hello", body: "" }, config: null, git: gitServer.url, bot: "actions" });
  const anthropic = await startFakeAnthropic(turns);
  servers.push(github, anthropic);
  return { github, anthropic };
}

/** Runs `node src/action.ts` for an event, as the Action's step does. */
async function runAction(event: string, payload: Record<string, unknown>, github: FakeHttp, anthropic: FakeHttp) {
  // Workflow events are not app deliveries: they name no installation.
  delete payload.installation;
  const eventPath = join(dir, `${event}-${Date.now()}.json`);
  writeFileSync(eventPath, JSON.stringify(payload));
  const outputPath = join(dir, `${event}-${Date.now()}.out`);
  writeFileSync(outputPath, "");
  const action = startNode("src/action.ts", [], {
    GITHUB_TOKEN,
    GITHUB_RUN_ID: "4242",
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_REPOSITORY: `${OWNER}/${String((payload.repository as { name: string }).name)}`,
    GHE_HOST: github.host,
    GHE_PROTOCOL: "http",
    ANTHROPIC_API_KEY: "sk-ant-test-key-of-the-workflow",
    ANTHROPIC_BASE_URL: anthropic.url,
  });
  return { ...(await action.exited), output: action.output(), stepOutputs: readFileSync(outputPath, "utf8") };
}

describe("GitHub Action mode", () => {
  it("runs the job of an `/agent fix` comment inline with GITHUB_TOKEN: branch, draft PR, progress comment", { timeout: 90_000 }, async () => {
    const repo = "action-comment";
    const bare = createBareRepo(gitServer, OWNER, repo, [{ message: "initial", files: { "hello.txt": "hi\n" } }]);
    const { github, anthropic } = await fakes(repo, [PLAN, { text: ANSWER }]);
    const payload = issueCommentCreated({ owner: OWNER, name: repo, cloneUrl: `${github.url}/${OWNER}/${repo}.git` }, { body: "/agent fix keep it short", commentId: 555 });
    (payload.issue as Record<string, unknown>).number = 1;

    const result = await runAction("issue_comment", payload, github, anthropic);
    expect(result.code, result.output).toBe(0);

    expect(git(bare, ["show", "stacksmith/issue-1/1-say-hello:hello.txt"])).toBe("hello");
    expect(github.pullRequests).toMatchObject([{ head: "stacksmith/issue-1/1-say-hello", base: "main", draft: true }]);
    expect(github.count("POST", /\/issues\/comments\/555\/reactions$/)).toBe(1);
    expect(github.count("POST", /\/issues\/1\/comments$/)).toBe(1);
    expect(JSON.stringify(anthropic.requests[0]?.body)).toContain("keep it short");
    // Every call is made with the workflow's token; no app token is ever asked for.
    expect(github.requests.length).toBeGreaterThan(0);
    expect(github.requests.map((r) => r.headers.authorization)).toEqual(github.requests.map(() => `token ${GITHUB_TOKEN}`));
    expect(github.count("POST", /access_tokens$/)).toBe(0);
    expect(result.stepOutputs).toBe(`outcome=done\npull-requests=https://github.com/${OWNER}/${repo}/pull/${github.pullRequests[0]?.number ?? 0}\n`);
  });

  it("fails the step when the run fails, after saying why on the issue", { timeout: 90_000 }, async () => {
    const repo = "action-label";
    createBareRepo(gitServer, OWNER, repo, [{ message: "initial", files: { "hello.txt": "hi\n" } }]);
    const { github, anthropic } = await fakes(repo, [PLAN, { text: "I could not find the cause." }]);
    const payload = issuesLabeled({ owner: OWNER, name: repo, cloneUrl: `${github.url}/${OWNER}/${repo}.git` }, { label: "agent", issue: 1 });

    const result = await runAction("issues", payload, github, anthropic);
    expect(result.code, result.output).toBe(1);
    const lastUpdate = github.requests.filter((r) => r.method === "PATCH").at(-1);
    expect(JSON.stringify(lastUpdate?.body)).toContain("the model proposed no edits");
    expect(github.pullRequests).toEqual([]);
  });

  it("does nothing for an event that asks for no run", { timeout: 60_000 }, async () => {
    const { github, anthropic } = await fakes("action-quiet", []);
    const payload = issueCommentCreated({ owner: OWNER, name: "action-quiet", cloneUrl: `${github.url}/${OWNER}/action-quiet.git` }, { body: "Thanks!" });
    const result = await runAction("issue_comment", payload, github, anthropic);
    expect(result.code, result.output).toBe(0);
    expect(github.requests).toEqual([]);
    expect(anthropic.requests).toEqual([]);
  });
});
