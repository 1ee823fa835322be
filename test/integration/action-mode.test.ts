import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { startFakeAnthropic } from "../helpers/fake-anthropic-server.js";
import type { FakeHttp } from "../helpers/fake-http.js";
import { startFakeGitHub, type FakeGitHub } from "../helpers/fake-github-server.js";
import { createBareRepo, git, startGitServer, type GitServer } from "../helpers/git-server.js";
import { baseEnv, ROOT } from "../helpers/node-process.js";
import { issueCommentCreated, issuesLabeled } from "../helpers/payloads.js";

/**
 * The Action as the runner runs it: `npm run build:action`'s output in a folder of its own with
 * action.yml (as the runner checks an action out: no node_modules anywhere above it), started by
 * Node at action.yml's `runs.main`, with the step's inputs as INPUT_* variables (defaults from
 * action.yml), a real event payload file (GITHUB_EVENT_PATH), and GITHUB_SERVER_URL naming the
 * host: the real git server, and stand-in GitHub and Anthropic servers.
 */

const OWNER = "Codertocat";
const GITHUB_TOKEN = "ghs_workflow_github_token";
const PLAN = { tool: "submit_plan", input: { subtasks: [{ title: "Say hello", goal: "Greet politely.", files: ["hello.txt"], why: "One change." }] } };
const ANSWER = ["Greets politely.", "```", "### hello.txt", "<<<<<<< SEARCH", "hi", "=======", "hello", ">>>>>>> REPLACE", "```"].join("\n");

let gitServer: GitServer;
let dir: string;
/** The action's folder, as the runner checks it out. */
let actionDir: string;
const servers: FakeHttp[] = [];

interface ActionMetadata {
  runs: { using: string; main: string };
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, unknown>;
}
const metadata = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as ActionMetadata;

beforeAll(async () => {
  gitServer = await startGitServer({ token: GITHUB_TOKEN });
  dir = mkdtempSync(join(tmpdir(), "stacksmith-action-"));
  actionDir = join(dir, "actions", "stacksmith");
  mkdirSync(actionDir, { recursive: true });
  copyFileSync(join(ROOT, "action.yml"), join(actionDir, "action.yml"));
  execFileSync(process.execPath, ["--import", "tsx", "scripts/build-action.ts", join(actionDir, dirname(metadata.runs.main))], { cwd: ROOT, stdio: "pipe" });
}, 120_000);
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

/** The step's environment for these `with:` inputs, as the runner builds it: every input, given or defaulted. */
function inputVariables(withInputs: Record<string, string>): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [name, input] of Object.entries(metadata.inputs)) {
    const value = withInputs[name] ?? (input.default === "${{ github.token }}" ? GITHUB_TOKEN : (input.default ?? ""));
    vars[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;
  }
  return vars;
}

