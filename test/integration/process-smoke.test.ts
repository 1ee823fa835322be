import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createPublicKey, verify } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFakeAnthropic } from "../helpers/fake-anthropic-server.js";
import type { FakeHttp } from "../helpers/fake-http.js";
import { startFakeGitHub } from "../helpers/fake-github-server.js";
import { createBareRepo, git, startGitServer, type GitServer } from "../helpers/git-server.js";
import { INSTALLATION_TOKEN } from "../helpers/github-mock.js";
import { issuesLabeled } from "../helpers/payloads.js";
import { privateKey } from "../helpers/probot.js";
import { deleteKeysUnder, hasRedis, REDIS_URL, testQueueSettings } from "../helpers/redis-test-queue.js";
import { postWebhook, sign } from "../helpers/webhook-post.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
let child: ChildProcess | undefined;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts the built app and resolves once it listens. */
async function start(env: Record<string, string>): Promise<{ url: string; output: () => string }> {
  const port = await freePort();
  let output = "";
  const { APP_ID: _a, PRIVATE_KEY: _p, PRIVATE_KEY_PATH: _pp, WEBHOOK_SECRET: _w, WEBHOOK_PROXY_URL: _x, REDIS_URL: _r, ...base } = process.env;
  child = spawn(process.execPath, ["dist/main.js"], {
    cwd: ROOT,
    env: { ...base, NODE_ENV: "test", LOG_FORMAT: "json", HOST: "127.0.0.1", PORT: String(port), NO_SMEE_SETUP: "true", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const started = child;
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Listening on")) resolve();
    };
    started.stdout?.on("data", onData);
    started.stderr?.on("data", onData);
    started.on("exit", (code) => reject(new Error(`the app exited with code ${code}:\n${output}`)));
  });
  return { url: `http://127.0.0.1:${port}`, output: () => output };
}

beforeAll(() => {
  execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "pipe" });
}, 120_000);

afterEach(() => {
  child?.kill("SIGTERM");
  child = undefined;
});

describe("the built app as a process", () => {
  it("serves Probot's setup page, built from app.yml, when it has no credentials", async () => {
    const app = await start({});
    const response = await fetch(`${app.url}/probot`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const manifest = /value='([^']+)'/.exec(html)?.[1] ?? "{}";
    const parsed = JSON.parse(manifest) as { name: string; default_events: string[]; default_permissions: Record<string, string> };
    expect(parsed.name).toBe("Stacksmith");
    expect(parsed.default_events).toContain("check_run");
    expect(parsed.default_events).toContain("push");
    // actions: write re-runs a CI job that failed for a reason outside the code.
    expect(parsed.default_permissions).toEqual({ contents: "write", issues: "write", pull_requests: "write", checks: "read", statuses: "read", actions: "write", metadata: "read" });
    expect(parsed.default_permissions).not.toHaveProperty("workflows");
  });

  it("answers /ping and guards the webhook path when it has credentials", async () => {
    const app = await start({ APP_ID: "1", PRIVATE_KEY: privateKey(), WEBHOOK_SECRET: "smoke-secret" });
    const ping = await fetch(`${app.url}/ping`);
    expect(ping.status).toBe(200);
    expect(await ping.text()).toBe("PONG");
    const unsigned = await fetch(`${app.url}/api/github/webhooks`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-github-event": "issues", "x-github-delivery": "d1" },
      body: "{}",
    });
    expect(unsigned.status).toBe(400);
  });
});

describe("the built server's log lines", () => {
  it("are pretty by default, JSON with NODE_ENV=production (the Docker image) or LOG_FORMAT=json", async () => {
    const credentials = { APP_ID: "1", PRIVATE_KEY: privateKey(), WEBHOOK_SECRET: "smoke-secret" };
    const pretty = await start({ ...credentials, LOG_FORMAT: "" });
    expect(pretty.output()).toMatch(/^INFO \(probot\): Listening on http:\/\/127\.0\.0\.1:\d+$/m);
    child?.kill("SIGTERM");
    const production = await start({ ...credentials, LOG_FORMAT: "", NODE_ENV: "production" });
    const line = production.output().split("\n").find((l) => l.includes("Listening on")) ?? "";
    expect(JSON.parse(line)).toMatchObject({ level: 30, name: "probot", msg: expect.stringMatching(/^Listening on /) });
    child?.kill("SIGTERM");
    const json = await start({ ...credentials, LOG_FORMAT: "json" });
    expect(JSON.parse(json.output().split("\n").find((l) => l.includes("Listening on")) ?? "")).toMatchObject({ msg: expect.stringMatching(/^Listening on /) });
  });
});

