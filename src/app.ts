import type { ApplicationFunction, Probot } from "probot";
import { triggerFromComment, triggerFromLabel } from "./github/triggers.js";
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
      app.log.info({ jobId: job.id, issue: job.trigger.issue, accepted: result.accepted }, "job enqueued");
    };
    app.on("issues.labeled", (context) => enqueue(triggerFromLabel(context.id, context.payload)));
    app.on("issue_comment.created", (context) => enqueue(triggerFromComment(context.id, context.payload)));
  };
}
