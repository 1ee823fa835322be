import nock from "nock";
import { ProbotOctokit } from "probot";
import { describe, expect, it } from "vitest";
import { StacksmithOctokit } from "../../../src/github/octokit.js";
import { GITHUB_API } from "../../helpers/github-mock.js";
import { useHttpMocks } from "../../helpers/http-mock.js";

useHttpMocks();

/** The throttle options a Probot app passes: on a secondary rate limit it only logs and gives up. */
const probotThrottle = { onRateLimit: () => false, onSecondaryRateLimit: () => false };
const SECONDARY = { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." };

describe("StacksmithOctokit", () => {
  it("retries a request that hit the secondary rate limit after GitHub's retry-after", async () => {
    nock(GITHUB_API).get("/repos/o/r").reply(403, SECONDARY, { "retry-after": "1" });
    nock(GITHUB_API).get("/repos/o/r").reply(200, { full_name: "o/r" });
    const octokit = new StacksmithOctokit({ auth: "token", retry: { enabled: false }, throttle: probotThrottle });
    const { data } = await octokit.request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" });
    expect(data).toEqual({ full_name: "o/r" });
  });

  it("where Probot's own Octokit, with the same options, fails the request", async () => {
    nock(GITHUB_API).get("/repos/o/r").reply(403, SECONDARY, { "retry-after": "1" });
    const octokit = new ProbotOctokit({ auth: "token", retry: { enabled: false }, throttle: probotThrottle });
    await expect(octokit.request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" })).rejects.toMatchObject({ status: 403 });
  });

  it("gives up when GitHub asks to wait too long", async () => {
    nock(GITHUB_API).get("/repos/o/r").reply(403, SECONDARY, { "retry-after": "3600" });
    const octokit = new StacksmithOctokit({ auth: "token", retry: { enabled: false }, throttle: probotThrottle });
    await expect(octokit.request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" })).rejects.toMatchObject({ status: 403 });
  });
});
