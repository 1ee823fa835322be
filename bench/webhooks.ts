/**
 * `npm run bench:webhooks`: webhook acknowledgement latency and throughput over loopback.
 *
 * 1,000 signed `issues.labeled` deliveries for 250 issues (each: a label, its redelivery with the
 * same delivery id, a second `agent` label with a new id, and that one's redelivery), shuffled, are
 * POSTed with a fixed number in flight to each server, every server its own process:
 * a bare Probot app that does nothing (the baseline), Stacksmith with the in-process queue, and,
 * when REDIS_URL is set, Stacksmith with the BullMQ queue. The deliveries go out in slices that
 * alternate between the servers, so machine noise falls on all of them alike. Afterwards each
 * Stacksmith server must have accepted exactly one job per issue (and for BullMQ, Redis must hold
 * exactly one job per issue). Target: p99 ≤ 50 ms and ≤ 1.2× the bare app's p99.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { Agent, request } from "node:http";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { generateKeyPairSync } from "node:crypto";
import { issueCommentCreated, issuesLabeled } from "../test/helpers/payloads.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ISSUES = 250;
const IN_FLIGHT = 8;
const SLICES = 20;
const WARMUP = 300;
const SECRET = "bench-secret";
const REDIS_URL = process.env.REDIS_URL ?? "";
const PREFIX = `stacksmith-bench-${randomUUID().slice(0, 8)}`;
/** WEBHOOKS_CPU_PROFILE=run.cpuprofile: each server writes its CPU profile beside it (run.bare.cpuprofile, …). */
const CPU_PROFILE = process.env.WEBHOOKS_CPU_PROFILE ?? "";

function profileFile(mode: Target["mode"]): string {
  return CPU_PROFILE.endsWith(".cpuprofile") ? `${CPU_PROFILE.slice(0, -".cpuprofile".length)}.${mode}.cpuprofile` : `${CPU_PROFILE}.${mode}.cpuprofile`;
}

interface Delivery {
  id: string;
  event: string;
  body: string;
  signature: string;
}

interface Target {
  name: string;
  mode: "bare" | "in-process" | "bullmq";
  port: number;
  child: ChildProcess;
  stderr: string;
  latencies: number[];
  elapsedMs: number;
  statuses: Map<number, number>;
}

