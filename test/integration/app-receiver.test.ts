import nock from "nock";
import { Probot } from "probot";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import type { WebhookDelivery } from "../../src/github/webhook-server.js";
import type { Job } from "../../src/queue/job.js";
import type { JobQueue } from "../../src/queue/job-queue.js";
import { GITHUB_API, githubRepo } from "../helpers/github-mock.js";
import { useHttpMocks } from "../helpers/http-mock.js";
import {
  checkRunCompleted,
  issueCommentCreated,
  issuesLabeled,
  pullRequestClosed,
  pullRequestCommentCreated,
  pushEvent,
  reviewSubmitted,
  statusEvent,
} from "../helpers/payloads.js";
import { privateKey, TestOctokit, WEBHOOK_SECRET } from "../helpers/probot.js";

/**
 * The app's receiver (what the webhook server calls) against Probot's own `receive`: the same
 * jobs for every event, the same failures, and no per-delivery Octokit for a delivery whose
 * jobs follow from its payload. Octokits are counted with a plugin, which runs once per instance.
 */

const OWNER = "Codertocat";
const REPO = "receiver";
const repo = { owner: OWNER, name: REPO, cloneUrl: `https://github.com/${OWNER}/${REPO}.git` };
const BOT_BRANCH = "stacksmith/issue-3/1-change-a";
const SHA = "c".repeat(40);

useHttpMocks();

function loaded(enqueue: (job: Job) => Promise<void> = async () => {}) {
  const octokits = { built: 0 };
  const Octokit = TestOctokit.plugin(() => {
    octokits.built += 1;
    return {};
  });
  const jobs: Job[] = [];
  const queue: JobQueue = {
    enqueue: async (job) => {
      jobs.push(job);
      await enqueue(job);
      return { accepted: true };
    },
    drain: async () => {},
    close: async () => {},
  };
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level: "debug" }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  const probot = new Probot({ appId: 1, privateKey: privateKey(), secret: WEBHOOK_SECRET, Octokit, log });
  const app = createApp(() => queue);
  return { probot, app, jobs, octokits, lines, load: () => probot.load(app) };
}

/** Deliveries whose jobs, or their absence, follow from the payload. */
const PLAIN: WebhookDelivery[] = [
  { id: "label", name: "issues", payload: issuesLabeled(repo, { label: "agent", issue: 3 }) },
  { id: "comment", name: "issue_comment", payload: issueCommentCreated(repo, { body: "/agent fix use the cache", commentId: 5 }) },
  { id: "chatter", name: "issue_comment", payload: issueCommentCreated(repo, { body: "Thanks!" }) },
  { id: "review", name: "pull_request_review", payload: reviewSubmitted(repo, { pr: 12, head: BOT_BRANCH, reviewId: 8, state: "changes_requested" }) },
  { id: "closed", name: "pull_request", payload: pullRequestClosed(repo, { pr: 12, head: BOT_BRANCH, merged: true }) },
  { id: "check", name: "check_run", payload: checkRunCompleted(repo, { branch: BOT_BRANCH, sha: SHA, conclusion: "failure" }) },
  { id: "status", name: "status", payload: statusEvent(repo, { branch: BOT_BRANCH, sha: SHA, state: "failure" }) },
  { id: "side-push", name: "push", payload: pushEvent(repo, { after: SHA, branch: "feature" }) },
  { id: "opened", name: "issues", payload: { ...issuesLabeled(repo, { label: "agent" }), action: "opened" } },
];

describe("the app's receiver", () => {
  it("enqueues what probot.receive enqueues for every event a payload decides, and builds no Octokit for them", async () => {
    const viaProbot = loaded();
    await viaProbot.load();
    const probotBefore = viaProbot.octokits.built;
    for (const delivery of PLAIN) await viaProbot.probot.receive(delivery as never);
    const direct = loaded();
    await direct.load();
    const before = direct.octokits.built;
    const receive = direct.app.receiverFor(direct.probot);
    for (const delivery of PLAIN) await receive(delivery);

    expect(direct.jobs).toEqual(viaProbot.jobs);
    expect(direct.jobs.map((j) => [j.id, j.trigger.kind])).toEqual([
      ["label", "issue-label"],
      ["comment", "issue-command"],
      ["review", "pr-review"],
      ["closed", "pr-closed"],
      ["check", "ci-failure"],
      ["status", "ci-failure"],
    ]);
    // Probot built one for each delivery it has a handler for (all but issues.opened); the receiver none.
    expect(viaProbot.octokits.built - probotBefore).toBe(PLAIN.length - 1);
    expect(direct.octokits.built).toBe(before);
    // Probot's debug line for each delivery is still written.
    expect(direct.lines.filter((l) => l.msg === "Webhook received").map((l) => (l.event as { id: string }).id)).toEqual(PLAIN.map((d) => d.id));
  });

  it("hands a delivery that needs GitHub's answer to Probot, whose Octokit asks it", async () => {
    const gh = githubRepo(OWNER, REPO);
    gh.token();
    nock(GITHUB_API).get(`/repos/${OWNER}/${REPO}/pulls/12`).reply(200, { number: 12, head: { ref: BOT_BRANCH } });
    nock(GITHUB_API)
      .get(`/repos/${OWNER}/${REPO}/pulls`)
      .query({ base: "main", state: "open", per_page: "100" })
      .reply(200, [{ head: { ref: BOT_BRANCH } }, { head: { ref: "someone/feature" } }]);
    const direct = loaded();
    await direct.load();
    const receive = direct.app.receiverFor(direct.probot);
    await receive({ id: "pr-comment", name: "issue_comment", payload: pullRequestCommentCreated(repo, { pr: 12, body: "/agent fix rename it", commentId: 6 }) });
    await receive({ id: "main-push", name: "push", payload: pushEvent(repo, { after: SHA }) });
    expect(direct.jobs.map((j) => [j.id, j.trigger])).toEqual([
      ["pr-comment", { kind: "pr-command", issue: 3, pr: 12, commentId: 6, command: "fix", instructions: "rename it", actor: { login: "Codertocat", isBot: false } }],
      ["main-push:3", { kind: "base-moved", issue: 3, headSha: SHA, actor: { login: "Codertocat", isBot: false } }],
    ]);
  });

  it("rejects when the queue fails, as probot.receive does, so the server answers 500", async () => {
    const failing = async () => {
      throw new Error("queue is down");
    };
    const viaProbot = loaded(failing);
    await viaProbot.load();
    const direct = loaded(failing);
    await direct.load();
    const delivery = PLAIN[0] as WebhookDelivery;
    await expect(viaProbot.probot.receive(delivery as never)).rejects.toThrow("queue is down");
    await expect(direct.app.receiverFor(direct.probot)(delivery)).rejects.toThrow("queue is down");
  });

  it("leaves a payload that is not an object to Probot, which refuses it", async () => {
    const direct = loaded();
    await direct.load();
    await expect(direct.app.receiverFor(direct.probot)({ id: "null", name: "issues", payload: null })).rejects.toThrow("Event name not passed");
  });

  it("is only had for a Probot the app was loaded into", () => {
    const { app, probot } = loaded();
    expect(() => app.receiverFor(probot)).toThrow("load the app");
  });
});
