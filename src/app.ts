import type { ApplicationFunction, Context, Probot } from "probot";
import {
  pushMovesDefaultBranch,
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
import type { WebhookDelivery } from "./github/webhook-server.js";
import type { Job } from "./queue/job.js";
import type { JobQueue } from "./queue/job-queue.js";

/**
 * The Probot app: webhooks become jobs on the queue, and the handler returns.
 * Every GitHub write (reaction, progress comment) happens in the job, so the
 * webhook is acknowledged at once.
 *
 * One table (ROUTES) says what each event becomes. Most deliveries' jobs follow from the payload
 * alone; the webhook server hands those straight to the queue (`receiverFor`), because going through
 * Probot builds a full Octokit for every delivery (plugins, throttling, auth), the larger part of an
 * acknowledgement's cost. A delivery whose jobs depend on what GitHub says (a comment on a pull
 * request, a push to the default branch) goes through Probot, which gives it that Octokit.
 */
type EventName = Context["name"];
type Jobs = Array<Job | null>;

/** Only GitHub can say what this delivery asks for. */
const ASK_GITHUB = Symbol("ask GitHub");

type Route<E extends EventName> =
  | { jobs(id: string, payload: Context<E>["payload"]): Jobs }
  | { jobs(id: string, payload: Context<E>["payload"]): Jobs | typeof ASK_GITHUB; withGitHub(context: Context<E>): Promise<Jobs> };

/** A route with its event's types checked, then erased, so routes of all events share one list. */
interface AnyRoute {
  event: EventName;
  on(app: Probot, enqueue: (jobs: Jobs) => Promise<void>): void;
  jobs(id: string, payload: unknown): Jobs | typeof ASK_GITHUB;
}

function route<E extends EventName>(event: E, r: Route<E>): AnyRoute {
  return {
    event,
    on: (app, enqueue) =>
      app.on(event, async (context) => {
        const jobs = r.jobs(context.id, context.payload);
        await enqueue(jobs !== ASK_GITHUB ? jobs : "withGitHub" in r ? await r.withGitHub(context) : []);
      }),
    // The payload is the verified body of a delivery of this event, as Probot would be handed it.
    jobs: (id, payload) => r.jobs(id, payload as Context<E>["payload"]),
  };
}

const ROUTES: AnyRoute[] = [
  route("issues.labeled", { jobs: (id, payload) => [triggerFromLabel(id, payload)] }),
  route("issue_comment.created", {
    jobs: (id, payload) => (payload.issue.pull_request === undefined ? [triggerFromComment(id, payload)] : ASK_GITHUB),
    withGitHub: async (context) => {
      const headOf = async (pull_number: number) => (await context.octokit.rest.pulls.get(context.repo({ pull_number }))).data.head.ref;
      return [await triggerFromPrComment(context.id, context.payload, headOf)];
    },
  }),
  route("pull_request_review.submitted", { jobs: (id, payload) => [triggerFromReview(id, payload)] }),
  route("pull_request.closed", { jobs: (id, payload) => [triggerFromClosed(id, payload)] }),
  route("check_suite.completed", { jobs: (id, payload) => [triggerFromCheckSuite(id, payload)] }),
  route("check_run.completed", { jobs: (id, payload) => [triggerFromCheckRun(id, payload)] }),
  route("status", { jobs: (id, payload) => [triggerFromStatus(id, payload)] }),
  route("push", {
    jobs: (_id, payload) => (pushMovesDefaultBranch(payload) ? ASK_GITHUB : []),
    withGitHub: async (context) => {
      const openHeads = async (base: string) => (await context.octokit.rest.pulls.list(context.repo({ base, state: "open", per_page: 100 }))).data.map((p) => p.head.ref);
      return triggersFromPush(context.id, context.payload, openHeads);
    },
  }),
];

const ROUTES_BY_EVENT = new Map(ROUTES.map((r) => [r.event as string, r]));

/**
 * The jobs of a delivery from its payload alone, or ASK_GITHUB: also for a delivery no route
 * takes, or one Probot itself would refuse (no payload object), so that Probot answers it as ever.
 */
function jobsFromPayload(delivery: WebhookDelivery): Jobs | typeof ASK_GITHUB {
  const { payload } = delivery;
  if (typeof payload !== "object" || payload === null) return ASK_GITHUB;
  // The handlers @octokit/webhooks would run: those of `event.action`, then those of `event`.
  const action = "action" in payload ? payload.action : null;
  const routes = [action ? ROUTES_BY_EVENT.get(`${delivery.name}.${String(action)}`) : undefined, ROUTES_BY_EVENT.get(delivery.name)].filter((r) => r !== undefined);
  if (routes.length === 0) return ASK_GITHUB;
  const jobs: Jobs = [];
  for (const r of routes) {
    const found = r.jobs(delivery.id, payload);
    if (found === ASK_GITHUB) return ASK_GITHUB;
    jobs.push(...found);
  }
  return jobs;
}

/** The Probot app, and for a Probot it is loaded into, the receiver its webhook server calls. */
export type StacksmithApp = ApplicationFunction & {
  /** Takes a verified delivery as `probot.receive` does, with the same jobs, errors and logs. */
  receiverFor(probot: Probot): (delivery: WebhookDelivery) => Promise<void>;
};

export function createApp(queueFor: (probot: Probot) => JobQueue): StacksmithApp {
  const enqueuers = new WeakMap<Probot, (jobs: Jobs) => Promise<void>>();
  const app: ApplicationFunction = (probot: Probot) => {
    const queue = queueFor(probot);
    const enqueue = async (jobs: Jobs): Promise<void> => {
      for (const job of jobs) {
        if (job === null) continue;
        const result = await queue.enqueue(job);
        // Debug only: a log write is a large part of an ack.
        probot.log.debug({ jobId: job.id, issue: job.trigger.issue, trigger: job.trigger.kind, result }, "job enqueued");
      }
    };
    enqueuers.set(probot, enqueue);
    for (const r of ROUTES) r.on(probot, enqueue);
  };
  const receiverFor = (probot: Probot) => {
    const enqueue = enqueuers.get(probot);
    if (enqueue === undefined) throw new Error("receiverFor: load the app into this Probot first (probot.load)");
    return async (delivery: WebhookDelivery): Promise<void> => {
      const jobs = jobsFromPayload(delivery);
      if (jobs === ASK_GITHUB) return probot.receive(delivery as Parameters<Probot["receive"]>[0]);
      // As Probot.receive logs it.
      probot.log.debug({ event: delivery }, "Webhook received");
      await enqueue(jobs);
    };
  };
  return Object.assign(app, { receiverFor });
}
