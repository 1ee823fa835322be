import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cloneInMemory } from "../../src/git/memory-clone.js";
import { StacksmithError } from "../../src/shared/errors.js";
import { createBareRepo, git, rejectPushes, startGitServer, type GitServer } from "../helpers/git-server.js";

const TOKEN = "ghs_test_token";
let server: GitServer;

beforeAll(async () => {
  server = await startGitServer({ token: TOKEN });
  createBareRepo(server, "acme", "widgets", [
    { message: "first", files: { "README.md": "# widgets\n", "src/a.ts": "export const a = 1;\n", "bin/run.sh": "#!/bin/sh\n" } },
    { message: "second", files: { "src/b/c.ts": "export const c = 3;\n" } },
  ]);

});

afterAll(async () => {
  await server.close();
});

const token = async () => TOKEN;

describe("in-memory workspace", () => {
  it("clones one branch at depth 1, lists and reads files", async () => {
    const ws = await cloneInMemory({ url: server.repoUrl("acme", "widgets"), branch: "main", token });
    const bare = server.repoPath("acme", "widgets");
    expect(ws.head).toBe(git(bare, ["rev-parse", "main"]));
    const files = await ws.listFiles(ws.head);
    expect(files.map((f) => f.path)).toEqual(["README.md", "bin/run.sh", "src/a.ts", "src/b/c.ts"]);
    expect(Buffer.from((await ws.readFile(ws.head, "src/b/c.ts")) ?? []).toString()).toBe("export const c = 3;\n");
    expect(await ws.readFile(ws.head, "missing.ts")).toBeNull();
    expect(await ws.readFile(ws.head, "src")).toBeNull();
  });

  it("commits changes, pushes a branch, and native git sees the exact tree", async () => {
    const ws = await cloneInMemory({ url: server.repoUrl("acme", "widgets"), branch: "main", token });
    const commit = await ws.commit({
      parent: ws.head,
      message: "Change things",
      author: { name: "stacksmith[bot]", email: "bot@example.com" },
      timestamp: 1_700_000_000,
      changes: [
        { path: "src/a.ts", content: "export const a = 2;\n" },
        { path: "src/b/c.ts", content: null },
        { path: "docs/new/file.md", content: "new\n" },
      ],
    });
    await ws.push({ branch: "stacksmith/issue-1/1-change", commit, force: false });
    const bare = server.repoPath("acme", "widgets");
    expect(git(bare, ["rev-parse", "stacksmith/issue-1/1-change"])).toBe(commit);
    expect(git(bare, ["rev-parse", "stacksmith/issue-1/1-change^"])).toBe(ws.head);
    expect(git(bare, ["show", "stacksmith/issue-1/1-change:src/a.ts"])).toBe("export const a = 2;");
    expect(git(bare, ["ls-tree", "-r", "--name-only", "stacksmith/issue-1/1-change"]).split("\n")).toEqual([
      "README.md",
      "bin/run.sh",
      "docs/new/file.md",
      "src/a.ts",
    ]);
    git(bare, ["fsck", "--strict", "--no-dangling"]);
  });

  it("refuses a wrong token with a clear error", async () => {
    const attempt = cloneInMemory({ url: server.repoUrl("acme", "widgets"), branch: "main", token: async () => "wrong" });
    await expect(attempt).rejects.toMatchObject({ code: "CLONE_AUTH" });
  });

  it("reports a missing repository as not found", async () => {
    const attempt = cloneInMemory({ url: server.repoUrl("acme", "nope"), branch: "main", token });
    await expect(attempt).rejects.toBeInstanceOf(StacksmithError);
    await expect(attempt).rejects.toMatchObject({ code: "CLONE_NOT_FOUND" });
  });

  it("turns a rejected push into PUSH_REJECTED", async () => {
    createBareRepo(server, "acme", "locked", [{ message: "first", files: { "a.txt": "a\n" } }]);
    rejectPushes(server.repoPath("acme", "locked"), "protected branch hook declined");
    const ws = await cloneInMemory({ url: server.repoUrl("acme", "locked"), branch: "main", token });
    const commit = await ws.commit({ parent: ws.head, message: "x", author: { name: "b", email: "b@example.com" }, changes: [{ path: "a.txt", content: "b\n" }] });
    await expect(ws.push({ branch: "stacksmith/x", commit, force: false })).rejects.toMatchObject({ code: "PUSH_REJECTED" });
  });
});
