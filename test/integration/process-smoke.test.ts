import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { privateKey } from "../helpers/probot.js";
import { deleteKeysUnder, hasRedis, REDIS_URL, testQueueSettings } from "../helpers/redis-test-queue.js";

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
    expect(parsed.default_permissions).toEqual({ contents: "write", issues: "write", pull_requests: "write", checks: "read", statuses: "read", actions: "read", metadata: "read" });
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

  it.skipIf(!hasRedis)("`stacksmith worker` logs as the server does: pretty lines, JSON with NODE_ENV=production or LOG_FORMAT=json", async () => {
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
