import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { CONFLICT_MARKERS } from "../../src/edit/three-way-merge.js";
import { parseProgress } from "../../src/github/progress-comment.js";
import type { JobQueue } from "../../src/queue/job-queue.js";
import { createInProcessQueue } from "../../src/runtime.js";
import { scriptAnthropic, text, toolUse, type ScriptedTurn } from "../helpers/anthropic-mock.js";
import { createBareRepo, git, startGitServer, type GitServer } from "../helpers/git-server.js";
import { GitHubFake, type EndpointGroup } from "../helpers/github-fake.js";
import { INSTALLATION_TOKEN } from "../helpers/github-mock.js";
import { useHttpMocks } from "../helpers/http-mock.js";
import { issuesLabeled, pullRequestClosed, pullRequestCommentCreated, reviewSubmitted } from "../helpers/payloads.js";
import { testProbot } from "../helpers/probot.js";
import { testEnv, testSeal } from "../helpers/test-env.js";
import { block } from "../helpers/edit-answer.js";

/**
 * The restack cases stack tools get wrong: the rebase boundary after squash and rebase merges,
 * every level in one pass, the order of retarget and push, a branch a person pushed to, and a
 * conflict given to the model. Real Probot plumbing, the real git server, native git to check.
 */

const OWNER = "Codertocat";
const OPEN: EndpointGroup[] = ["token", "config", "permission", "comments", "new-comment", "reactions", "issue", "open-pulls", "pulls", "stack-create"];
const CALC = "x = 1\n\n\ndef f():\n    return x\n";

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
const plan = (parts: Array<{ title: string; file: string }>): ScriptedTurn => ({
  content: [toolUse("p", "submit_plan", { subtasks: parts.map((p) => ({ title: p.title, goal: p.title, files: [p.file], why: "" })) })],
});

/** A repository, its stand-in GitHub, and an open stack of the given parts. */
async function openStack(name: string, files: Record<string, string>, parts: Array<{ title: string; file: string }>, edits: ScriptedTurn[]) {
  await restart();
  const bare = createBareRepo(server, OWNER, name, [{ message: "initial", files }]);
  const fake = new GitHubFake(OWNER, name, bare, { number: 1, title: "Change the files", body: "Change them." });
  const ref = { owner: OWNER, name, cloneUrl: server.repoUrl(OWNER, name) };
  fake.serve(OPEN);
  scriptAnthropic([plan(parts), ...edits]);
  await deliver("label-1", "issues", issuesLabeled(ref, { label: "agent" }));
  const head = (branch: string) => git(bare, ["rev-parse", branch]);
  const show = (branch: string, path: string) => git(bare, ["show", `${branch}:${path}`]);
  const state = () => parseProgress(fake.progress, testSeal(OWNER, name, 1));
  return { bare, fake, ref, head, show, state };
}