/** A small deterministic PRNG (mulberry32), so every run sends the same order. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function signed(id: string, event: string, payload: unknown): Delivery {
  const body = JSON.stringify(payload);
  return { id, event, body, signature: `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}` };
}

function deliveries(): Delivery[] {
  const repo = { owner: "bench", name: "webhooks", cloneUrl: "https://github.com/bench/webhooks.git" };
  const list: Delivery[] = [];
  for (let issue = 1; issue <= ISSUES; issue++) {
    const payload = issuesLabeled(repo, { label: "agent", issue });
    const first = signed(randomUUID(), "issues", payload);
    const second = signed(randomUUID(), "issues", payload);
    list.push(first, { ...first }, second, { ...second });
  }
  const rand = random(20_241_126);
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [list[i], list[j]] = [list[j] as Delivery, list[i] as Delivery];
  }
  return list;
}

function warmups(): Delivery[] {
  const repo = { owner: "bench", name: "warmup", cloneUrl: "https://github.com/bench/warmup.git" };
  return Array.from({ length: WARMUP }, () => signed(randomUUID(), "issue_comment", issueCommentCreated(repo, { body: "Thanks!" })));
}

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

async function start(name: string, mode: Target["mode"], privateKey: string): Promise<Target> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "bench/webhooks-server.ts", mode], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      LOG_FORMAT: "json",
      APP_ID: "1",
      PRIVATE_KEY: privateKey,
      WEBHOOK_SECRET: SECRET,
      HOST: "127.0.0.1",
      PORT: String(port),
      ...(mode === "bullmq" ? { REDIS_URL, STACKSMITH_QUEUE_PREFIX: PREFIX } : {}),
      ...(CPU_PROFILE === "" ? {} : { WEBHOOKS_CPU_PROFILE: profileFile(mode) }),
    },
    // Logs (stdout) go to /dev/null; stderr carries the job counts.
    stdio: ["ignore", "ignore", "pipe"],
  });
  const target: Target = { name, mode, port, child, stderr: "", latencies: [], elapsedMs: 0, statuses: new Map() };
  child.stderr?.on("data", (chunk: Buffer) => (target.stderr += chunk.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited:\n${target.stderr}`);
    const ok = await fetch(`http://127.0.0.1:${port}/ping`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return target;
    if (Date.now() > deadline) throw new Error(`${name} did not start:\n${target.stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function post(agent: Agent, port: number, d: Delivery): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/api/github/webhooks",
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(d.body),
          "user-agent": "GitHub-Hookshot/bench",
          "x-github-event": d.event,
          "x-github-delivery": d.id,
          "x-hub-signature-256": d.signature,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(d.body);
  });
}

/** Sends the deliveries with IN_FLIGHT requests outstanding; records each one's latency. */
async function send(target: Target, agent: Agent, list: Delivery[], record: boolean): Promise<void> {
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    for (;;) {
      const d = list[next++];
      if (d === undefined) return;
      const t0 = performance.now();
      const status = await post(agent, target.port, d);
      if (!record) continue;
      target.latencies.push(performance.now() - t0);
      target.statuses.set(status, (target.statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  if (record) target.elapsedMs += performance.now() - started;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Asks a server for its CPU time so far (µs) and its accepted jobs per issue. */
async function report(target: Target): Promise<{ cpuUs: number; jobs: Record<string, number> }> {
  const before = target.stderr.length;
  target.child.kill("SIGUSR2");
  for (let i = 0; i < 100; i++) {
    const lines = target.stderr.slice(before).split("\n");
    const cpu = lines.find((l) => l.startsWith("cpu "));
    const jobs = lines.find((l) => l.startsWith("jobs "));
    if (cpu !== undefined && jobs !== undefined) return { cpuUs: Number(cpu.slice(4)), jobs: JSON.parse(jobs.slice(5)) as Record<string, number> };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${target.name} did not report`);
}

/** For BullMQ: the jobs Redis holds, per issue. */
async function redisJobsPerIssue(): Promise<number[]> {
  const queue = new Queue("jobs", { connection: { url: REDIS_URL }, prefix: PREFIX });
  try {
    const jobs = await queue.getJobs(["waiting", "active", "delayed", "prioritized"], 0, -1);
    const per = new Map<number, number>();
    for (const job of jobs) {
      const issue = (job.data as { trigger: { issue: number } }).trigger.issue;
      per.set(issue, (per.get(issue) ?? 0) + 1);
    }
    return Array.from({ length: ISSUES }, (_, i) => per.get(i + 1) ?? 0);
  } finally {
    await queue.close();
  }
}

async function cleanRedis(): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = "0";
    do {
      const [nextCursor, keys] = await redis.scan(cursor, "MATCH", `${PREFIX}:*`, "COUNT", 1000);
      cursor = nextCursor;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

const fmt = (n: number) => n.toFixed(2);

interface Result {
  p50: number;
  p99: number;
  max: number;
  rps: number;
  cpuUsPerDelivery: number;
  statuses: string;
  jobsPerIssue: string;
}

async function main(): Promise<number> {
  const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const targets: Target[] = [];
  try {
    targets.push(await start("bare probot", "bare", privateKey));
    targets.push(await start("stacksmith in-process", "in-process", privateKey));
    if (REDIS_URL !== "") targets.push(await start("stacksmith bullmq", "bullmq", privateKey));
    const agents = new Map(targets.map((t) => [t, new Agent({ keepAlive: true, maxSockets: IN_FLIGHT })]));
    const agentOf = (t: Target) => agents.get(t) ?? new Agent();

    for (const t of targets) await send(t, agentOf(t), warmups(), false);
    const cpuBefore = new Map<Target, number>();
    for (const t of targets) cpuBefore.set(t, (await report(t)).cpuUs);
    const list = deliveries();
    const size = Math.ceil(list.length / SLICES);
    for (let s = 0; s < SLICES; s++) {
      const slice = list.slice(s * size, (s + 1) * size);
      const order = s % 2 === 0 ? targets : [...targets].reverse();
      for (const t of order) await send(t, agentOf(t), slice, true);
    }
    for (const agent of agents.values()) agent.destroy();

    const results = new Map<Target, Result>();
    for (const t of targets) {
      const sorted = [...t.latencies].sort((a, b) => a - b);
      const after = await report(t);
      let jobsPerIssue = "-";
      if (t.mode !== "bare") {
        const values = Array.from({ length: ISSUES }, (_, i) => after.jobs[`bench/webhooks#${i + 1}`] ?? 0);
        if (t.mode === "bullmq") values.push(...(await redisJobsPerIssue()));
        const min = Math.min(...values);
        const max = Math.max(...values);
        jobsPerIssue = min === max ? String(min) : `${min}-${max}`;
      }
      results.set(t, {
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        max: sorted.at(-1) ?? NaN,
        rps: (t.latencies.length / t.elapsedMs) * 1000,
        cpuUsPerDelivery: (after.cpuUs - (cpuBefore.get(t) ?? 0)) / t.latencies.length,
        statuses: [...t.statuses].map(([status, n]) => `${status}x${n}`).join(","),
        jobsPerIssue,
      });
    }

    const bare = results.get(targets[0] as Target) as Result;
    process.stdout.write(
      `webhooks: ${list.length} signed deliveries per server (${ISSUES} issues x label, redelivery, second label, its redelivery), ` +
        `${IN_FLIGHT} in flight over loopback, ${WARMUP} warm-up deliveries first; servers are separate processes, measured in alternating slices\n\n`,
    );
    process.stdout.write(
      `${"server".padEnd(24)}${"p50_ms".padStart(8)}${"p99_ms".padStart(8)}${"max_ms".padStart(8)}${"rps".padStart(7)}${"cpu_us".padStart(8)}  p99/bare  cpu/bare  statuses  jobs/issue\n`,
    );
    let failed = false;
    const lines: string[] = [];
    for (const t of targets) {
      const r = results.get(t) as Result;
      const isBare = t.mode === "bare";
      if (!r.statuses.startsWith("200x") || r.statuses.includes(",")) failed = true;
      if (!isBare && r.jobsPerIssue !== "1") failed = true;
      process.stdout.write(
        `${t.name.padEnd(24)}${fmt(r.p50).padStart(8)}${fmt(r.p99).padStart(8)}${fmt(r.max).padStart(8)}${r.rps.toFixed(0).padStart(7)}${r.cpuUsPerDelivery.toFixed(0).padStart(8)}  ` +
          `${(isBare ? "base" : `${(r.p99 / bare.p99).toFixed(2)}x`).padEnd(8)}  ${(isBare ? "base" : `${(r.cpuUsPerDelivery / bare.cpuUsPerDelivery).toFixed(2)}x`).padEnd(8)}  ` +
          `${r.statuses.padEnd(8)}  ${r.jobsPerIssue}\n`,
      );
      if (isBare) continue;
      const ratio = r.p99 / bare.p99;
      lines.push(
        `webhooks${t.mode === "bullmq" ? "[bullmq]" : ""}: p50_ms=${fmt(r.p50)} p99_ms=${fmt(r.p99)} rps=${r.rps.toFixed(0)} cpu_us=${r.cpuUsPerDelivery.toFixed(0)} ` +
          `bare_p50_ms=${fmt(bare.p50)} bare_p99_ms=${fmt(bare.p99)} bare_rps=${bare.rps.toFixed(0)} bare_cpu_us=${bare.cpuUsPerDelivery.toFixed(0)} ` +
          `ratio_p99=${ratio.toFixed(2)} target=${r.p99 <= 50 && ratio <= 1.2 ? "met" : "missed"} jobs_per_issue=${r.jobsPerIssue}`,
      );
    }
    process.stdout.write("\n(cpu_us: the server process's CPU time per measured delivery, less sensitive than latency to other load on the machine)\n");
    // The default queue's line (in-process) comes last.
    for (const line of [...lines].reverse()) process.stdout.write(`${line}\n`);
    return failed ? 1 : 0;
  } finally {
    // Each server is waited for, so a CPU profile it writes on SIGTERM is there when this ends.
    await Promise.all(
      targets.map(
        (t) =>
          new Promise<void>((resolve) => {
            if (t.child.exitCode !== null || t.child.signalCode !== null) return resolve();
            const timer = setTimeout(resolve, 10_000);
            t.child.once("exit", () => (clearTimeout(timer), resolve()));
            t.child.kill("SIGTERM");
          }),
      ),
    );
    if (CPU_PROFILE !== "") process.stderr.write(`CPU profiles: ${targets.map((t) => profileFile(t.mode)).join(", ")}\n`);
    if (REDIS_URL !== "") await cleanRedis();
  }
}

process.exitCode = await main();
