import { describe, expect, it } from "vitest";
import { triggerFromComment, triggerFromLabel } from "../../../src/github/triggers.js";
import { issueCommentCreated, issuesLabeled } from "../../helpers/payloads.js";

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
});
