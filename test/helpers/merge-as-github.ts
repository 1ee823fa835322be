import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { git } from "./git-server.js";

/** What GitHub's merge button and its stack rebase do to a repository, with native git on the bare repository. */

export type MergeMethod = "merge" | "squash" | "rebase";

function inClone<T>(bare: string, branch: string, run: (work: string) => T): T {
  const work = mkdtempSync(join(tmpdir(), "github-"));
  try {
    git(work, ["clone", "-q", "--branch", branch, bare, "."]);
    return run(work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Merges `head` into `base` as GitHub's button does: a merge commit, one squashed commit, or
 * the head's commits replayed on the base. Returns the head it merged and what the merge made
 * on the base (GitHub's `merge_commit_sha`).
 */
export function mergeOnGitHub(bare: string, input: { head: string; base: string; method: MergeMethod; title: string }): { headSha: string; mergeCommitSha: string } {
  return inClone(bare, input.base, (work) => {
    git(work, ["fetch", "-q", "origin", input.head]);
    const headSha = git(work, ["rev-parse", "FETCH_HEAD"]);
    if (input.method === "squash") {
      git(work, ["merge", "-q", "--squash", "FETCH_HEAD"]);
      git(work, ["commit", "-qm", input.title]);
    } else if (input.method === "merge") {
      git(work, ["merge", "-q", "--no-ff", "-m", input.title, "FETCH_HEAD"]);
    } else {
      git(work, ["checkout", "-q", "-b", "replayed", "FETCH_HEAD"]);
      git(work, ["rebase", "-q", input.base]);
      git(work, ["checkout", "-q", input.base]);
      git(work, ["merge", "-q", "--ff-only", "replayed"]);
    }
    git(work, ["push", "-q", "origin", input.base]);
    return { headSha, mergeCommitSha: git(work, ["rev-parse", "HEAD"]) };
  });
}

/** `git rebase --onto <onto> <upstream> <branch>`, force-pushed: one step of GitHub's cascading stack rebase. Returns the new head. */
export function rebaseOnto(bare: string, input: { branch: string; onto: string; upstream: string }): string {
  return inClone(bare, input.branch, (work) => {
    git(work, ["rebase", "-q", "--onto", input.onto, input.upstream]);
    git(work, ["push", "-q", "--force", "origin", input.branch]);
    return git(work, ["rev-parse", "HEAD"]);
  });
}
