import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { RunContext } from "../../src/agent/run-context.js";
import { ProgressReporter } from "../../src/agent/progress-reporter.js";
import { Redactor } from "../../src/agent/redactor.js";
import { MemoryUsageLedger, type UsageLedger } from "../../src/agent/usage-ledger.js";
import { parseEnv } from "../../src/config/env.js";
import { parseRepoConfig } from "../../src/config/repo-config.js";
import { OctokitGitHubClient } from "../../src/github/octokit-client.js";
import type { ModelRequest } from "../../src/llm/model-client.js";
import type { Job } from "../../src/queue/job.js";
import { connectRedisUsageLedger } from "../../src/queue/redis-usage-ledger.js";
import { createJobDeps } from "../../src/runtime.js";
import { silentLogger } from "../../src/shared/logger.js";
import { ANTHROPIC_URL, scriptAnthropic, text } from "../helpers/anthropic-mock.js";
import { githubRepo } from "../helpers/github-mock.js";
import { useHttpMocks } from "../helpers/http-mock.js";
import { testProbot } from "../helpers/probot.js";
import { STATE_SECRET, testSeal } from "../helpers/test-env.js";
import { deleteKeysUnder, hasRedis, testQueueSettings } from "../helpers/redis-test-queue.js";

/**
 * The repository's daily budget as jobs see it: the first model call of a job reserves one of
 * the day's runs, atomically, and every call's cost is in the shared ledger as soon as it returns,
 * so concurrent jobs see each other's spend and a job that dies mid-run has paid for what it used.
 */

useHttpMocks();
const DAY = "2026-11-27";
const clock = { now: () => new Date(`${DAY}T12:00:00Z`) };
const env = parseEnv({ ANTHROPIC_API_KEY: "sk-ant-test", STACKSMITH_STATE_SECRET: STATE_SECRET });
const request: ModelRequest = { system: "s", purpose: "test", maxTokens: 100, messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }] };
/** One million input tokens of claude-sonnet-5-5: two dollars. */
const twoDollars = { input_tokens: 1_000_000, output_tokens: 0 };

function job(issue: number): Job {
  return {
    id: `delivery-${issue}`,
    installationId: 1,
    repo: { owner: "o", name: "r", cloneUrl: "https://github.com/o/r.git", defaultBranch: "main", private: false, archived: false, sizeKb: 1 },
    trigger: { kind: "issue-label", issue, label: "agent", actor: { login: "Codertocat", isBot: false } },
  };
}

/** A job's context as run-job builds it, on a ledger shared with the other jobs. */
async function context(issue: number, ledger: UsageLedger, configYaml: string): Promise<RunContext> {
  const gh = githubRepo("o", "r");
  gh.token();
  gh.listComments(issue);
  const github = new OctokitGitHubClient(await testProbot().auth(1), "o", "r", { kind: "app", appId: 1 });
  const parsed = parseRepoConfig(configYaml);
  if (!parsed.ok) throw new Error(parsed.error);
  const deps = createJobDeps(async () => github, env, silentLogger(), { ledger, clock });
  const redactor = new Redactor(deps.secrets);
  const progress = await ProgressReporter.load(github, { seal: testSeal("o", "r", issue), redactor }, issue, env.STACKSMITH_MODEL, clock, silentLogger());
  return new RunContext({ job: job(issue), deps, github, config: parsed.config, progress, modelId: env.STACKSMITH_MODEL, log: silentLogger(), redactor });
}

const ledgers: Array<{ name: string; open: () => { ledger: UsageLedger; close(): Promise<void> } }> = [
  { name: "in memory", open: () => ({ ledger: new MemoryUsageLedger(), close: async () => {} }) },
];
if (hasRedis) {
  ledgers.push({
    name: "in Redis",
    open: () => {
      const settings = testQueueSettings();
      const { ledger, close } = connectRedisUsageLedger(settings);
      return { ledger, close: async () => (close(), deleteKeysUnder(settings.prefix)) };
    },
  });
}

let opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of opened) await o.close();
  opened = [];
});

describe.each(ledgers)("the daily budget, with the ledger $name", ({ open }) => {
  const ledgerOf = () => {
    const o = open();
    opened.push(o);
    return o.ledger;
  };

  it("lets only one of two jobs that start at once take the day's last run", async () => {
    const ledger = ledgerOf();
    const [a, b] = [await context(1, ledger, "daily:\n  maxRuns: 1\n"), await context(2, ledger, "daily:\n  maxRuns: 1\n")];
    const model = scriptAnthropic([{ content: [text("only one")] }]);
    const results = await Promise.allSettled([a.model().complete(request), b.model().complete(request)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected");
    expect(refused?.reason).toMatchObject({ code: "BUDGET_EXCEEDED", message: `this repository used its daily budget (1 of 1 runs on ${DAY} UTC); try again tomorrow` });
    expect(model.requests).toHaveLength(1);
    // The one call: 100 input and 50 output tokens.
    expect(await ledger.today("o/r", DAY)).toEqual({ runs: 1, costUsd: expect.closeTo((100 * 2 + 50 * 10) / 1e6, 12) });
  });

  it("has each call's cost in the ledger when it returns, though the job then fails and never finishes", async () => {
    const ledger = ledgerOf();
    const ctx = await context(1, ledger, "");
    scriptAnthropic([{ content: [text("first")], usage: twoDollars }]);
    await ctx.model().complete(request);
    expect(await ledger.today("o/r", DAY)).toEqual({ runs: 1, costUsd: 2 });
    nock(ANTHROPIC_URL).post("/v1/messages").reply(400, { type: "error", error: { type: "invalid_request_error", message: "bad" } });
    await expect(ctx.model().complete(request)).rejects.toMatchObject({ code: "MODEL_FAILED" });
    expect(await ledger.today("o/r", DAY)).toEqual({ runs: 1, costUsd: 2 });
  });

  it("checks the day's dollars before every call, so another job's spend stops a running one", async () => {
    const ledger = ledgerOf();
    const config = "daily:\n  maxCostUsd: 3\n";
    const [a, b] = [await context(1, ledger, config), await context(2, ledger, config)];
    scriptAnthropic([
      { content: [text("a")], usage: twoDollars },
      { content: [text("b")], usage: twoDollars },
    ]);
    await a.model().complete(request);
    await b.model().complete(request);
    await expect(a.model().complete(request)).rejects.toMatchObject({
      code: "BUDGET_EXCEEDED",
      message: `this repository used its daily budget ($4.00 of $3.00 on ${DAY} UTC); try again tomorrow`,
    });
    expect(await ledger.today("o/r", DAY)).toEqual({ runs: 2, costUsd: 4 });
  });
});
