import { SmeeClient } from "smee-client";
import { createProbot, run } from "probot";
import { createApp } from "./app.js";
import { loadDotEnv } from "./config/dotenv-file.js";
import { logFormat, parseEnv, type Env } from "./config/env.js";
import { resolvePrivateKey } from "./github/private-key.js";
import { StacksmithOctokit } from "./github/octokit.js";
import { gitHubCredentialCheck } from "./github/readiness.js";
import { startWebhookServer } from "./github/webhook-server.js";
import type { JobQueue } from "./queue/job-queue.js";
import { useSyncSha1 } from "./git/sync-sha1.js";
import { parseQueueSettings, type QueueSettings } from "./queue/queue-settings.js";
import { redisOptions, waitForRedis } from "./queue/redis-connection.js";
import { createLogger } from "./shared/logger.js";
import { appIdentity, stateKeyOf } from "./runtime.js";
import { createQueue } from "./server-queue.js";

/**
 * The server.
 *  1. load `.env` (the environment wins), parse the environment; a bad value ends the process with one line
 *  2. without APP_ID and a private key: Probot's setup page, which registers the app from app.yml
 *  3. with them: the webhook server (github/webhook-server.ts) at /api/github/webhooks, /ping and
 *     /ready, which refuses to start without a real webhook secret
 */
function fail(message: string): never {
  process.stderr.write(`stacksmith: ${message}\n`);
  process.exit(2);
}

function settings(): { env: Env; queue: QueueSettings } {
  try {
    loadDotEnv();
    return { env: parseEnv(process.env), queue: parseQueueSettings(process.env) };
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
}

// 1. Environment.
const { env, queue } = settings();
await useSyncSha1();
let jobs: JobQueue | undefined;
const app = createApp((probot) => (jobs = createQueue(probot, env, queue)));

if (env.APP_ID === undefined || !(env.PRIVATE_KEY || env.PRIVATE_KEY_PATH)) {
  // 2. Setup. Probot keeps its setup page out of production, where it would throw instead.
  const missing = env.APP_ID === undefined ? "APP_ID is not set" : "PRIVATE_KEY (or PRIVATE_KEY_PATH) is not set";
  if (process.env.NODE_ENV === "production") {
    fail(`${missing}, and the setup page that registers the GitHub App does not run with NODE_ENV=production (as in the Docker image): set APP_ID, PRIVATE_KEY and WEBHOOK_SECRET from the app's settings, or run \`npm start\` once without NODE_ENV=production to register it`);
  }
  await run(app, { Octokit: StacksmithOctokit }).catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
} else {
  // 3. The app. Probot's public default secret would let anyone sign deliveries.
  const secret = env.WEBHOOK_SECRET;
  if (secret === undefined || secret === "" || secret === "development") {
    fail("WEBHOOK_SECRET is not set (or is Probot's public default \"development\"): set it to the GitHub App's webhook secret, so that no one else can send this server webhooks");
  }
  try {
    resolvePrivateKey(env);
    // The jobs of the in-process queue sign their state and know the app by its id.
    if (queue.kind === "in-process") {
      stateKeyOf(env);
      appIdentity(env);
    }
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  if (queue.kind === "redis") {
    // Until Redis answers, say so once (then once a minute); a signal meanwhile stops the server at once.
    const stopping = new AbortController();
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => stopping.abort());
    if (!(await waitForRedis(queue.redisUrl, createLogger({ level: env.LOG_LEVEL, format: logFormat(env) }), stopping.signal))) process.exit(0);
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.removeAllListeners(signal);
  }
  // Probot's request throttling shares Redis too, reconnecting with the queue's backoff.
  const redisConfig = queue.kind === "redis" ? { redisConfig: redisOptions(queue.redisUrl) } : {};
  const probot = createProbot({ env: { ...process.env, LOG_LEVEL: env.LOG_LEVEL, LOG_FORMAT: logFormat(env) }, overrides: { Octokit: StacksmithOctokit, ...redisConfig } });
  await probot.load(app);
  const credentials = gitHubCredentialCheck(probot);
  const server = await startWebhookServer({
    receive: app.receiverFor(probot),
    secret,
    host: env.HOST,
    port: env.PORT,
    log: probot.log,
    // Ready: GitHub takes the credentials, the queue takes jobs, and jobs run here have a model key.
    problems: async () => {
      const found = [await credentials(), (await jobs?.problem?.()) ?? null];
      if (queue.kind === "in-process" && env.STACKSMITH_PROVIDER === "anthropic" && !env.ANTHROPIC_API_KEY) found.push("ANTHROPIC_API_KEY is not set, so runs cannot call the model");
      return found.filter((p): p is string => p !== null);
    },
  });
  probot.log.info(`Listening on ${server.url}`);
  const proxy = process.env.WEBHOOK_PROXY_URL;
  const smee = proxy ? new SmeeClient({ source: proxy, target: `${server.url}/api/github/webhooks`, logger: { info: (m: string) => probot.log.info(m), error: (m: string) => probot.log.error(m) } }) : null;
  await smee?.start();
  const stop = async () => {
    await smee?.stop();
    await server.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}
