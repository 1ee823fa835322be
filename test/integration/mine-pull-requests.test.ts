import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RestPullRequestSource } from "../../src/github/rest-pull-request-source.js";
import { jsonLines, runStacksmith } from "../helpers/cli-run.js";
import { useHttpMocks } from "../helpers/http-mock.js";
import { APP_V1, APP_V2, buildKnownHistory, README, type KnownHistory } from "../helpers/known-history.js";

useHttpMocks();

let history: KnownHistory;
beforeAll(() => {
  history = buildKnownHistory();
});
afterAll(() => history.cleanup());

const sha = (label: string): string => history.sha[label] ?? "";

function pr(number: number, fields: { title: string; body?: string | null; login?: string; merged?: boolean; sha?: string | null; updated?: string }) {
  return {
    number,
    title: fields.title,
    body: fields.body ?? null,
    html_url: `https://github.com/acme/greeter/pull/${number}`,
    user: { login: fields.login ?? "ada" },
    merged_at: fields.merged === false ? null : "2024-02-01T10:00:00Z",
    updated_at: fields.updated ?? "2024-02-02T10:00:00Z",
    merge_commit_sha: fields.sha === undefined ? null : fields.sha,
  };
}

describe("stacksmith mine with a GitHub token: merged pull requests and their issues", () => {
  it("takes each merged pull request's change from the clone and its task from the pull request and the issues it closes", async () => {
    const api = nock("https://api.github.com", { reqheaders: { authorization: "Bearer ghp_test" } });
    api
      .get("/repos/acme/greeter/pulls")
      .query({ state: "closed", sort: "updated", direction: "desc", per_page: "100", page: "1" })
      .reply(200, [
        pr(10, { title: "Document greet", body: "Docs for greet. Closes #11", sha: sha("merge") }),
        pr(13, { title: "Abandoned idea", merged: false }),
        pr(12, { title: "Lost commit", sha: "f".repeat(40) }),
        pr(9, { title: "Bump requests", login: "dependabot[bot]", sha: sha("bot") }),
        pr(7, { title: "Greet with a comma", body: "Fixes #3 and fixes acme/other#4.", sha: sha("greet") }),
      ]);
    api.get("/repos/acme/greeter/issues/11").reply(200, { number: 11, title: "a pull request", body: "", pull_request: { url: "x" } });
    api.get("/repos/acme/greeter/pulls/7").reply(200, { number: 7, commits: 1 });
    api.get("/repos/acme/greeter/issues/3").reply(200, { number: 3, title: "The greeting looks bare", body: "It should say Hello, Ada!" });

    const run = await runStacksmith(["mine", "--repo", history.dir, "--github", "acme/greeter", "--out", "-", "--context-files", "0", "--quiet"], { env: { GITHUB_TOKEN: "ghp_test" } });
    expect(run.stderr).toBe("mined 2 records (2 pull requests) from 4 changes; skipped 2 (not-found 1, bot 1)\n");
    expect(run.code).toBe(0);
    const records = jsonLines(run.stdout) as Record<string, unknown>[];
    expect(records.map((r) => [r.id, r.base_sha, r.head_sha])).toEqual([
      [expect.stringMatching(/#10$/), sha("binary"), sha("merge")],
      [expect.stringMatching(/#7$/), sha("root"), sha("greet")],
    ]);
    expect(records[0]).toMatchObject({
      task: "Document greet\n\nDocs for greet. Closes #11",
      source: { kind: "pull_request", number: 10, url: "https://github.com/acme/greeter/pull/10", author: "ada", merged_at: "2024-02-01T10:00:00Z", issues: [] },
      changed_files: [{ path: "README.md", old_content: README, new_content: `${README}\nUse greet(name) to say hello.\n` }],
    });
    expect(records[1]).toMatchObject({
      task: "Greet with a comma\n\nFixes #3 and fixes acme/other#4.\n\nIssue #3: The greeting looks bare\n\nIt should say Hello, Ada!",
      source: { kind: "pull_request", number: 7, issues: [3] },
      changed_files: [{ path: "src/app.py", old_content: APP_V1, new_content: APP_V2 }],
    });
  });

  it("shows progress toward the merged pull requests GitHub's search counts, and a count alone when the search is refused", async () => {
    const list = [pr(10, { title: "Document greet", sha: sha("merge") }), pr(7, { title: "Greet with a comma", sha: sha("greet") })];
    const api = nock("https://api.github.com", { reqheaders: { authorization: "Bearer ghp_test" } });
    api.get("/search/issues").query({ q: "repo:acme/greeter is:pr is:merged merged:>=2024-01-05T00:00:00Z", per_page: "1" }).reply(200, { total_count: 2, incomplete_results: false, items: [] });
    api.get("/repos/acme/greeter/pulls").query(true).reply(200, list);
    api.get("/repos/acme/greeter/pulls/7").reply(200, { number: 7, commits: 1 });
    const counted = await runStacksmith(["mine", "--repo", history.dir, "--github", "acme/greeter", "--since", "2024-01-05", "--out", "-", "--context-files", "0"], { env: { GITHUB_TOKEN: "ghp_test" } });
    expect(counted.code).toBe(0);
    expect(counted.stderr.split("\n").filter((l) => l.startsWith("[")).at(-1)).toMatch(/^\[#{24}\] 2\/2 pull requests, 2 records, took \d+s$/);

    api.get("/search/issues").query(true).reply(403, { message: "API rate limit exceeded" });
    api.get("/repos/acme/greeter/pulls").query(true).reply(200, list);
    api.get("/repos/acme/greeter/pulls/7").reply(200, { number: 7, commits: 1 });
    const uncounted = await runStacksmith(["mine", "--repo", history.dir, "--github", "acme/greeter", "--out", "-", "--context-files", "0"], { env: { GITHUB_TOKEN: "ghp_test" } });
    expect(uncounted).toMatchObject({ code: 0, stderr: "1 pull requests, 1 records\nmined 2 records (2 pull requests) from 2 changes\n" });
  });

  it("walks the commits instead with --commits, asking GitHub nothing", async () => {
    const run = await runStacksmith(["mine", "--repo", history.dir, "--github", "acme/greeter", "--commits", "--out", "-", "--context-files", "0", "--quiet"], { env: { GITHUB_TOKEN: "ghp_test" } });
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout)).toHaveLength(4);
    const unknown = await runStacksmith(["mine", "--repo", history.dir, "--out", "-", "--context-files", "0", "--quiet"], { env: { GITHUB_TOKEN: "ghp_test" } });
    expect(unknown.stderr).toBe(
      "GITHUB_TOKEN is set, but which GitHub repository this is is unknown (give --github owner/name): walking commits\nmined 4 records (3 commits, 1 merge) from 7 changes; skipped 3 (lockfile 1, bot 1, root 1)\n",
    );
  });

  it("reports an API failure clearly and writes nothing", async () => {
    nock("https://api.github.com").get("/repos/acme/greeter/pulls").query(true).reply(401, { message: "Bad credentials" });
    const run = await runStacksmith(["mine", "--repo", history.dir, "--github", "acme/greeter", "--out", "-", "--quiet"], { env: { GITHUB_TOKEN: "bad" } });
    expect(run).toMatchObject({ code: 1, stdout: "", stderr: "stacksmith mine: GET /pulls?state=closed&sort=updated&direction=desc&per_page=100&page=1 failed: HTTP 401 (is GITHUB_TOKEN valid?)\n" });
  });
});

describe("RestPullRequestSource", () => {
  it("pages through closed pull requests until a short page, keeping the merged ones", async () => {
    nock("https://ghe.example/api/v3")
      .get("/repos/acme/greeter/pulls")
      .query({ state: "closed", sort: "updated", direction: "desc", per_page: "2", page: "1" })
      .reply(200, [pr(5, { title: "a", sha: "a".repeat(40) }), pr(4, { title: "b", merged: false })])
      .get("/repos/acme/greeter/pulls")
      .query({ state: "closed", sort: "updated", direction: "desc", per_page: "2", page: "2" })
      .reply(200, [pr(3, { title: "c", body: "text", sha: "c".repeat(40) })]);
    const source = new RestPullRequestSource({ owner: "acme", name: "greeter", token: "t", apiUrl: "https://ghe.example/api/v3/", perPage: 2 });
    const seen = [];
    for await (const p of source.mergedPullRequests()) seen.push([p.number, p.body, p.mergeCommitSha]);
    expect(seen).toEqual([
      [5, "", "a".repeat(40)],
      [3, "text", "c".repeat(40)],
    ]);
  });

  it("treats a missing issue as none, and rejects a response of the wrong shape", async () => {
    nock("https://api.github.com").get("/repos/acme/greeter/issues/404").reply(404, {}).get("/repos/acme/greeter/pulls/2").reply(200, { commits: "two" });
    const source = new RestPullRequestSource({ owner: "acme", name: "greeter", token: "t" });
    expect(await source.issue(404)).toBeNull();
    await expect(source.commitCount(2)).rejects.toMatchObject({ code: "GITHUB_FAILED", message: expect.stringContaining("GitHub sent an unexpected pull request") });
  });
});
