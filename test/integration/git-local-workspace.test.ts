import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openLocalRepository } from "../../src/git/local-repository.js";
import { LocalWorkspace } from "../../src/git/local-workspace.js";

let dir: string;
const git = (...args: string[]): string => execFileSync("git", args, { cwd: dir, encoding: "utf8" }).trimEnd();
/** Every file under .git/objects and .git/refs: what a run may not add to in scratch mode. */
const onDisk = (): string => execFileSync("sh", ["-c", "find .git/objects .git/refs -type f | sort"], { cwd: dir, encoding: "utf8" });
const author = { name: "T", email: "t@example.com" };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "local-ws-"));
  git("init", "-q", "-b", "main");
  writeFileSync(join(dir, "a.py"), "x = 1\n");
  git("add", ".");
  git("-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "one");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("a repository on disk as the pipeline's workspace", () => {
  it("pushes only the issue's own branches, with a lease, to the repository's refs", async () => {
    const repo = await openLocalRepository(dir);
    const ws = new LocalWorkspace(repo, { head: repo.head, scope: { issue: 3 }, writeRefs: true });
    const commit = await ws.commit({ parent: ws.head, changes: [{ path: "a.py", content: "x = 2\n" }], message: "two", author });

    await expect(ws.push({ branch: "main", commit, expect: [ws.head] })).rejects.toMatchObject({ code: "PUSH_REFUSED" });
    await expect(ws.push({ branch: "stacksmith/issue-4/1-x", commit, expect: [null] })).rejects.toMatchObject({ code: "PUSH_REFUSED" });
    expect(git("rev-parse", "main")).toBe(ws.head);

    await ws.push({ branch: "stacksmith/issue-3/1-x", commit, expect: [null] });
    expect(git("rev-parse", "stacksmith/issue-3/1-x")).toBe(commit);
    expect(git("show", "stacksmith/issue-3/1-x:a.py")).toBe("x = 2");
    expect(git("fsck", "--no-progress")).toBe("");

    // Someone moved the branch: the run's next push does not overwrite it.
    git("branch", "-f", "stacksmith/issue-3/1-x", "main");
    const next = await ws.commit({ parent: commit, changes: [{ path: "a.py", content: "x = 3\n" }], message: "three", author });
    await expect(ws.push({ branch: "stacksmith/issue-3/1-x", commit: next, expect: [commit] })).rejects.toMatchObject({ code: "BRANCH_NOT_OURS" });
    expect(git("rev-parse", "stacksmith/issue-3/1-x")).toBe(ws.head);
  });

  it("in scratch mode writes commits and branches in memory only", async () => {
    const before = onDisk();
    const repo = await openLocalRepository(dir, "HEAD", { scratch: true });
    const ws = new LocalWorkspace(repo, { head: repo.head, scope: { issue: 1 }, writeRefs: false });
    const commit = await ws.commit({ parent: ws.head, changes: [{ path: "b/c.py", content: "y = 1\n" }], message: "new file", author });
    await ws.push({ branch: "stacksmith/issue-1/1-x", commit, expect: [null] });

    expect(await ws.fetchBranch("stacksmith/issue-1/1-x")).toBe(commit);
    expect(new TextDecoder().decode((await ws.readFile(commit, "b/c.py")) ?? new Uint8Array())).toBe("y = 1\n");
    expect((await ws.listFiles(commit)).map((f) => f.path)).toEqual(["a.py", "b/c.py"]);
    expect(await ws.parentsOf(commit)).toEqual([ws.head]);
    expect(onDisk()).toBe(before);
    expect(git("branch", "--list", "stacksmith/*")).toBe("");
  });
});