/** Runs the bundled action for an event with Node, in the workflow's working directory, until it exits. */
async function runAction(event: string, payload: Record<string, unknown>, github: FakeHttp, anthropic: FakeHttp, withInputs: Record<string, string> = {}) {
  // Workflow events are not app deliveries: they name no installation.
  delete payload.installation;
  const eventPath = join(dir, `${event}-${Date.now()}.json`);
  writeFileSync(eventPath, JSON.stringify(payload));
  const outputPath = join(dir, `${event}-${Date.now()}.out`);
  writeFileSync(outputPath, "");
  const workspace = mkdtempSync(join(dir, "workspace-"));
  const child = spawn(process.execPath, [join(actionDir, metadata.runs.main)], {
    cwd: workspace,
    env: {
      ...baseEnv(),
      NODE_PATH: "",
      GITHUB_ACTIONS: "true",
      GITHUB_RUN_ID: "4242",
      GITHUB_EVENT_NAME: event,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_OUTPUT: outputPath,
      GITHUB_WORKSPACE: workspace,
      GITHUB_ACTION_PATH: actionDir,
      // The stand-in is the GitHub Enterprise host the workflow runs on: its API at <server>/api/v3.
      GITHUB_SERVER_URL: github.url,
      GITHUB_REPOSITORY: `${OWNER}/${String((payload.repository as { name: string }).name)}`,
      ...inputVariables({ "anthropic-api-key": "sk-ant-test-key-of-the-workflow", "anthropic-base-url": anthropic.url, ...withInputs }),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  return { code, output, stepOutputs: readFileSync(outputPath, "utf8") };
}

describe("the action's metadata and bundle", () => {
  it("is a JavaScript action on node20 whose entry and wasm files are built, with every output declared", () => {
    expect(metadata.runs).toEqual({ using: "node20", main: "dist-action/index.js" });
    expect(Object.keys(metadata.outputs)).toEqual(["outcome", "pull-requests"]);
    for (const file of ["index.js", "tree-sitter.wasm", "tree-sitter-python.wasm", "tree-sitter-typescript.wasm", "licenses.txt"]) {
      expect(existsSync(join(actionDir, "dist-action", file)), file).toBe(true);
    }
    // Nothing above the action's folder can stand in for what the bundle lacks.
    expect(existsSync(join(dir, "node_modules")) || existsSync(join(tmpdir(), "node_modules"))).toBe(false);
  });
});

describe("GitHub Action mode", () => {
  it("runs the job of an `/agent fix` comment inline with the github-token input: branch, draft PR, progress comment", { timeout: 90_000 }, async () => {
    const repo = "action-comment";
    // Python and TypeScript sources: the locate step loads their grammars from beside the bundle.
    const files = { "hello.txt": "hi\n", "greet.py": "def greet(name):\n    return name\n", "src/greet.ts": "export function greet(name: string): string {\n  return name;\n}\n" };
    const bare = createBareRepo(gitServer, OWNER, repo, [{ message: "initial", files }]);
    const { github, anthropic } = await fakes(repo, [PLAN, { text: ANSWER }]);
    const payload = issueCommentCreated({ owner: OWNER, name: repo, cloneUrl: `${github.url}/${OWNER}/${repo}.git` }, { body: "/agent fix keep it short", commentId: 555 });
    (payload.issue as Record<string, unknown>).number = 1;

    const result = await runAction("issue_comment", payload, github, anthropic, { model: "claude-opus-4-7" });
    expect(result.code, result.output).toBe(0);

    expect(git(bare, ["show", "stacksmith/issue-1/1-say-hello:hello.txt"])).toBe("hello");
    expect(github.pullRequests).toMatchObject([{ head: "stacksmith/issue-1/1-say-hello", base: "main", draft: true }]);
    expect(github.count("POST", /\/issues\/comments\/555\/reactions$/)).toBe(1);
    expect(github.count("POST", /\/issues\/1\/comments$/)).toBe(1);
    expect(JSON.stringify(anthropic.requests[0]?.body)).toContain("keep it short");
    // The inputs reached the run: the model input, and the key, sent as the SDK sends it.
    expect(anthropic.requests.map((r) => (r.body as { model: string }).model)).toEqual(["claude-opus-4-7", "claude-opus-4-7"]);
    expect(anthropic.requests[0]?.headers.authorization).toBe("Bearer sk-ant-test-key-of-the-workflow");
    // The locate step's map of definitions, from the grammars, names both functions.
    expect(JSON.stringify(anthropic.requests[0]?.body)).toMatch(/greet\.py[^"]*greet/);
    // Every call is made with the workflow's token; no app token is ever asked for.
    expect(github.requests.length).toBeGreaterThan(0);
    expect(github.requests.map((r) => r.headers.authorization)).toEqual(github.requests.map(() => `token ${GITHUB_TOKEN}`));
    expect(github.count("POST", /access_tokens$/)).toBe(0);
    expect(result.stepOutputs).toBe(`outcome=done\npull-requests=${github.url}/${OWNER}/${repo}/pull/${github.pullRequests[0]?.number ?? 0}\n`);
    // The step's log is the runner's: one line a record, without the process's fields.
    expect(result.output).toMatch(/^run finished \{"outcome":"done"\}$/m);
    expect(result.output).not.toMatch(/"pid"|"hostname"/);
  });

  it("fails the step when the run fails, after saying why on the issue", { timeout: 90_000 }, async () => {
    const repo = "action-label";
    createBareRepo(gitServer, OWNER, repo, [{ message: "initial", files: { "hello.txt": "hi\n" } }]);
    const { github, anthropic } = await fakes(repo, [PLAN, { text: "I could not find the cause." }]);
    const payload = issuesLabeled({ owner: OWNER, name: repo, cloneUrl: `${github.url}/${OWNER}/${repo}.git` }, { label: "agent", issue: 1 });

    const result = await runAction("issues", payload, github, anthropic);
    expect(result.code, result.output).toBe(1);
    expect(result.stepOutputs).toBe("outcome=failed\npull-requests=\n");
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
    expect(result.stepOutputs).toBe("outcome=none\npull-requests=\n");
  });

  it("fails the step with one error line when the key input is empty", { timeout: 60_000 }, async () => {
    const { github, anthropic } = await fakes("action-keyless", []);
    const payload = issueCommentCreated({ owner: OWNER, name: "action-keyless", cloneUrl: `${github.url}/${OWNER}/action-keyless.git` }, { body: "/agent fix" });
    const result = await runAction("issue_comment", payload, github, anthropic, { "anthropic-api-key": "" });
    expect(result.code, result.output).toBe(1);
    expect(result.output.trim().split("\n")).toEqual([expect.stringMatching(/^::error::.*STACKSMITH_STATE_SECRET/)]);
    expect(github.requests).toEqual([]);
  });
});
