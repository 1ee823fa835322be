import { describe, expect, it } from "vitest";
import { triggerFromClosed, triggerFromComment, triggerFromLabel, triggersFromPush } from "../../../src/github/triggers.js";
import { issueCommentCreated, issuesLabeled, pullRequestClosed, pushEvent } from "../../helpers/payloads.js";

const repo = { owner: "acme", name: "widgets", cloneUrl: "https://github.com/acme/widgets.git" };

describe("triggers", () => {
  it("turns a labelled issue into a job carrying no token", () => {
    const job = triggerFromLabel("d1", issuesLabeled(repo, { label: "agent", issue: 7, installationId: 42 }) as never);
    expect(job).toMatchObject({
      id: "d1",
      installationId: 42,
      repo: { owner: "acme", name: "widgets", cloneUrl: repo.cloneUrl, defaultBranch: "main", private: false, archived: false },
      trigger: { kind: "issue-label", issue: 7, label: "agent", actor: { login: "Codertocat", isBot: false } },
    });
    expect(JSON.stringify(job)).not.toMatch(/token/i);
  });

  it("ignores labels added by bots, labels on pull requests and payloads without an installation", () => {
    const byBot = issuesLabeled(repo, { label: "agent" });
    byBot.sender = { login: "stacksmith[bot]", type: "Bot" };
    expect(triggerFromLabel("d", byBot as never)).toBeNull();
    const onPr = issuesLabeled(repo, { label: "agent" });
    (onPr.issue as Record<string, unknown>).pull_request = { url: "x" };
    expect(triggerFromLabel("d", onPr as never)).toBeNull();
    const noInstallation = issuesLabeled(repo, { label: "agent" });
    delete noInstallation.installation;
    expect(triggerFromLabel("d", noInstallation as never)).toBeNull();
  });

  it("turns `/agent fix` in a comment into a job with its instructions", () => {
    const job = triggerFromComment("d2", issueCommentCreated(repo, { body: "/agent fix use the cache", commentId: 5 }) as never);
    expect(job?.trigger).toMatchObject({ kind: "issue-command", commentId: 5, instructions: "use the cache" });
  });

  it("ignores comments without the command and comments by bots", () => {
    expect(triggerFromComment("d", issueCommentCreated(repo, { body: "> /agent fix" }) as never)).toBeNull();
    const byBot = issueCommentCreated(repo, { body: "/agent fix" });
    (byBot.comment as Record<string, unknown>).user = { login: "stacksmith[bot]", type: "Bot" };
    expect(triggerFromComment("d", byBot as never)).toBeNull();
  });

  it("carries a merged pull request's native stack from the webhook's `stack` object, and nothing that is not one", () => {
    const stack = { id: 9042, number: 42, size: 3, position: 1, base: { ref: "main", sha: "a".repeat(40) } };
    const head = "stacksmith/issue-3/1-change-a";
    expect(triggerFromClosed("d", pullRequestClosed(repo, { pr: 101, head, merged: true, stack }) as never)?.trigger).toMatchObject({ kind: "pr-closed", issue: 3, pr: 101, stack: 42 });
    expect(triggerFromClosed("d", pullRequestClosed(repo, { pr: 101, head, merged: true }) as never)?.trigger).toMatchObject({ stack: null });
    const odd = pullRequestClosed(repo, { pr: 101, head, merged: true });
    (odd.pull_request as Record<string, unknown>).stack = { number: "42" };
    expect(triggerFromClosed("d", odd as never)?.trigger).toMatchObject({ stack: null });
  });

  it("turns new commits on the default branch into one job per stack based on it, and ignores other branches", async () => {
    const heads = async () => ["stacksmith/issue-3/1-change-a", "stacksmith/issue-3/2-change-b", "stacksmith/issue-9/1-fix", "someone/feature"];
    const jobs = await triggersFromPush("d3", pushEvent(repo, { after: "b".repeat(40) }) as never, heads);
    expect(jobs.map((j) => [j.id, j.trigger])).toEqual([
      ["d3:3", { kind: "base-moved", issue: 3, headSha: "b".repeat(40), actor: { login: "Codertocat", isBot: false } }],
      ["d3:9", { kind: "base-moved", issue: 9, headSha: "b".repeat(40), actor: { login: "Codertocat", isBot: false } }],
    ]);
    expect(await triggersFromPush("d4", pushEvent(repo, { after: "b".repeat(40), branch: "feature" }) as never, heads)).toEqual([]);
  });
});
