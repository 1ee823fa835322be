import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonLines, runStacksmith } from "../helpers/cli-run.js";
import { startGitServer, type GitServer } from "../helpers/git-server.js";
import { buildKnownHistory, type KnownHistory } from "../helpers/known-history.js";

let history: KnownHistory;
let server: GitServer;

beforeAll(async () => {
  history = buildKnownHistory();
  server = await startGitServer({ token: "t0k" });
  const bare = server.repoPath("acme", "greeter");
  mkdirSync(dirname(bare), { recursive: true });
  execFileSync("git", ["clone", "-q", "--bare", history.dir, bare]);
});
afterAll(async () => {
  await server.close();
  history.cleanup();
});

const clones = (): string[] => readdirSync(tmpdir()).filter((n) => n.startsWith("stacksmith-clone-"));

describe("stacksmith mine --repo <url>", () => {
  it("clones the full history through the git layer into a temporary folder, mines it, and removes the clone", async () => {
    const before = clones();
    const url = server.repoUrl("acme", "greeter");
    const fromUrl = await runStacksmith(["mine", "--repo", url, "--out", "-", "--context-files", "0", "--quiet"], { env: { GITHUB_TOKEN: "t0k" } });
    expect(fromUrl.stderr).toBe("mined 4 records (3 commits, 1 merge) from 7 changes; skipped 3 (lockfile 1, bot 1, root 1)\n");
    const fromPath = await runStacksmith(["mine", "--repo", history.dir, "--out", "-", "--context-files", "0", "--quiet"]);
    const strip = (records: unknown[]) => records.map((r) => ({ ...(r as object), id: (r as { id: string }).id.split("@")[1], repo: null }));
    const urlRecords = jsonLines(fromUrl.stdout);
    expect(urlRecords.map((r) => (r as { id: string }).id.split("@")[0])).toEqual(["greeter", "greeter", "greeter", "greeter"]);
    expect(urlRecords.map((r) => (r as { repo: string }).repo)).toEqual([url, url, url, url]);
    expect(strip(urlRecords)).toEqual(strip(jsonLines(fromPath.stdout)));
    expect(clones()).toEqual(before);
  });

  it("reports a refused clone without a stack trace", async () => {
    const run = await runStacksmith(["mine", "--repo", server.repoUrl("acme", "greeter"), "--out", "-"], { env: { GITHUB_TOKEN: "wrong" } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^stacksmith mine: cloning http:\/\/127\.0\.0\.1:\d+\/acme\/greeter\.git failed: HTTP 401 Unauthorized\n$/);
  });
});
