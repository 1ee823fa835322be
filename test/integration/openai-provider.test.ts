import type { Probot } from "probot";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { EnvError, parseEnv } from "../../src/config/env.js";
import type { JobQueue } from "../../src/queue/job-queue.js";
import { createInProcessQueue } from "../../src/runtime.js";
import { completion, startFakeChatServer, type ChatStep, type FakeChatServer } from "../helpers/fake-chat-server.js";
import { createBareRepo, git, startGitServer, type GitServer } from "../helpers/git-server.js";
import { githubRepo, INSTALLATION_TOKEN } from "../helpers/github-mock.js";
import { useHttpMocks } from "../helpers/http-mock.js";
import { issuesLabeled } from "../helpers/payloads.js";
import { testProbot } from "../helpers/probot.js";
import { testEnv } from "../helpers/test-env.js";

/**
 * The whole app on an OpenAI-compatible server (vLLM, llama.cpp, Ollama): a real HTTP server
 * on this machine speaks /v1/chat/completions and streams its answers, as those servers do.
 */

const OWNER = "Codertocat";
const BRANCH = "stacksmith/issue-1/1-dividing-by-zero-crashes";
const OPS = "def divide(a, b):\n    return a / b\n";
const FIXED = 'def divide(a, b):\n    if b == 0:\n        raise ValueError("cannot divide by zero")\n    return a / b\n';
const ANSWER = [
  "`divide` now raises ValueError on a zero divisor.",
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
const PLAN_CALL = { id: "call_plan", name: "submit_plan", arguments: { subtasks: [{ title: "Dividing by zero crashes", goal: "Raise ValueError on a zero divisor.", files: ["calc/ops.py"], why: "" }] } };

useHttpMocks();
let server: GitServer;
let chat: FakeChatServer | undefined;
let probot: Probot;
let queue: JobQueue;

beforeAll(async () => {
  server = await startGitServer({ token: INSTALLATION_TOKEN });
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  await chat?.close();
  chat = undefined;
});

async function start(name: string, script: ChatStep[], extra: Record<string, string> = {}): Promise<{ bare: string; chat: FakeChatServer }> {
  const bare = createBareRepo(server, OWNER, name, [{ message: "initial", files: { "README.md": "# calc\n", "calc/ops.py": OPS } }]);
  chat = await startFakeChatServer(script);
  probot = testProbot();
  const env = testEnv(server.url, { ANTHROPIC_API_KEY: "", STACKSMITH_PROVIDER: "openai-compatible", OPENAI_BASE_URL: chat.url, OPENAI_API_KEY: "local-key-123", STACKSMITH_MODEL: "qwen3-coder", STACKSMITH_CONCURRENCY: "1", ...extra });
  await probot.load(createApp((p) => (queue = createInProcessQueue(p, env))));
  return { bare, chat };
}

function started(name: string, updates: number) {
  const gh = githubRepo(OWNER, name);
  gh.token();
  gh.config(null);
  gh.permission("Codertocat", "write");
  gh.listComments(1);
  gh.reaction("issues/1");
  gh.comment(1);
  gh.issue(1, "Dividing by zero crashes", "Calling `divide(1, 0)` raises ZeroDivisionError. It should raise ValueError.");
  gh.commentUpdates(9001, updates);
  return gh;
}

async function label(name: string): Promise<void> {
  await probot.receive({ id: `${name}-${Math.random()}`, name: "issues", payload: issuesLabeled({ owner: OWNER, name, cloneUrl: server.repoUrl(OWNER, name) }, { label: "agent" }) } as never);
  await queue.drain();
}

describe("the app on an OpenAI-compatible model server", () => {
  it("plans with a tool call, reads with tools and edits, all streamed, and opens the draft pull request at no cost", async () => {
    const { bare, chat } = await start("openai-flow", [
      (body, headers) => {
        expect(headers.authorization).toBe("Bearer local-key-123");
        expect(body).toMatchObject({ model: "qwen3-coder", stream: true });
        expect(body.tools?.map((t) => t.function.name)).toContain("submit_plan");
        return { stream: true, body: completion({ tool_calls: [PLAN_CALL] }, "tool_calls") };
      },
      () => ({ stream: true, body: completion({ content: "Reading it.", tool_calls: [{ id: "call_read", name: "read_file", arguments: { path: "calc/ops.py" } }] }, "tool_calls") }),
      (body) => {
        const result = body.messages.find((m) => m.role === "tool");
        expect(result).toMatchObject({ tool_call_id: "call_read" });
        expect(result?.content).toContain("return a / b");
        return { stream: true, body: completion({ content: ANSWER }, "stop", { prompt_tokens: 900, completion_tokens: 120 }) };
      },
    ]);
    const gh = started("openai-flow", 3);
    gh.noOpenPull(BRANCH);
    gh.createPull(2);
    await label("openai-flow");

    expect(`${git(bare, ["show", `${BRANCH}:calc/ops.py`])}\n`).toBe(FIXED);
    expect(gh.recorded.pullRequests[0]).toMatchObject({ head: BRANCH, base: "main", draft: true });
    const final = gh.recorded.commentUpdates.at(-1) ?? "";
    expect(final).toContain("qwen3-coder");
    expect(final).toContain("$0.00");
    expect(final).not.toContain("local-key-123");
    chat.assertDone();
  });

  it("says plainly on the issue when the server does not take tool calls", async () => {
    const { bare, chat } = await start("openai-no-tools", [
      () => ({ status: 400, body: { error: { message: '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set' } } }),
    ]);
    const gh = started("openai-no-tools", 1);
    await label("openai-no-tools");
    const final = gh.recorded.commentUpdates.at(-1) ?? "";
    expect(final).toContain("the model server refused tool calls (HTTP 400");
    expect(final).toContain("start the server with tool calling on");
    expect(final).toContain("Nothing was pushed.");
    expect(git(bare, ["branch", "--list"])).toBe("* main");
    chat.assertDone();
  });

  it("stops a streamed answer that goes silent past STACKSMITH_MODEL_TIMEOUT_MS, with the reason on the issue", async () => {
    const { chat } = await start("openai-silent", [() => ({ stream: true, stallAfter: 3, body: completion({ content: ANSWER }, "stop") })], { STACKSMITH_MODEL_TIMEOUT_MS: "300" });
    const gh = started("openai-silent", 1);
    await label("openai-silent");
    expect(gh.recorded.commentUpdates.at(-1)).toContain("the model sent nothing for 0 s, so the call was stopped (STACKSMITH_MODEL_TIMEOUT_MS)");
    chat.assertDone();
  });

  it("refuses a model the repository names that the operator has not priced, as on Anthropic", async () => {
    const { chat } = await start("openai-config-model", []);
    const gh = githubRepo(OWNER, "openai-config-model");
    gh.token();
    gh.config("model: gpt-9-expensive\n");
    gh.permission("Codertocat", "write");
    gh.listComments(1);
    gh.reaction("issues/1");
    gh.comment(1);
    // The chat server has no steps: a model call would be recorded as unexpected.
    await label("openai-config-model");
    expect(gh.recorded.comments).toEqual([expect.stringContaining("**Configuration error.** .github/stacksmith.yml is invalid: `model`: this server has no price for that model")]);
    chat.assertDone();
  });
});

describe("configuring an OpenAI-compatible provider", () => {
  it("needs the server's address and the model's name, each said in one line", () => {
    expect(() => parseEnv({ STACKSMITH_PROVIDER: "openai-compatible", STACKSMITH_MODEL: "m" })).toThrow(new EnvError("invalid environment: OPENAI_BASE_URL: must be the OpenAI-compatible server's API root, e.g. http://127.0.0.1:8000/v1 (STACKSMITH_PROVIDER=openai-compatible)"));
    expect(() => parseEnv({ STACKSMITH_PROVIDER: "openai-compatible", OPENAI_BASE_URL: "http://127.0.0.1:8000/v1" })).toThrow(new EnvError("invalid environment: STACKSMITH_MODEL: must name the model the OpenAI-compatible server serves (STACKSMITH_PROVIDER=openai-compatible)"));
    expect(() => parseEnv({ STACKSMITH_PROVIDER: "openai" })).toThrow(/STACKSMITH_PROVIDER/);
    expect(parseEnv({ STACKSMITH_PROVIDER: "openai-compatible", OPENAI_BASE_URL: "http://127.0.0.1:8000/v1", STACKSMITH_MODEL: "unpriced-local" }).STACKSMITH_MODEL).toBe("unpriced-local");
    expect(() => parseEnv({ STACKSMITH_MODEL: "unpriced-local" })).toThrow(/has no price/);
  });
});
