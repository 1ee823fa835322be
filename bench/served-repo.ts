/**
 * Repositories the git benchmarks serve: a bare repository that borrows the objects of a
 * cached one (git alternates, so nothing is copied), and a new commit on a branch made with
 * git's plumbing, as a follow-up finds it on the server.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const env = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_AUTHOR_NAME: "Bench",
  GIT_AUTHOR_EMAIL: "bench@example.com",
  GIT_COMMITTER_NAME: "Bench",
  GIT_COMMITTER_EMAIL: "bench@example.com",
  GIT_AUTHOR_DATE: "1800000000 +0000",
  GIT_COMMITTER_DATE: "1800000000 +0000",
};

export function git(cwd: string, args: string[], input?: string | Buffer, extraEnv: NodeJS.ProcessEnv = {}): string {
  return execFileSync("git", args, { cwd, input, encoding: "utf8", maxBuffer: 1 << 30, env: { ...env, ...extraEnv } }).trim();
}

/** A bare repository at `at` with the refs of `source` and its objects through alternates; pushes allowed. */
export function serveCopyOf(source: string, at: string): string {
  mkdirSync(dirname(at), { recursive: true });
  git(dirname(at), ["clone", "-q", "--bare", "--shared", source, at]);
  git(at, ["config", "http.receivepack", "true"]);
  return at;
}

/**
 * Commits, on top of `base`, new content for one existing file (a few lines changed, so it
 * deltas against the old one) and sets `branch` to it. Returns the commit and the path.
 */
export function commitOneFile(bare: string, base: string, branch: string, pick = 0): { commit: string; path: string } {
  const files = git(bare, ["ls-tree", "-r", "--name-only", base]).split("\n");
  const path = files[Math.floor(files.length / 2) + pick] ?? files[0] ?? "";
  const old = git(bare, ["show", `${base}:${path}`]);
  const lines = old.split("\n");
  lines.splice(Math.floor(lines.length / 2), 1, `// changed on ${branch}`);
  const blob = git(bare, ["hash-object", "-w", "--stdin"], `${lines.join("\n")}\n`);
  const scratch = mkdtempSync(join(tmpdir(), "bench-index-"));
  try {
    const index = { GIT_INDEX_FILE: join(scratch, "index") };
    git(bare, ["read-tree", base], undefined, index);
    git(bare, ["update-index", "--cacheinfo", `100644,${blob},${path}`], undefined, index);
    const tree = git(bare, ["write-tree"], undefined, index);
    const commit = git(bare, ["commit-tree", tree, "-p", base, "-m", `Change ${path}`]);
    git(bare, ["update-ref", `refs/heads/${branch}`, commit]);
    return { commit, path };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
