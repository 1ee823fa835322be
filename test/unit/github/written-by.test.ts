import { describe, expect, it } from "vitest";
import { writtenBy } from "../../../src/github/octokit-client.js";

const app = { kind: "app", appId: 42 } as const;
const bot = (login: string, via: { id: number; slug: string } | null) => ({ user: { login, type: "Bot" }, performed_via_github_app: via });

describe("writtenBy", () => {
  it("server mode: only the app's own GitHub App, through a bot user", () => {
    expect(writtenBy(app, bot("stacksmith[bot]", { id: 42, slug: "stacksmith" }))).toBe(true);
    expect(writtenBy(app, bot("stacksmith[bot]", { id: 43, slug: "stacksmith" }))).toBe(false);
    expect(writtenBy(app, bot("github-actions[bot]", { id: 15368, slug: "github-actions" }))).toBe(false);
    expect(writtenBy(app, bot("stacksmith[bot]", null))).toBe(false);
    expect(writtenBy(app, { user: { login: "stacksmith[bot]", type: "User" }, performed_via_github_app: { id: 42, slug: "stacksmith" } })).toBe(false);
  });

  it("Action mode: any app's bot, since only the state's signature can tell", () => {
    expect(writtenBy({ kind: "actions" }, bot("github-actions[bot]", { id: 15368, slug: "github-actions" }))).toBe(true);
    expect(writtenBy({ kind: "actions" }, { user: { login: "mallory", type: "User" }, performed_via_github_app: null })).toBe(false);
  });
});
