/**
 * A webhook server for `npm run bench:webhooks`, run as its own process:
 *   bare        a Probot app that does nothing (the baseline)
 *   in-process  Stacksmith's app with the in-process queue
 *   bullmq      Stacksmith's app with the BullMQ queue (REDIS_URL, STACKSMITH_QUEUE_PREFIX)
 * The bare app runs on Probot's own server (`run()`); Stacksmith's on its webhook server
 * (src/github/webhook-server.ts), as src/main.ts runs it. The job handler is inert: a run that
 * outlasts the benchmark, so every later request for the same issue meets a queued or running job.
 * On SIGUSR2 it writes its CPU time so far (µs) and the accepted jobs per issue to stderr.
 * With WEBHOOKS_CPU_PROFILE=<file>, it records a CPU profile from the moment it listens, and on
 * SIGTERM writes it to that file (for Chrome DevTools or `node --cpu-prof`'s readers) and exits.
 */
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { createProbot, run, type Probot } from "probot";
import { createApp } from "../src/app.js";
import { StacksmithOctokit } from "../src/github/octokit.js";
import { startWebhookServer } from "../src/github/webhook-server.js";
import { BullMqQueue } from "../src/queue/bullmq-queue.js";
import { InProcessQueue } from "../src/queue/in-process-queue.js";
import { jobIssueKey } from "../src/queue/job.js";
import type { JobHandler, JobQueue } from "../src/queue/job-queue.js";
import { parseQueueSettings } from "../src/queue/queue-settings.js";

const mode = process.argv[2];
const accepted = new Map<string, number>();

function counting(queue: JobQueue): JobQueue {
  return {
    enqueue: async (job) => {
      const result = await queue.enqueue(job);
      if (result.accepted) accepted.set(jobIssueKey(job), (accepted.get(jobIssueKey(job)) ?? 0) + 1);
      return result;
    },
    drain: () => queue.drain(),
    close: () => queue.close(),
  };
}

const inert: JobHandler = () => new Promise<never>(() => {});

let queueFor: ((probot: Probot) => JobQueue) | null;
switch (mode) {
  case "bare":
    queueFor = null;
    break;
  case "in-process":
    // Room for every issue of the run: the production bounds (300 waiting, 30 per repository) would drop most of them.
    queueFor = (probot) => counting(new InProcessQueue({ concurrency: 2, maxQueued: 10_000, maxQueuedPerRepo: 10_000, log: probot.log, handler: inert }));
    break;
  case "bullmq": {
    const settings = parseQueueSettings(process.env);
    if (settings.kind !== "redis") throw new Error("bullmq mode needs REDIS_URL");
    queueFor = () => counting(new BullMqQueue(settings));
    break;
  }
  default:
    throw new Error(`unknown mode ${mode ?? "(none)"}: bare, in-process or bullmq`);
}

process.on("SIGUSR2", () => {
  const cpu = process.cpuUsage();
  process.stderr.write(`cpu ${cpu.user + cpu.system}\n`);
  process.stderr.write(`jobs ${JSON.stringify(Object.fromEntries(accepted))}\n`);
});
// Stacksmith's servers run as src/main.ts does, with its Octokit and server; the bare app with Probot's own.
if (queueFor === null) {
  await run(() => {}, {});
} else {
  const app = createApp(queueFor);
  const probot = createProbot({ env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "info" }, overrides: { Octokit: StacksmithOctokit } });
  await probot.load(app);
  const server = await startWebhookServer({ receive: app.receiverFor(probot), secret: process.env.WEBHOOK_SECRET ?? "", host: process.env.HOST ?? "127.0.0.1", port: Number(process.env.PORT), log: probot.log });
  probot.log.info(`Listening on ${server.url}`);
}

const profileFile = process.env.WEBHOOKS_CPU_PROFILE ?? "";
if (profileFile !== "") {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 });
  await session.post("Profiler.start");
  process.once("SIGTERM", () => {
    void (async () => {
      const { profile } = await session.post("Profiler.stop");
      await writeFile(profileFile, JSON.stringify(profile));
      session.disconnect();
      process.exit(0);
    })();
  });
}
