import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommitInfo } from "../../../../src/git/git-repository.js";
import { openLocalRepository } from "../../../../src/git/local-repository.js";
import type { HistoryRepo } from "../../../../src/dataset/mine/history-repo.js";
import { mergedCommits } from "../../../../src/dataset/mine/merged-commits.js";
import { mergedPullRequest, mergeTask } from "../../../../src/dataset/mine/merge-task.js";
import { isTestFile, splitTests } from "../../../../src/dataset/mine/test-files.js";
import { buildMergeHistory, type MergeHistory } from "../../../helpers/merge-history.js";

describe("a merge as a task", () => {
  it("names the pull request from GitHub's merge messages, and nothing else", () => {
    expect(mergedPullRequest("Merge pull request #5638 from pallets/generic-session\n\nuse generic bases")).toBe(5638);
    expect(mergedPullRequest("use generic bases for session (#5638)\n\nbody")).toBe(5638);
    expect(mergedPullRequest("Merge branch 'stable'")).toBeNull();
    expect(mergedPullRequest("Fix #12 in the parser")).toBeNull();
    expect(mergedPullRequest("Merge pull request #12")).toBeNull();
  });

  it("adds the merged commits' subjects the message does not already say, oldest first", () => {
    expect(mergeTask("Merge branch 'stable'\n", ["fix typo", "release 3.0.1", "fix typo"])).toBe("Merge branch 'stable'\n\nCommits:\n- fix typo\n- release 3.0.1");
    expect(mergeTask("Merge pull request #1 from a/b\n\nAdd shout", ["Add shout"])).toBe("Merge pull request #1 from a/b\n\nAdd shout");
    expect(mergeTask("", [])).toBe("");
    const many = Array.from({ length: 53 }, (_, i) => `change ${i}`);
    const task = mergeTask("Merge branch 'big'", many);
    expect(task.split("\n").filter((l) => l.startsWith("- "))).toHaveLength(51);
    expect(task.endsWith("- change 49\n- … and 3 more")).toBe(true);
  });
});

describe("the commits a merge brought in", () => {
  let history: MergeHistory;
  beforeAll(() => {
    history = buildMergeHistory();
  });
  afterAll(() => history.cleanup());

  it("are git's `rev-list ^first other`, for every merge of a real history", async () => {
    const repo = await openLocalRepository(history.dir, "HEAD");
    const merges = execFileSync("git", ["rev-list", "--merges", "--all"], { cwd: history.dir, encoding: "utf8" }).trim().split("\n");
    expect(merges.length).toBeGreaterThanOrEqual(7);
    for (const oid of merges) {
      const commit = await repo.readCommit(oid);
      const expected = execFileSync("git", ["rev-list", `^${commit.parents[0] ?? ""}`, ...commit.parents.slice(1)], { cwd: history.dir, encoding: "utf8" }).trim().split("\n").filter(Boolean);
      expect((await mergedCommits(repo, commit)).map((c) => c.oid).sort()).toEqual(expected.sort());
    }
  });

  it("are found when a commit's date is older than its parent's, and stop at the read budget", async () => {
    // base <- a (first parent side); base <- x <- y (branch), y dated before x; merge m = (a, y).
    const commits = new Map<string, CommitInfo>();
    const add = (oid: string, parents: string[], time: number): void => {
      const person = { name: "A", email: "a@example.com", timestamp: time };
      commits.set(oid, { oid, tree: "t", parents, message: oid, author: person, committer: person });
    };
    add("base", [], 100);
    add("a", ["base"], 400);
    add("x", ["base"], 300);
    add("y", ["x"], 200);
    add("m", ["a", "y"], 500);
    const reads: string[] = [];
    const repo = {
      readCommit: async (oid: string) => {
        reads.push(oid);
        const c = commits.get(oid);
        if (c === undefined) throw new Error(`no ${oid}`);
        return c;
      },
    } as unknown as HistoryRepo;
    const m = commits.get("m") as CommitInfo;
    expect((await mergedCommits(repo, m)).map((c) => c.oid)).toEqual(["x", "y"]);
    reads.length = 0;
    expect((await mergedCommits(repo, m, 2)).map((c) => c.oid)).toEqual(["y"]);
    expect(reads).toHaveLength(2);
  });
});

describe("test files", () => {
  it("follow the locate step's rule: test folders and test names", () => {
    for (const path of ["tests/test_app.py", "src/app_test.go", "pkg/__tests__/a.ts", "web/a.spec.tsx", "conftest.py", "test_cli.py", "spec/models/user_spec.rb", "src/test/java/AppTest.java", "tests/fixtures/data.json"]) {
      expect(isTestFile(path)).toBe(true);
    }
    for (const path of ["src/app.py", "docs/testing.rst", "src/contest.py", "CHANGES.rst", "src/attestation.ts"]) expect(isTestFile(path)).toBe(false);
  });

  it("are kept apart from the code, each in path order", () => {
    const f = (path: string) => ({ path, old_content: "a\n", new_content: "b\n" });
    expect(splitTests([f("src/a.py"), f("tests/test_a.py"), f("src/b.py")])).toEqual({ code: [f("src/a.py"), f("src/b.py")], tests: [f("tests/test_a.py")] });
  });
});