describe("the built server refuses to run open to forged webhooks", () => {
  /** Runs the built server until it exits; it must, without listening. */
  function runUntilExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
    const { APP_ID: _a, PRIVATE_KEY: _p, PRIVATE_KEY_PATH: _pp, WEBHOOK_SECRET: _w, REDIS_URL: _r, ...base } = process.env;
    const proc = spawn(process.execPath, ["dist/main.js"], { cwd: ROOT, env: { ...base, NODE_ENV: "test", HOST: "127.0.0.1", PORT: "0", NO_SMEE_SETUP: "true", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    proc.stdout?.on("data", (c: Buffer) => (output += c.toString()));
    proc.stderr?.on("data", (c: Buffer) => (output += c.toString()));
    return new Promise((resolve) => proc.on("exit", (code) => resolve({ code, output })));
  }

  it.each([["no WEBHOOK_SECRET", {}], ["Probot's public default", { WEBHOOK_SECRET: "development" }]])("exits with one line when it has an app id and %s", async (_name, env) => {
    const { code, output } = await runUntilExit({ APP_ID: "1", PRIVATE_KEY: privateKey(), ...env });
    expect(code).toBe(2);
    expect(output.trim().split("\n")).toEqual([
      'stacksmith: WEBHOOK_SECRET is not set (or is Probot\'s public default "development"): set it to the GitHub App\'s webhook secret, so that no one else can send this server webhooks',
    ]);
  });
});

describe("the built server without credentials in production (the Docker image)", () => {
  it("exits with one line that says what to set, instead of Probot's stack trace", async () => {
    const { APP_ID: _a, PRIVATE_KEY: _p, PRIVATE_KEY_PATH: _pp, WEBHOOK_SECRET: _w, REDIS_URL: _r, ...base } = process.env;
    const proc = spawn(process.execPath, ["dist/main.js"], { cwd: ROOT, env: { ...base, NODE_ENV: "production", HOST: "127.0.0.1", PORT: "0" }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    proc.stdout?.on("data", (c: Buffer) => (output += c.toString()));
    proc.stderr?.on("data", (c: Buffer) => (output += c.toString()));
    const code = await new Promise((resolve) => proc.on("exit", resolve));
    expect(code).toBe(2);
    expect(output.trim().split("\n")).toEqual([
      "stacksmith: APP_ID is not set, and the setup page that registers the GitHub App does not run with NODE_ENV=production (as in the Docker image): set APP_ID, PRIVATE_KEY and WEBHOOK_SECRET from the app's settings, or run `npm start` once without NODE_ENV=production to register it",
    ]);
  });
});

describe("the built worker and Action entry points", () => {
  /** Runs a built entry point until it exits, or until `until` shows in its output (then SIGTERM). */
  function runBuilt(args: string[], env: Record<string, string>, until?: string): Promise<{ code: number | null; output: string }> {
    const { APP_ID: _a, PRIVATE_KEY: _p, PRIVATE_KEY_PATH: _pp, REDIS_URL: _r, GITHUB_TOKEN: _g, ...base } = process.env;
    const proc = spawn(process.execPath, args, { cwd: ROOT, env: { ...base, NODE_ENV: "test", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let signalled = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (until === undefined || signalled || !output.includes(until)) return;
      signalled = true;
      proc.kill("SIGTERM");
    };
    proc.stdout?.on("data", onData);
    proc.stderr?.on("data", onData);
    return new Promise((resolve) => proc.on("exit", (code) => resolve({ code, output })));
  }

  it("`stacksmith worker` refuses to start without REDIS_URL", async () => {
    const { code, output } = await runBuilt(["dist/cli/main.js", "worker"], { APP_ID: "1", PRIVATE_KEY: privateKey() });
    expect(code).toBe(1);
    expect(output).toContain("stacksmith worker: the worker takes jobs from Redis: set REDIS_URL");
  });

  it.skipIf(!hasRedis)("`stacksmith worker` connects to Redis, then stops on SIGTERM", async () => {
    const { prefix } = testQueueSettings();
    try {
      const { code, output } = await runBuilt(
        ["dist/cli/main.js", "worker"],
        { APP_ID: "1", PRIVATE_KEY: privateKey(), REDIS_URL, STACKSMITH_QUEUE_PREFIX: prefix },
        "worker ready",
      );
      expect(output).toContain("worker stopped");
      expect(code).toBe(0);
    } finally {
      await deleteKeysUnder(prefix);
    }
  });

  it.skipIf(!hasRedis)("`stacksmith worker` logs as the server does: pretty lines, JSON with NODE_ENV=production or LOG_FORMAT=json", { timeout: 90_000 }, async () => {
    const { prefix } = testQueueSettings();
    const env = { APP_ID: "1", PRIVATE_KEY: privateKey(), REDIS_URL, STACKSMITH_QUEUE_PREFIX: prefix, LOG_FORMAT: "" };
    try {
      const pretty = await runBuilt(["dist/cli/main.js", "worker"], env, "worker ready");
      expect(pretty.output).toMatch(/^INFO: worker ready\n {4}worker: ".+"\n/m);
      for (const extra of [{ NODE_ENV: "production" }, { LOG_FORMAT: "json" }] as Record<string, string>[]) {
        const json = await runBuilt(["dist/cli/main.js", "worker"], { ...env, ...extra }, "worker ready");
        const lines = json.output.trim().split("\n").map((l) => JSON.parse(l) as { msg: string });
        expect(lines.map((l) => l.msg)).toEqual(["worker ready", "worker stopping: waiting for running jobs", "worker stopped"]);
      }
      const bad = await runBuilt(["dist/cli/main.js", "worker"], { ...env, LOG_FORMAT: "xml" });
      expect(bad).toMatchObject({ code: 2, output: expect.stringMatching(/^stacksmith worker: invalid environment: LOG_FORMAT: .+\n$/) });
    } finally {
      await deleteKeysUnder(prefix);
    }
  });

  it("the Action entry point refuses to run outside a workflow", async () => {
    const { code, output } = await runBuilt(["dist/action.js"], {});
    expect(code).toBe(1);
    expect(output).toContain("Stacksmith runs as an Action only inside a workflow");
  });
});

describe("the built server configured by a .env file alone", () => {
  /** Every variable the server, Probot or Node's defaults read, kept out of the child's environment. */
  const SETTING = /^(APP_ID|PRIVATE_KEY|PRIVATE_KEY_PATH|WEBHOOK_SECRET|WEBHOOK_PATH|WEBHOOK_PROXY_URL|REDIS_URL|HOST|PORT|NODE_ENV|NO_SMEE_SETUP|SENTRY_DSN|GH_ORG|GHE_|ANTHROPIC_|STACKSMITH_|GITHUB_|LOG_)/;
  const folders: string[] = [];
  let gitServer: GitServer;
  const servers: FakeHttp[] = [];

  beforeAll(async () => {
    gitServer = await startGitServer({ token: INSTALLATION_TOKEN });
  });
  afterAll(async () => {
    await gitServer.close();
    for (const s of servers) await s.close();
    for (const f of folders) rmSync(f, { recursive: true, force: true });
  });

  /** Starts `node dist/main.js` in a folder holding only this .env, with none of its settings in the environment. */
  function startFromDotEnv(dotenv: string, env: Record<string, string> = {}): { proc: ChildProcess; output: () => string; exited: Promise<number | null> } {
    const folder = mkdtempSync(join(tmpdir(), "stacksmith-dotenv-"));
    folders.push(folder);
    writeFileSync(join(folder, ".env"), dotenv);
    const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !SETTING.test(name)));
    for (const name of Object.keys(parseEnv(dotenv))) expect(base, "the test's own environment").not.toHaveProperty(name);
    const proc = spawn(process.execPath, [join(ROOT, "dist/main.js")], { cwd: folder, env: { ...base, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    child = proc;
    let output = "";
    proc.stdout?.on("data", (c: Buffer) => (output += c.toString()));
    proc.stderr?.on("data", (c: Buffer) => (output += c.toString()));
    return { proc, output: () => output, exited: new Promise((resolve) => proc.on("exit", (code) => resolve(code))) };
  }

  async function until(what: string, check: () => boolean | Promise<boolean>, output: () => string, ms = 60_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`${what} did not happen:\n${output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it("takes every setting from it: port, credentials, webhook secret, host, model key and endpoint, model, log level and format", { timeout: 120_000 }, async () => {
    const owner = "Codertocat";
    const repo = "dotenv-repo";
    const bare = createBareRepo(gitServer, owner, repo, [{ message: "initial", files: { "hello.txt": "hi\n" } }]);
    const github = await startFakeGitHub({ owner, repo, token: INSTALLATION_TOKEN, issue: { number: 1, title: "Say hello", body: "Greet politely." }, config: null, git: gitServer.url });
    const plan = { tool: "submit_plan", input: { subtasks: [{ title: "Say hello", goal: "Greet politely.", files: ["hello.txt"], why: "One change." }] } };
    const answer = ["Greets politely.", "```", "### hello.txt", "<<<<<<< SEARCH", "hi", "=======", "hello", ">>>>>>> REPLACE", "```"].join("\n");
    const anthropic = await startFakeAnthropic([plan, { text: answer }], "claude-opus-4-7");
    servers.push(github, anthropic);
    const port = await freePort();
    const key = privateKey();
    // As Probot's setup page writes it (the key in quotes, over several lines), with the rest added by hand.
    const dotenv = [
      "APP_ID=1",
      `PRIVATE_KEY="${key.trim()}"`,
      "WEBHOOK_SECRET=secret-from-dotenv",
      "GITHUB_CLIENT_ID=Iv1.0123456789abcdef",
      "GITHUB_CLIENT_SECRET=not-used-by-the-server",
      "# Where it listens, and the GitHub Enterprise host it talks to",
      "HOST=127.0.0.1",
      `PORT=${port}`,
      `GHE_HOST=${github.host}`,
      "GHE_PROTOCOL=http",
      "ANTHROPIC_API_KEY=sk-ant-from-dotenv",
      `ANTHROPIC_BASE_URL=${anthropic.url}`,
      "STACKSMITH_MODEL=claude-opus-4-7",
      "STACKSMITH_CONCURRENCY=1",
      "LOG_LEVEL=debug",
      "LOG_FORMAT=json",
      "",
    ].join("\n");
    const server = startFromDotEnv(dotenv);
    const origin = `http://127.0.0.1:${port}`;

    // PORT and HOST: it listens there; LOG_FORMAT: its lines are JSON.
    await until("the server listening", async () => (await fetch(`${origin}/ping`).catch(() => null))?.status === 200, server.output);
    const lines = () => server.output().split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as { level: number; msg: string; result?: unknown });
    await until("the start line", () => lines().some((l) => l.msg === `Listening on ${origin}`), server.output);
    // APP_ID, PRIVATE_KEY, GHE_HOST, GHE_PROTOCOL and ANTHROPIC_API_KEY: ready, GitHub took the app's JWT.
    const ready = await fetch(`${origin}/ready`);
    expect(await ready.json()).toEqual({ ready: true, problems: [] });
    expect(ready.status).toBe(200);

    // WEBHOOK_SECRET: a delivery signed with another secret is refused, one signed with it is taken.
    const payload = issuesLabeled({ owner, name: repo, cloneUrl: `${github.url}/${owner}/${repo}.git` }, { label: "agent", issue: 1 });
    const url = `${origin}/api/github/webhooks`;
    expect((await postWebhook(url, { id: "dotenv-0", name: "issues", payload }, (body) => sign("another-secret", body))).status).toBe(400);
    expect((await postWebhook(url, { id: "dotenv-1", name: "issues", payload }, (body) => sign("secret-from-dotenv", body))).status).toBe(200);
    await until("the job to finish", () => lines().some((l) => l.msg === "job finished"), server.output);

    // The job ran with them: branch and draft pull request; the model asked with the key and the model named there.
    expect(git(bare, ["show", "stacksmith/issue-1/1-say-hello:hello.txt"])).toBe("hello");
    expect(github.pullRequests).toMatchObject([{ head: "stacksmith/issue-1/1-say-hello", draft: true }]);
    expect(anthropic.requests.map((r) => [r.headers.authorization, (r.body as { model: string }).model])).toEqual([
      ["Bearer sk-ant-from-dotenv", "claude-opus-4-7"],
      ["Bearer sk-ant-from-dotenv", "claude-opus-4-7"],
    ]);
    // The installation token was asked for with a JWT that APP_ID names and PRIVATE_KEY signed.
    const tokenRequest = github.requests.find((r) => r.method === "POST" && r.path.endsWith("/access_tokens"));
    const [head, claims, signature] = String(tokenRequest?.headers.authorization).replace(/^bearer /i, "").split(".");
    expect(JSON.parse(Buffer.from(claims ?? "", "base64url").toString())).toMatchObject({ iss: 1 });
    expect(verify("RSA-SHA256", Buffer.from(`${head}.${claims}`), createPublicKey(key), Buffer.from(signature ?? "", "base64url"))).toBe(true);
    // LOG_LEVEL=debug: the debug line of the enqueued job is there (the default, info, leaves it out).
    expect(lines().filter((l) => l.level === 20).map((l) => l.msg)).toContain("job enqueued");
    expect(github.unexpected).toEqual([]);
    expect(anthropic.unexpected).toEqual([]);
    // Nothing in the file leaks into the log.
    expect(server.output()).not.toContain("sk-ant-from-dotenv");
    expect(server.output()).not.toContain("secret-from-dotenv");
  });

  it("validates what the file sets: a bad value there ends the start with one line and exit code 2; the environment wins over the file", { timeout: 60_000 }, async () => {
    const bad = startFromDotEnv("APP_ID=1\nSTACKSMITH_CONCURRENCY=abc\n");
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toBe("stacksmith: invalid environment: STACKSMITH_CONCURRENCY: must be a positive integer\n");
    const badPort = startFromDotEnv("PORT=abc\n");
    expect(await badPort.exited).toBe(2);
    expect(badPort.output()).toBe("stacksmith: invalid environment: PORT: must be a port number from 0 to 65535\n");

    const port = await freePort();
    const overridden = startFromDotEnv(`STACKSMITH_CONCURRENCY=abc\nHOST=127.0.0.1\nPORT=${port}\nNO_SMEE_SETUP=true\n`, { STACKSMITH_CONCURRENCY: "3" });
    await until("the setup page", async () => (await fetch(`http://127.0.0.1:${port}/probot`).catch(() => null))?.status === 200, overridden.output);
  });

  it.each([
    ["a private key that does not parse", "APP_ID=1\nPRIVATE_KEY=bogus\nWEBHOOK_SECRET=secret-from-dotenv\n", /^stacksmith: the GitHub App's private key cannot be read: .*\.pem file/],
    ["an app id that is not a number", `APP_ID=abc\nPRIVATE_KEY="${privateKey().trim()}"\nWEBHOOK_SECRET=secret-from-dotenv\n`, /^stacksmith: invalid environment: APP_ID: must be the GitHub App's numeric id$/],
  ])("refuses junk credentials in it (%s): exit code 2 and one line, without listening", { timeout: 60_000 }, async (_name, dotenv, message) => {
    const port = await freePort();
    const server = startFromDotEnv(`${dotenv}HOST=127.0.0.1\nPORT=${port}\n`);
    expect(await server.exited).toBe(2);
    expect(server.output().split("\n")).toEqual([expect.stringMatching(message), ""]);
    expect(await fetch(`http://127.0.0.1:${port}/ping`).catch(() => null)).toBeNull();
  });
});
