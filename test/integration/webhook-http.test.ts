import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeMiddleware } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import type { Job } from "../../src/queue/job.js";
import type { JobQueue } from "../../src/queue/job-queue.js";
import { createInProcessQueue } from "../../src/runtime.js";
import { scriptAnthropic, text, toolUse } from "../helpers/anthropic-mock.js";
import { createBareRepo, git, startGitServer, type GitServer } from "../helpers/git-server.js";
import { githubRepo, INSTALLATION_TOKEN } from "../helpers/github-mock.js";
import { useHttpMocks } from "../helpers/http-mock.js";
import { testEnv } from "../helpers/test-env.js";
import { issuesLabeled } from "../helpers/payloads.js";
import { testProbot, WEBHOOK_SECRET } from "../helpers/probot.js";
import { postWebhook, sign } from "../helpers/webhook-post.js";

const OWNER = "Codertocat";
const REPO = "over-http";
const ANSWER = ["Greets politely.", "```", "### hello.txt", "<<<<<<< SEARCH", "hi", "=======", "hello", ">>>>>>> REPLACE", "```"].join("\n");

useHttpMocks();
let gitServer: GitServer;
let http: Server;
let url: string;
let queue: JobQueue;
const enqueued: Job[] = [];

beforeAll(async () => {
  gitServer = await startGitServer({ token: INSTALLATION_TOKEN });
  createBareRepo(gitServer, OWNER, REPO, [{ message: "initial", files: { "hello.txt": "hi\n" } }]);
  const env = testEnv(gitServer.url);
  const middleware = await createNodeMiddleware(
    createApp((probot) => {
      const inner = createInProcessQueue(probot, env);
      queue = {
        enqueue: (job) => {
          enqueued.push(job);
          return inner.enqueue(job);
        },
        drain: () => inner.drain(),
        close: () => inner.close(),
      };
      return queue;
    }),
    { probot: testProbot() },
  );
  http = createServer((req, res) => {
    void middleware(req, res, () => res.writeHead(404).end());
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/api/github/webhooks`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => http.close(() => resolve()));
  await gitServer.close();
});

function delivery(id: string) {
  return { id, name: "issues", payload: issuesLabeled({ owner: OWNER, name: REPO, cloneUrl: gitServer.repoUrl(OWNER, REPO) }, { label: "agent" }) };
}

describe("webhooks over HTTP", () => {
  it("rejects a missing signature with 400 and enqueues nothing", async () => {
    const response = await postWebhook(url, delivery("no-signature"), null);
    expect(response.status).toBe(400);
    expect(enqueued).toEqual([]);
  });

  it("rejects a bad signature with 400 and enqueues nothing", async () => {
    const response = await postWebhook(url, delivery("bad-signature"), (body) => sign("not-the-secret", body));
    expect(response.status).toBe(400);
    expect(enqueued).toEqual([]);
  });

  it("acknowledges a signed delivery at once and runs the job in the background", async () => {
    const gh = githubRepo(OWNER, REPO);
    gh.token();
    gh.config(null);
    gh.permission("Codertocat", "write");
    gh.listComments(1);
    gh.reaction("issues/1");
    gh.comment(1);
    gh.issue(1, "Say hello", "");
    gh.commentUpdates(9001, 3);
    gh.noOpenPull("stacksmith/issue-1/1-say-hello");
    gh.createPull(5);
    scriptAnthropic([
      { content: [toolUse("p", "submit_plan", { subtasks: [{ title: "Say hello", goal: "Greet politely.", files: ["hello.txt"], why: "" }] })] },
      { content: [text(ANSWER)] },
    ]);

    const response = await postWebhook(url, delivery("signed"), (body) => sign(WEBHOOK_SECRET, body));
    expect(response.status).toBe(200);
    expect(enqueued.map((j) => j.id)).toEqual(["signed"]);
    await queue.drain();
    expect(git(gitServer.repoPath(OWNER, REPO), ["show", "stacksmith/issue-1/1-say-hello:hello.txt"])).toBe("hello");
    expect(gh.recorded.pullRequests[0]).toMatchObject({ head: "stacksmith/issue-1/1-say-hello", draft: true });
  });
});
