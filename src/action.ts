import { run } from "@probot/adapter-github-actions";
import type { Probot } from "probot";
import { runJob, type JobOutcome } from "./agent/run-job.js";
import { parseEnv, type Env } from "./config/env.js";
import { useSyncSha1 } from "./git/sync-sha1.js";
import { githubForJob } from "./github/installation.js";
import { triggerFromComment, triggerFromLabel } from "./github/triggers.js";
import type { Job } from "./queue/job.js";
import { createJobDeps } from "./runtime.js";
import { describeError } from "./shared/errors.js";
import { createLogger } from "./shared/logger.js";

/**
 * GitHub Action mode: a repository runs Stacksmith in its own workflow, without hosting an app.
 * `@probot/adapter-github-actions` builds Probot with GITHUB_TOKEN and hands it the workflow's
 * event (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH). The run IS the job: no queue, the job runs
 * inline and the step fails when the job fails. Concurrency per issue is the workflow's
 * `concurrency:` group.
 *
 * An Actions event names no installation, and GITHUB_TOKEN authenticates every call (Probot's
 * `auth()` gives a token-authenticated Octokit whatever id it is given, and that token is also
 * the one git pushes with), so a placeholder fills the job's installation id.
 */
const TOKEN_INSTALLATION = { id: 1 } as const;

function withInstallation<P extends { installation?: { id: number } }>(payload: P): P {
  return payload.installation === undefined ? { ...payload, installation: TOKEN_INSTALLATION } : payload;
}

export function createActionApp(env: Env, report: (outcome: JobOutcome | null) => void) {
  return (app: Probot): void => {
    const deps = createJobDeps(githubForJob(app), env, app.log);
    const runInline = async (job: Job | null): Promise<void> => {
      if (job === null) {
        app.log.info("the event asks for no run");
        report(null);
        return;
      }
      try {
        const outcome = await runJob(job, deps);
        app.log.info({ outcome: outcome.kind }, "run finished");
        report(outcome);
      } catch (err) {
        app.log.error({ err }, "run failed with an unexpected error");
        report({ kind: "failed", reason: describeError(err) });
      }
    };
    app.on("issues.labeled", (context) => runInline(triggerFromLabel(context.id, withInstallation(context.payload))));
    app.on("issue_comment.created", (context) => runInline(triggerFromComment(context.id, withInstallation(context.payload))));
  };
}

// 1. Environment: the adapter needs a token and the workflow's event.
const env = parseEnv(process.env);
const missing = ["GITHUB_RUN_ID", "GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH"].filter((name) => !process.env[name]);
if (!(process.env.GITHUB_TOKEN || process.env.INPUT_GITHUB_TOKEN || process.env.INPUT_TOKEN)) missing.push("GITHUB_TOKEN");
if (missing.length > 0) {
  createLogger().fatal({ missing }, "Stacksmith runs as an Action only inside a workflow, with GITHUB_TOKEN set");
  process.exit(1);
}
await useSyncSha1();

// 2. Run the event's job inline; a failed run fails the step.
const result: { outcome: JobOutcome | null } = { outcome: null };
const app = createActionApp(env, (outcome) => (result.outcome = outcome));
// The adapter bundles its own Probot (13); the surface the app uses (on, log, auth) is the same.
await run(app as unknown as Parameters<typeof run>[0]);
if (result.outcome?.kind === "failed") process.exitCode = 1;
