import type { ApplicationFunction, Probot } from "probot";
import {
  triggerFromCheckRun,
  triggerFromCheckSuite,
  triggerFromClosed,
  triggerFromComment,
  triggerFromLabel,
  triggerFromPrComment,
  triggerFromReview,
  triggerFromStatus,
  triggersFromPush,
} from "./github/triggers.js";
import type { Job } from "./queue/job.js";
import type { JobQueue } from "./queue/job-queue.js";

/**
 * The Probot app: webhooks become jobs on the queue, and the handler returns.
 * Every GitHub write (reaction, progress comment) happens in the job, so the
 * webhook is acknowledged at once.
 */
export function createApp(queueFor: (probot: Probot) => JobQueue): ApplicationFunction {
  return (app: Probot) => {
    const queue = queueFor(app);
    const enqueue = async (job: Job | null): Promise<void> => {
      if (job === null) return;
      const result = await queue.enqueue(job);
      // Debug only: Probot already logs every delivery, and a log write is a large part of an ack.
      app.log.debug({ jobId: job.id, issue: job.trigger.issue, trigger: job.trigger.kind, result }, "job enqueued");
    };
    app.on("issues.labeled", (context) => enqueue(triggerFromLabel(context.id, context.payload)));
    app.on("issue_comment.created", async (context) => {
      if (context.payload.issue.pull_request === undefined) return enqueue(triggerFromComment(context.id, context.payload));
      const headOf = async (pull_number: number) => (await context.octokit.rest.pulls.get(context.repo({ pull_number }))).data.head.ref;
      return enqueue(await triggerFromPrComment(context.id, context.payload, headOf));
    });
    app.on("pull_request_review.submitted", (context) => enqueue(triggerFromReview(context.id, context.payload)));
    app.on("pull_request.closed", (context) => enqueue(triggerFromClosed(context.id, context.payload)));
    app.on("check_suite.completed", (context) => enqueue(triggerFromCheckSuite(context.id, context.payload)));
    app.on("check_run.completed", (context) => enqueue(triggerFromCheckRun(context.id, context.payload)));
    app.on("status", (context) => enqueue(triggerFromStatus(context.id, context.payload)));
    app.on("push", async (context) => {
      const openHeads = async (base: string) => (await context.octokit.rest.pulls.list(context.repo({ base, state: "open", per_page: 100 }))).data.map((p) => p.head.ref);
      for (const job of await triggersFromPush(context.id, context.payload, openHeads)) await enqueue(job);
    });
  };
}
