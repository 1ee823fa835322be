import { SmeeClient } from "smee-client";
import { createProbot, run } from "probot";
import { createApp } from "./app.js";
import { parseEnv, type Env } from "./config/env.js";
import { resolvePrivateKey } from "./github/private-key.js";
import { StacksmithOctokit } from "./github/octokit.js";
import { startWebhookServer } from "./github/webhook-server.js";
import { useSyncSha1 } from "./git/sync-sha1.js";
import { parseQueueSettings, type QueueSettings } from "./queue/queue-settings.js";
import { appIdentity, createQueue, stateKeyOf } from "./runtime.js";

/**
 * The server.
 *  1. parse the environment; a bad value ends the process with one line
 *  2. without APP_ID and a private key: Probot's setup page, which registers the app from app.yml
 *  3. with them: the webhook server (github/webhook-server.ts) at /api/github/webhooks and /ping,
 *     which refuses to start without a real webhook secret
 */
function fail(message: string): never {
  process.stderr.write(`stacksmith: ${message}\n`);
  process.exit(2);
}

function settings(): { env: Env; queue: QueueSettings } {
  try {
    return { env: parseEnv(process.env), queue: parseQueueSettings(process.env) };
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
}

// 1. Environment.
const { env, queue } = settings();
await useSyncSha1();
const app = createApp((probot) => createQueue(probot, env, queue));

if (env.APP_ID === undefined || !(env.PRIVATE_KEY || env.PRIVATE_KEY_PATH)) {
  // 2. Setup.
  await run(app, { Octokit: StacksmithOctokit });
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
  const probot = createProbot({ env: { ...process.env, LOG_LEVEL: env.LOG_LEVEL }, overrides: { Octokit: StacksmithOctokit } });
  await probot.load(app);
  const server = await startWebhookServer({
    probot,
    secret,
    host: process.env.HOST || "localhost",
    port: Number(process.env.PORT) || 3000,
    log: probot.log,
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
