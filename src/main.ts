import { run } from "probot";
import { createApp } from "./app.js";
import { parseEnv } from "./config/env.js";
import { StacksmithOctokit } from "./github/octokit.js";
import { useSyncSha1 } from "./git/sync-sha1.js";
import { parseQueueSettings } from "./queue/queue-settings.js";
import { createQueue } from "./runtime.js";

/**
 * The server: Probot serves webhooks at /api/github/webhooks and /ping. Without
 * APP_ID and PRIVATE_KEY it serves Probot's setup page, which registers the app from app.yml.
 */
const env = parseEnv(process.env);
const queue = parseQueueSettings(process.env);
await useSyncSha1();
await run(createApp((probot) => createQueue(probot, env, queue)), { Octokit: StacksmithOctokit });
