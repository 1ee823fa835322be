import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { CONFLICT_MARKERS } from "../../src/edit/three-way-merge.js";
import type { JobQueue } from "../../src/queue/job-queue.js";
import { createInProcessQueue } from "../../src/runtime.js";
import { scriptAnthropic, text, toolUse, type ScriptedTurn } from "../helpers/anthropic-mock.js";
import { createBareRepo, git, startGitServer, type GitServer } from "../helpers/git-server.js";
import { GitHubFake, type EndpointGroup } from "../helpers/github-fake.js";
import { INSTALLATION_TOKEN } from "../helpers/github-mock.js";
import { useHttpMocks } from "../helpers/http-mock.js";
import { issueCommentCreated, issuesLabeled, pushEvent } from "../helpers/payloads.js";
import { testProbot } from "../helpers/probot.js";
import { testEnv } from "../helpers/test-env.js";
import { block } from "../helpers/edit-answer.js";

/**
 * The default branch moves while a stack waits for review: the stack is rebased when its lowest
 * part no longer merges cleanly (autoRebase), or when a maintainer asks (`/agent rebase`).
 */

const OWNER = "Codertocat";
const OPEN: EndpointGroup[] = ["token", "config", "permission", "comments", "new-comment", "reactions", "issue", "open-pulls", "pulls", "stack-create"];
const FILES = { "calc.py": "x = 1\n\n\ndef f():\n    return x\n", "b.txt": "b\n", "notes.txt": "notes\n" };
const [B1, B2] = ["stacksmith/issue-1/1-change-x", "stacksmith/issue-1/2-change-b"];

useHttpMocks();
let server: GitServer;
let probot: Probot;
let queue: JobQueue;

beforeAll(async () => {
  server = await startGitServer({ token: INSTALLATION_TOKEN });
});
afterAll(async () => {
  await server.close();
});

async function restart(): Promise<void> {
  probot = testProbot();
  const env = testEnv(server.url, { STACKSMITH_CONCURRENCY: "1" });
  await probot.load(createApp((p) => (queue = createInProcessQueue(p, env))));
}

async function deliver(id: string, name: string, payload: unknown): Promise<void> {
  await probot.receive({ id, name, payload } as never);
  await queue.drain();
}

const edit = (path: string, from: string, to: string, why = `Changes ${path}.`): ScriptedTurn => ({ content: [text(`${why}\n${block(path, from, to)}`)] });
const PLAN: ScriptedTurn = {
  content: [toolUse("p", "submit_plan", { subtasks: [{ title: "Change x", goal: "x = 2", files: ["calc.py"], why: "" }, { title: "Change b", goal: "B", files: ["b.txt"], why: "" }] })],
};
const resolution = edit("calc.py", [CONFLICT_MARKERS.newBase, "x = 5", CONFLICT_MARKERS.oldBase, "x = 1", CONFLICT_MARKERS.divider, "x = 2", CONFLICT_MARKERS.part].join("\n"), "x = 10", "main made x 5; this part doubles it.");

function pushAs(bare: string, branch: string, path: string, content: string): string {
  const work = mkdtempSync(join(tmpdir(), "person-"));
  try {
    git(work, ["clone", "-q", "--branch", branch, bare, "."]);
    writeFileSync(join(work, path), content);
    git(work, ["commit", "-qam", "Someone's change on main"]);
    git(work, ["push", "-q", "origin", branch]);
    return git(work, ["rev-parse", "HEAD"]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function openStack(name: string, config: string | null = null) {
  await restart();
  const bare = createBareRepo(server, OWNER, name, [{ message: "initial", files: FILES }]);
  const fake = new GitHubFake(OWNER, name, bare, { number: 1, title: "Double x", body: "x should be 2." });
  fake.config = config;
  const ref = { owner: OWNER, name, cloneUrl: server.repoUrl(OWNER, name) };
  fake.serve(OPEN);
  scriptAnthropic([PLAN, edit("calc.py", "x = 1", "x = 2"), edit("b.txt", "b", "B")]);
  await deliver("label-1", "issues", issuesLabeled(ref, { label: "agent" }));
  const head = (branch: string) => git(bare, ["rev-parse", branch]);
  return { bare, fake, ref, head, show: (branch: string, path: string) => git(bare, ["show", `${branch}:${path}`]) };
}

describe("the default branch moves", () => {
  it("rebases the stack when part 1 no longer merges cleanly, resolving the conflict, and tells the reviewers in one line", async () => {
    const { bare, fake, ref, head, show } = await openStack("moved-conflict");
    const main = pushAs(bare, "main", "calc.py", "x = 5\n\n\ndef f():\n    return x\n");
    fake.serve(["pull", "pr-comments"]);
    scriptAnthropic([resolution]);
    await deliver("push-1", "push", pushEvent(ref, { after: main }));

    expect(git(bare, ["rev-parse", `${B1}^`])).toBe(main);
    expect(show(B1, "calc.py")).toBe("x = 10\n\n\ndef f():\n    return x");
    expect(git(bare, ["rev-parse", `${B2}^`])).toBe(head(B1));
    expect(show(B2, "b.txt")).toBe("B");
    const said = fake.prComments.filter((c) => c.pr === 101).map((c) => c.body);
    expect(said).toHaveLength(2);
    expect(said[0]).toContain("Both changed the same lines of `calc.py`");
    expect(said[1]).toBe(`Stacksmith rebased this stack (#101, #102) onto \`main\` at ${main.slice(0, 7)}, because \`main\` moved on and no longer merged cleanly with it.`);
  });

  it("leaves a stack that still merges cleanly as it is", async () => {
    const { bare, fake, ref, head } = await openStack("moved-clean");
    const before = [head(B1), head(B2)];
    const writes = fake.writes.length;
    const main = pushAs(bare, "main", "notes.txt", "notes, edited\n");
    fake.serve(["pull"]);
    // No model turn is scripted: a model call would be an unmatched request.
    await deliver("push-1", "push", pushEvent(ref, { after: main }));
    expect([head(B1), head(B2)]).toEqual(before);
    expect(fake.writes.slice(writes)).toEqual([]);
  });

  it("with `autoRebase: false` waits for `/agent rebase`, then rebases the stack", async () => {
    const { bare, fake, ref, head, show } = await openStack("moved-asked", "autoRebase: false\n");
    const before = [head(B1), head(B2)];
    const main = pushAs(bare, "main", "calc.py", "x = 5\n\n\ndef f():\n    return x\n");
    await deliver("push-1", "push", pushEvent(ref, { after: main }));
    expect([head(B1), head(B2)]).toEqual(before);

    fake.serve(["pr-comments"]);
    scriptAnthropic([resolution]);
    await deliver("rebase-1", "issue_comment", issueCommentCreated(ref, { body: "/agent rebase", commentId: 5151 }));
    expect(git(bare, ["rev-parse", `${B1}^`])).toBe(main);
    expect(show(B1, "calc.py")).toBe("x = 10\n\n\ndef f():\n    return x");
    expect(git(bare, ["rev-parse", `${B2}^`])).toBe(head(B1));
    expect(fake.prComments.at(-1)?.body).toBe(`Stacksmith rebased this stack (#101, #102) onto \`main\` at ${main.slice(0, 7)}, as @Codertocat asked.`);
    expect(fake.progress).toContain("Rebased #101, #102 onto `main`");
  });
});
