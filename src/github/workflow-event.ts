import { readFileSync } from "node:fs";
import { createProbot, type ApplicationFunction, type Options } from "probot";
import { StacksmithOctokit } from "./octokit.js";

/** What a workflow run hands the step: the token, and the event that started it. */
export interface WorkflowEvent {
  token: string;
  /** GITHUB_RUN_ID: the delivery id the app's jobs are keyed by. */
  runId: string;
  /** GITHUB_EVENT_NAME, e.g. `issues`, `issue_comment`. */
  name: string;
  /** GITHUB_EVENT_PATH: the webhook payload the runner wrote. */
  payloadPath: string;
  /** The API host on GitHub Enterprise Server (GHE_HOST, GHE_PROTOCOL); else api.github.com. */
  gheHost?: string | undefined;
  gheProtocol?: string | undefined;
  log: NonNullable<Options["log"]>;
}

/**
 * Runs the app on the workflow's event: Probot authenticated with the workflow's token (every
 * `auth()` gives an Octokit with that token, whatever installation id it is asked for), the
 * same Octokit as the server's, and the payload the runner wrote, received as a delivery.
 * Resolves when the app's handlers have finished.
 */
export async function receiveWorkflowEvent(app: ApplicationFunction, event: WorkflowEvent): Promise<void> {
  const env = { GHE_HOST: event.gheHost ?? "", GHE_PROTOCOL: event.gheProtocol ?? "https" };
  const probot = createProbot({ env, overrides: { githubToken: event.token, log: event.log, Octokit: StacksmithOctokit } });
  await probot.load(app);
  const payload: unknown = JSON.parse(readFileSync(event.payloadPath, "utf8"));
  await probot.receive({ id: event.runId, name: event.name, payload } as Parameters<typeof probot.receive>[0]);
}