function pushAs(bare: string, branch: string, path: string, content: string): string {
  const work = mkdtempSync(join(tmpdir(), "person-"));
  try {
    git(work, ["clone", "-q", "--branch", branch, bare, "."]);
    writeFileSync(join(work, path), content);
    git(work, ["commit", "-qam", "A person's change"]);
    git(work, ["push", "-q", "origin", branch]);
    return git(work, ["rev-parse", "HEAD"]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const branch = (k: number, slug: string) => `stacksmith/issue-1/${k}-${slug}`;

describe("restacking after a merge", () => {
  it("takes the boundary from GitHub's record of the merged head: a revision pushed after the merge stays in the part above", async () => {
    const [B1, B2] = [branch(1, "change-a"), branch(2, "change-b")];
    const { fake, ref, head, show } = await openStack("boundary", { "a.txt": "a\n", "b.txt": "b\n" }, [{ title: "Change a", file: "a.txt" }, { title: "Change b", file: "b.txt" }], [edit("a.txt", "a", "A"), edit("b.txt", "b", "B")]);
    // A review on part 1 is being worked on when a maintainer squash-merges part 1 as it was.
    fake.reviews.push({ id: 7001, pr: 101, state: "changes_requested", body: "Double it.", user: "ana", comments: [{ id: 8001, path: "a.txt", line: 1, body: "AA" }] });
    fake.serve(["reviews"]);
    let mergedAt = "";
    scriptAnthropic([{ ...edit("a.txt", "A", "AA"), before: () => (mergedAt = fake.merge(101, "squash").headSha) }]);
    await deliver("review-1", "pull_request_review", reviewSubmitted(ref, { pr: 101, head: B1, reviewId: 7001, state: "changes_requested", reviewer: "ana" }));
    // The revision landed on part 1's branch after the merge, and part 2 was moved onto it.
    expect(show(B1, "a.txt")).toBe("AA");
    expect(git(fake.bare, ["rev-parse", `${B2}^`])).toBe(head(B1));
    expect(show("main", "a.txt")).toBe("A");

    fake.serve(["pull"]);
    await deliver("merged-1", "pull_request", pullRequestClosed(ref, { pr: 101, head: B1, merged: true }));
    // Part 2 now sits on main and still holds the revision main never got.
    expect(git(fake.bare, ["rev-parse", `${B2}^`])).toBe(head("main"));
    expect([show(B2, "a.txt"), show(B2, "b.txt")]).toEqual(["AA", "B"]);
    expect(fake.progress).toContain(`#101 was merged at ${mergedAt.slice(0, 7)}, below the commit part 2 was built on; part 2 keeps the changes in between.`);
  });

  it("moves every level above in one pass after a rebase merge, retargeting the next part before it pushes, one body update each", async () => {
    const slugs = ["change-a", "change-b", "change-c", "change-d", "change-e"];
    const files = { ...Object.fromEntries(["a", "b", "c", "d", "e"].map((f) => [`${f}.txt`, `${f}\n`])), "notes.txt": "notes\n" };
    const parts = ["a", "b", "c", "d", "e"].map((f) => ({ title: `Change ${f}`, file: `${f}.txt` }));
    const { fake, ref, head, show } = await openStack("five", files, parts, ["a", "b", "c", "d", "e"].map((f) => edit(`${f}.txt`, f, f.toUpperCase())));
    const B = slugs.map((s, i) => branch(i + 1, s));
    const before = B.map((b) => head(b));
    // main moves on, then part 1 is rebase-merged: its commit is replayed, and is not on part 2's branch.
    pushAs(fake.bare, "main", "notes.txt", "notes, edited on main\n");
    fake.merge(101, "rebase");
    expect(() => git(fake.bare, ["merge-base", "--is-ancestor", before[0] ?? "", "main"])).toThrow();
    const updates = fake.pullUpdates.length;
    fake.serve(["pull"]);
    await deliver("merged-1", "pull_request", pullRequestClosed(ref, { pr: 101, head: B[0] ?? "", merged: true }));

    // Every level sits on the one below, the lowest on main; each holds its own change and those below.
    expect(git(fake.bare, ["rev-parse", `${B[1]}^`])).toBe(head("main"));
    for (let k = 3; k <= 5; k++) expect(git(fake.bare, ["rev-parse", `${B[k - 1]}^`])).toBe(head(B[k - 2] ?? ""));
    expect(["a", "b", "c", "d", "e"].map((f) => show(B[4] ?? "", `${f}.txt`))).toEqual(["A", "B", "C", "D", "E"]);
    expect(git(fake.bare, ["diff", "--name-only", "main", B[1] ?? ""])).toBe("b.txt");
    // The retarget is the first change, made while part 2's branch was still as the app left it.
    const edits = fake.pullUpdates.slice(updates);
    expect(edits[0]).toEqual({ number: 102, fields: { base: "main" }, headSha: before[1] });
    expect(edits.slice(1).map((u) => [u.number, Object.keys(u.fields)])).toEqual([
      [102, ["body"]],
      [103, ["body"]],
      [104, ["body"]],
      [105, ["body"]],
    ]);
  });
});

describe("a branch a person pushed to", () => {
  it("is never rewritten, is offered `/agent restack` once, and gets the new base merged in when asked", async () => {
    const [B1, B2, B3] = [branch(1, "change-a"), branch(2, "change-b"), branch(3, "change-c")];
    const { bare, fake, ref, head, show, state } = await openStack(
      "person",
      { "a.txt": "a\n", "b.txt": "b\n", "c.txt": "c\n" },
      ["a", "b", "c"].map((f) => ({ title: `Change ${f}`, file: `${f}.txt` })),
      ["a", "b", "c"].map((f) => edit(`${f}.txt`, f, f.toUpperCase())),
    );
    const theirs = pushAs(bare, B2, "b.txt", "B, and a person's line\n");
    const h3 = head(B3);
    fake.merge(101, "squash");
    fake.serve(["pull", "pr-comments"]);
    await deliver("merged-1", "pull_request", pullRequestClosed(ref, { pr: 101, head: B1, merged: true }));
    expect([head(B2), head(B3)]).toEqual([theirs, h3]);
    expect(fake.prComments.map((c) => c.pr)).toEqual([102]);
    expect(fake.prComments[0]?.body).toContain("this branch has commits from someone else, so Stacksmith did not rebase it");
    expect(fake.prComments[0]?.body).toContain("Comment `/agent restack` here and it will merge `main` into this branch instead");

    await deliver("restack-2", "issue_comment", pullRequestCommentCreated(ref, { pr: 102, body: "/agent restack", commentId: 4343 }));
    // A merge commit on top of the person's commit: their history is kept, main is in it.
    expect(git(bare, ["rev-list", "--parents", "-n", "1", B2]).split(" ").slice(1)).toEqual([theirs, head("main")]);
    expect([show(B2, "a.txt"), show(B2, "b.txt")]).toEqual(["A", "B, and a person's line"]);
    // The app's own part 3 is rebased onto it.
    expect(git(bare, ["rev-parse", `${B3}^`])).toBe(head(B2));
    expect(show(B3, "c.txt")).toBe("C");
    expect(fake.prComments.at(-1)?.body).toContain(`Stacksmith merged \`main\` (${head("main").slice(0, 7)}) into this branch`);
    expect(state()?.subtasks[1]?.handsOff).toBe(true);
  });
});

describe("a conflicting restack", () => {
  const parts = [
    { title: "Change f", file: "calc.py" },
    { title: "Change x", file: "calc.py" },
  ];
  const edits = [edit("calc.py", "    return x", "    return x + 1"), edit("calc.py", "x = 1", "x = 2")];
  const review = { id: 7001, pr: 101, state: "changes_requested", body: "x should be 10.", user: "ana", comments: [{ id: 8001, path: "calc.py", line: 1, body: "x = 10" }] };
  const marked = [CONFLICT_MARKERS.newBase, "x = 10", CONFLICT_MARKERS.oldBase, "x = 1", CONFLICT_MARKERS.divider, "x = 2", CONFLICT_MARKERS.part].join("\n");

  it("gives the conflict to the model with both sides, checks its answer, pushes it and explains it on the pull request", async () => {
    const [B1, B2] = [branch(1, "change-f"), branch(2, "change-x")];
    const { fake, ref, head, show } = await openStack("conflict", { "calc.py": CALC }, parts, edits);
    fake.reviews.push(review);
    fake.serve(["reviews", "pr-comments"]);
    const model = scriptAnthropic([edit("calc.py", "x = 1", "x = 10"), edit("calc.py", marked, "x = 20", "Both raise x; 20 keeps part 2's doubling of the new 10.")]);
    await deliver("review-1", "pull_request_review", reviewSubmitted(ref, { pr: 101, head: B1, reviewId: 7001, state: "changes_requested", reviewer: "ana" }));

    const prompt = JSON.stringify(model.requests[1]);
    expect(prompt).toContain(marked.split("\n").join("\\n"));
    expect(prompt).toContain("WHAT THE NEW BASE CHANGED IN calc.py");
    expect(prompt).toContain("-x = 1\\n+x = 10");
    expect(prompt).toContain("-x = 1\\n+x = 2");
    expect(git(fake.bare, ["rev-parse", `${B2}^`])).toBe(head(B1));
    expect(show(B2, "calc.py")).toBe("x = 20\n\n\ndef f():\n    return x + 1");
    expect(git(fake.bare, ["log", "-1", "--format=%B", B2])).toContain(`Resolved conflicts with ${B1} in calc.py.`);
    expect(fake.prComments.map((c) => c.pr)).toEqual([102]);
    expect(fake.prComments[0]?.body).toContain("Both changed the same lines of `calc.py`; it resolved them as follows");
    expect(fake.prComments[0]?.body).toContain("Both raise x; 20 keeps part 2's doubling of the new 10.");
    expect(fake.progress).toContain("Resolved conflicts of #102");
  });

  it("refuses an answer that does not parse or leaves markers, and says on the pull request which files still conflict", async () => {
    const [B1, B2] = [branch(1, "change-f"), branch(2, "change-x")];
    const { fake, ref, head } = await openStack("unresolved", { "calc.py": CALC }, parts, edits);
    const h2 = head(B2);
    fake.reviews.push(review);
    fake.serve(["reviews", "pr-comments"]);
    const model = scriptAnthropic([
      edit("calc.py", "x = 1", "x = 10"),
      edit("calc.py", marked, "x = = 20"),
      edit("calc.py", "x = = 20", `${CONFLICT_MARKERS.newBase}\nx = 20`),
      edit("calc.py", `${CONFLICT_MARKERS.newBase}\nx = 20`, "x = = 20"),
    ]);
    await deliver("review-1", "pull_request_review", reviewSubmitted(ref, { pr: 101, head: B1, reviewId: 7001, state: "changes_requested", reviewer: "ana" }));

    // Each answer is checked against the new base's version of the file, and what is wrong goes back to the model.
    expect(JSON.stringify(model.requests[2])).toContain("calc.py, line 1, column 5: a syntax error");
    expect(JSON.stringify(model.requests[3])).toContain("calc.py, line 1, column 1: a conflict marker left in");
    expect(head(B2)).toBe(h2);
    expect(fake.prComments.map((c) => c.pr)).toEqual([102]);
    expect(fake.prComments[0]?.body).toContain("Stacksmith could not move this part onto `stacksmith/issue-1/1-change-f`: both changed the same lines of `calc.py`");
    expect(fake.prComments[0]?.body).toContain("after 3 attempts the model's edits still leave a syntax error in calc.py at line 1");
    expect(fake.progress).toContain("Part 2 (#102) conflicts with");
  });
});
