import { appendFileSync } from "node:fs";
import type { ApplicationFunction, Probot } from "probot";
import { runJob, type JobOutcome } from "./agent/run-job.js";
import { createApp } from "./app.js";
import { envFromActionInputs } from "./config/action-inputs.js";
import { parseEnv, type Env } from "./config/env.js";
import { useSyncSha1 } from "./git/sync-sha1.js";
import { githubForJob } from "./github/installation.js";
import { receiveWorkflowEvent } from "./github/workflow-event.js";
import type { Job } from "./queue/job.js";
import type { JobQueue } from "./queue/job-queue.js";
import { createJobDeps, stateKeyOf } from "./runtime.js";
import { describeError } from "./shared/errors.js";
import { createActionsLogger } from "./shared/logger.js";

/**
 * GitHub Action mode: a repository runs Stacksmith in its own workflow, without hosting an app.
 * The runner starts this file (bundled as dist-action/index.js) with the step's inputs as INPUT_*
 * variables; Probot, with the workflow's token, receives the workflow's event (GITHUB_EVENT_NAME,
 * GITHUB_EVENT_PATH) as a delivery. The same app as the server's turns the event into
 * a job; the run IS the job, so the "queue" runs it inline and the step fails when the job fails.
 * One run per issue at a time is the workflow's `concurrency:` group.
 *
 * An Actions event names no installation, and GITHUB_TOKEN authenticates every call (Probot's
 * `auth()` gives a token-authenticated Octokit whatever id it is given, and that token is also
 * the one git pushes with), so each payload gets a placeholder installation before the app sees it.
 */
const TOKEN_INSTALLATION = { id: 1 } as const;

type Handler = (context: { payload: { installation?: { id: number } } }) => unknown;

/** The Probot instance as the app sees it: `on()` handlers receive payloads with an installation. */
function withTokenInstallation(app: Probot): Probot {
  return new Proxy(app, {
    get(target, property) {
      if (property === "on") {
        return (event: unknown, handler: Handler) =>
          target.on(event as never, ((context: Parameters<Handler>[0]) => {
            context.payload.installation ??= TOKEN_INSTALLATION;
            return handler(context);
          }) as never);
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export function createActionApp(env: Env, report: (outcome: JobOutcome) => void): ApplicationFunction {
  return (app, options) => {
    const deps = createJobDeps(githubForJob(app, { kind: "actions" }), env, app.log);
    const runInline = async (job: Job): Promise<JobOutcome> => {
      try {
        return await runJob(job, deps);
      } catch (err) {
        app.log.error({ err }, "run failed with an unexpected error");
        return { kind: "failed", reason: describeError(err) };
      }
    };
    const inline: JobQueue = {
      enqueue: async (job) => {
        const outcome = await runInline(job);
        app.log.info({ outcome: outcome.kind }, "run finished");
        report(outcome);
        return { accepted: true };
      },
      drain: async () => {},
      close: async () => {},
    };
    return createApp(() => inline)(withTokenInstallation(app), options);
  };
}

/** The run of one workflow event; resolves to the step's exit code. */
async function main(vars: NodeJS.ProcessEnv): Promise<number> {
  // 1. Environment: a token and the workflow's event, then the settings; each refusal is one error line.
  const missing = ["GITHUB_RUN_ID", "GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH", "GITHUB_TOKEN"].filter((name) => !vars[name]);
  if (missing.length > 0) {
    createActionsLogger().fatal(`Stacksmith runs as an Action only inside a workflow, with a token (the github-token input): ${missing.join(", ")} not set`);
    return 1;
  }
  let env: Env;
  try {
    env = parseEnv(vars);
    // The state this run keeps in its comment is signed with STACKSMITH_STATE_SECRET, else the model key.
    stateKeyOf(env);
  } catch (err) {
    createActionsLogger().fatal(describeError(err));
    return 1;
  }
  const log = createActionsLogger({ level: env.LOG_LEVEL });
  await useSyncSha1();

  // 2. Run the event's job inline; a failed run fails the step.
  const result: { outcome: JobOutcome | null } = { outcome: null };
  const app = createActionApp(env, (outcome) => (result.outcome = outcome));
  try {
    await receiveWorkflowEvent(app, {
      token: vars.GITHUB_TOKEN ?? "",
      runId: vars.GITHUB_RUN_ID ?? "",
      name: vars.GITHUB_EVENT_NAME ?? "",
      payloadPath: vars.GITHUB_EVENT_PATH ?? "",
      gheHost: vars.GHE_HOST,
      gheProtocol: vars.GHE_PROTOCOL,
      log,
    });
  } catch (err) {
    log.fatal(describeError(err));
    return 1;
  }
  const outcome = result.outcome;
  if (outcome === null) log.info({ event: vars.GITHUB_EVENT_NAME }, "the event asks for no run");

  // 3. The step's outputs: what the run did, and the pull requests it opened or updated.
  const output = vars.GITHUB_OUTPUT;
  if (output) {
    const base = `${vars.GITHUB_SERVER_URL ?? "https://github.com"}/${vars.GITHUB_REPOSITORY ?? ""}/pull/`;
    const urls = outcome?.kind === "done" ? outcome.pullRequests.map((n) => `${base}${n}`) : [];
    appendFileSync(output, `outcome=${outcome?.kind ?? "none"}\npull-requests=${urls.join(" ")}\n`);
  }
  return outcome?.kind === "failed" ? 1 : 0;
}

// The step's inputs (INPUT_*) over the workflow's variables.
process.exitCode = await main(envFromActionInputs(process.env));
