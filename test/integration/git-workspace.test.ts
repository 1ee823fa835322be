import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
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
  createBareRepo(server, "acme", "large", largeRepoCommits());
  createBareRepo(server, "acme", "empty", []);
});

/**
 * About 300 files, a third of them near copies of others (so the pack has deltas), a 2 MB
 * binary file that does not compress (so the pack spans many side-band packets and network
 * reads), and a second commit.
 */
function largeRepoCommits(): Array<{ message: string; files: Record<string, string | Buffer> }> {
  const files: Record<string, string | Buffer> = {};
  for (let i = 0; i < 200; i++) {
    const lines = Array.from({ length: 40 + (i % 50) }, (_, n) => `export const v${n} = ${(n * 7919 + i * 31) % 997}; // module ${i % 9}`);
    files[`src/m${i % 10}/file${i}.ts`] = `${lines.join("\n")}\n`;
    if (i % 2 === 0) files[`vendor/copy${i}/file${i}.ts`] = `${lines.slice(0, -3).join("\n")}\n// vendored\n`;
  }
  let x = 2463534242;
  const noise = Buffer.alloc(2 << 20);
  for (let n = 0; n < noise.length; n++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    noise[n] = x & 0xff;
  }
  files["assets/blob.bin"] = noise;
  const second: Record<string, string> = { "src/m1/file1.ts": "export const changed = true;\n", "README.md": "# large\n" };
  return [
    { message: "many files", files },
    { message: "a change", files: second },
  ];
}

function countObjects(bare: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of git(bare, ["count-objects", "-v"]).split("\n")) {
    const [key, value] = line.split(": ");
    if (key !== undefined && value !== undefined) counts[key] = Number(value);
  }
  return counts;
}

afterAll(async () => {
  await server.close();
});

const token = async () => TOKEN;

describe("in-memory workspace", () => {
  it("clones one branch at depth 1, lists and reads files", async () => {
    const ws = await cloneInMemory({ url: server.repoUrl("acme", "widgets"), branch: "main", token, pushScope: { issue: 1 } });
    const bare = server.repoPath("acme", "widgets");
    expect(ws.head).toBe(git(bare, ["rev-parse", "main"]));
    const files = await ws.listFiles(ws.head);
    expect(files.map((f) => f.path)).toEqual(["README.md", "bin/run.sh", "src/a.ts", "src/b/c.ts"]);
    expect(Buffer.from((await ws.readFile(ws.head, "src/b/c.ts")) ?? []).toString()).toBe("export const c = 3;\n");
    expect(await ws.readFile(ws.head, "missing.ts")).toBeNull();
    expect(await ws.readFile(ws.head, "src")).toBeNull();
  });

  it("commits changes, pushes a branch, and native git sees the exact tree", async () => {
    const ws = await cloneInMemory({ url: server.repoUrl("acme", "widgets"), branch: "main", token, pushScope: { issue: 1 } });
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
    await ws.push({ branch: "stacksmith/issue-1/1-change", commit, expect: [null] });
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
    const attempt = cloneInMemory({ url: server.repoUrl("acme", "widgets"), branch: "main", token: async () => "wrong", pushScope: null });
    await expect(attempt).rejects.toMatchObject({ code: "CLONE_AUTH" });
  });

  it("reports a missing repository as not found", async () => {
    const attempt = cloneInMemory({ url: server.repoUrl("acme", "nope"), branch: "main", token, pushScope: { issue: 1 } });
    await expect(attempt).rejects.toBeInstanceOf(StacksmithError);
    await expect(attempt).rejects.toMatchObject({ code: "CLONE_NOT_FOUND" });
  });

  it("reads every file of a larger repository exactly as git stores it", async () => {
    const ws = await cloneInMemory({ url: server.repoUrl("acme", "large"), branch: "main", token, pushScope: { issue: 1 } });
    const bare = server.repoPath("acme", "large");
    const files = await ws.listFiles(ws.head);
    const native = git(bare, ["ls-tree", "-r", "main"]).split("\n").map((line) => {
      const [meta, path] = line.split("\t");
      const [mode, , oid] = (meta ?? "").split(" ");
      return { path, oid, mode };
    });
    expect(files).toEqual(native);
    for (const file of files) {
      const blob = await ws.readBlob(file.oid);
      const oid = createHash("sha1").update(`blob ${blob.byteLength}\0`).update(blob).digest("hex");
      expect(oid).toBe(file.oid);
    }
    expect(Buffer.from((await ws.readFile(ws.head, "vendor/copy4/file4.ts")) ?? []).toString()).toBe(`${git(bare, ["show", "main:vendor/copy4/file4.ts"])}\n`);
  });

  it("pushes a new branch with only the objects the remote lacks", async () => {
    const ws = await cloneInMemory({ url: server.repoUrl("acme", "large"), branch: "main", token, pushScope: { issue: 1 } });
    const bare = server.repoPath("acme", "large");
    const before = countObjects(bare);
    const commit = await ws.commit({
      parent: ws.head,
      message: "One change",
      author: { name: "stacksmith[bot]", email: "bot@example.com" },
      changes: [{ path: "src/m3/file3.ts", content: "export const three = 3;\n" }],
    });
    await ws.push({ branch: "stacksmith/issue-1/2-one", commit, expect: [null] });
    const after = countObjects(bare);
    // A blob, three trees and a commit arrive as loose objects; a resent tree would arrive as a new pack.
    expect(after["packs"]).toBe(before["packs"]);
    expect((after["count"] ?? 0) - (before["count"] ?? 0)).toBe(5);
    expect(git(bare, ["show", "stacksmith/issue-1/2-one:src/m3/file3.ts"])).toBe("export const three = 3;");
    git(bare, ["fsck", "--strict", "--no-dangling"]);
  });

  it("pushes a commit stacked on its own last push with only what it wrote since", async () => {
    const ws = await cloneInMemory({ url: server.repoUrl("acme", "large"), branch: "main", token, pushScope: { issue: 1 } });
    const bare = server.repoPath("acme", "large");
    const author = { name: "stacksmith[bot]", email: "bot@example.com" };
    const one = await ws.commit({ parent: ws.head, message: "one", author, changes: [{ path: "src/m4/file4.ts", content: "export const four = 4;\n" }] });
    await ws.push({ branch: "stacksmith/issue-1/3-one", commit: one, expect: [null] });
    const before = countObjects(bare);
    const two = await ws.commit({ parent: one, message: "two", author, changes: [{ path: "README.md", content: "# two\n" }] });
    await ws.push({ branch: "stacksmith/issue-1/4-two", commit: two, expect: [null] });
    const after = countObjects(bare);
    // A blob, the root tree and the commit: nothing of the first push, nothing of the clone.
    expect(after["packs"]).toBe(before["packs"]);
    expect((after["count"] ?? 0) - (before["count"] ?? 0)).toBe(3);
    expect(git(bare, ["rev-parse", "stacksmith/issue-1/4-two^"])).toBe(one);
    git(bare, ["fsck", "--strict", "--no-dangling"]);
  });

  it("reports an empty repository and a missing branch as REPO_EMPTY", async () => {
    await expect(cloneInMemory({ url: server.repoUrl("acme", "empty"), branch: "main", token, pushScope: { issue: 1 } })).rejects.toMatchObject({ code: "REPO_EMPTY" });
    await expect(cloneInMemory({ url: server.repoUrl("acme", "widgets"), branch: "nope", token, pushScope: { issue: 1 } })).rejects.toMatchObject({ code: "REPO_EMPTY" });
  });

  it("reports a server error or a server that does not speak git as CLONE_FAILED", async () => {
    const other = createServer((req, res) => {
      if (req.url?.startsWith("/broken")) res.writeHead(500).end("oops");
      else res.writeHead(200, { "content-type": "text/html" }).end("<html>sign in</html>");
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      await expect(cloneInMemory({ url: `${base}/broken/repo.git`, branch: "main", token, pushScope: { issue: 1 } })).rejects.toMatchObject({ code: "CLONE_FAILED", data: { status: 500 } });
      await expect(cloneInMemory({ url: `${base}/html/repo.git`, branch: "main", token, pushScope: { issue: 1 } })).rejects.toMatchObject({ code: "CLONE_FAILED" });
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it("follows a redirect of the repository's URL and fetches from where it points, as git does", async () => {
    const target = new URL(server.url);
    // A proxy to the git server that has moved acme/widgets from /old/widgets.git.
    const proxy = createServer((req, res) => {
      if (req.url?.startsWith("/old/widgets.git/")) {
        res.writeHead(301, { location: req.url.replace("/old/widgets.git/", "/acme/widgets.git/") }).end();
        return;
      }
      const upstream = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    try {
      const ws = await cloneInMemory({ url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/old/widgets.git`, branch: "main", token, pushScope: { issue: 1 } });
      expect(ws.head).toBe(git(server.repoPath("acme", "widgets"), ["rev-parse", "main"]));
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });

  it("turns a rejected push into PUSH_REJECTED", async () => {
    createBareRepo(server, "acme", "locked", [{ message: "first", files: { "a.txt": "a\n" } }]);
    rejectPushes(server.repoPath("acme", "locked"), "protected branch hook declined");
    const ws = await cloneInMemory({ url: server.repoUrl("acme", "locked"), branch: "main", token, pushScope: { issue: 1 } });
    const commit = await ws.commit({ parent: ws.head, message: "x", author: { name: "b", email: "b@example.com" }, changes: [{ path: "a.txt", content: "b\n" }] });
    await expect(ws.push({ branch: "stacksmith/issue-1/1-x", commit, expect: [null] })).rejects.toMatchObject({ code: "PUSH_REJECTED" });
  });

  it("refuses, in the git layer, every push outside the job's own issue's branches", async () => {
    createBareRepo(server, "acme", "guarded", [{ message: "first", files: { "a.txt": "a\n" } }]);
    const bare = server.repoPath("acme", "guarded");
    const before = git(bare, ["for-each-ref", "--format=%(refname) %(objectname)"]);
    const ws = await cloneInMemory({ url: server.repoUrl("acme", "guarded"), branch: "main", token, pushScope: { issue: 7 } });
    const commit = await ws.commit({ parent: ws.head, message: "x", author: { name: "b", email: "b@example.com" }, changes: [{ path: "a.txt", content: "b\n" }] });
    for (const branch of ["main", "stacksmith/issue-8/1-x", "stacksmith/issue-7", "stacksmith/issue-7/1-x/../../main", "stacksmith/issue-70/1-x", "refs/heads/main", "stacksmith/issue-7/1-X", "stacksmith/issue-7/1-x\u202e", "x/stacksmith/issue-7/1-x"]) {
      await expect(ws.push({ branch, commit, expect: [null, ws.head] }), branch).rejects.toMatchObject({ code: "PUSH_REFUSED" });
    }
    const unscoped = await cloneInMemory({ url: server.repoUrl("acme", "guarded"), branch: "main", token, pushScope: null });
    await expect(unscoped.push({ branch: "stacksmith/issue-7/1-x", commit: unscoped.head, expect: [null] })).rejects.toMatchObject({ code: "PUSH_REFUSED" });
    expect(git(bare, ["for-each-ref", "--format=%(refname) %(objectname)"])).toBe(before);
    await ws.push({ branch: "stacksmith/issue-7/1-x", commit, expect: [null] });
    expect(git(bare, ["rev-parse", "stacksmith/issue-7/1-x"])).toBe(commit);
  });

  it("pushes with a lease: never over a commit it was not told is its own", async () => {
    createBareRepo(server, "acme", "leased", [{ message: "first", files: { "a.txt": "a\n" } }]);
    const bare = server.repoPath("acme", "leased");
    const ws = await cloneInMemory({ url: server.repoUrl("acme", "leased"), branch: "main", token, pushScope: { issue: 3 } });
    const author = { name: "b", email: "b@example.com" };
    const first = await ws.commit({ parent: ws.head, message: "one", author, changes: [{ path: "a.txt", content: "b\n" }] });
    const second = await ws.commit({ parent: ws.head, message: "two", author, changes: [{ path: "a.txt", content: "c\n" }] });
    const branch = "stacksmith/issue-3/1-fix";
    await ws.push({ branch, commit: first, expect: [null] });
    // "Must not exist" refuses a branch that exists.
    await expect(ws.push({ branch, commit: second, expect: [null] })).rejects.toMatchObject({ code: "BRANCH_NOT_OURS" });
    // Our own last push may be replaced, even by a commit that is not a descendant.
    await ws.push({ branch, commit: second, expect: [first] });
    expect(git(bare, ["rev-parse", branch])).toBe(second);
    // Someone else pushes: the app's lease no longer holds, and their commit stays.
    const clone = mkdtempSync(join(tmpdir(), "lease-"));
    git(clone, ["clone", "-q", bare, "."]);
    git(clone, ["checkout", "-q", branch]);
    writeFileSync(join(clone, "human.txt"), "mine\n");
    git(clone, ["add", "."]);
    git(clone, ["commit", "-q", "-m", "human"]);
    git(clone, ["push", "-q", "origin", branch]);
    const human = git(bare, ["rev-parse", branch]);
    const third = await ws.commit({ parent: ws.head, message: "three", author, changes: [{ path: "a.txt", content: "d\n" }] });
    await expect(ws.push({ branch, commit: third, expect: [second] })).rejects.toMatchObject({ code: "BRANCH_NOT_OURS", message: expect.stringContaining("not at the last commit Stacksmith pushed there") });
    expect(git(bare, ["rev-parse", branch])).toBe(human);
    // Pushing what is already there is a no-op, whatever the lease.
    await ws.push({ branch: "stacksmith/issue-3/2-same", commit: first, expect: [null] });
    await ws.push({ branch: "stacksmith/issue-3/2-same", commit: first, expect: [null] });
    git(bare, ["fsck", "--strict", "--no-dangling"]);
  });

  it("loses the race to a person who pushes between its look and its write, and keeps their commit", async () => {
    createBareRepo(server, "acme", "raced", [{ message: "first", files: { "a.txt": "a\n" } }]);
    const bare = server.repoPath("acme", "raced");
    const branch = "stacksmith/issue-4/1-fix";
    const target = new URL(server.url);
    let human = "";
    // A proxy that, when the app's pack arrives, first lets a person push to the same branch.
    const proxy = createServer((req, res) => {
      const forward = () => {
        const upstream = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        });
        req.pipe(upstream);
      };
      if (req.method === "POST" && req.url?.endsWith("/git-receive-pack") && human === "") {
        const clone = mkdtempSync(join(tmpdir(), "race-"));
        git(clone, ["clone", "-q", bare, "."]);
        git(clone, ["checkout", "-q", "-b", branch]);
        writeFileSync(join(clone, "human.txt"), "first\n");
        git(clone, ["add", "."]);
        git(clone, ["commit", "-q", "-m", "human"]);
        git(clone, ["push", "-q", "origin", branch]);
        human = git(bare, ["rev-parse", branch]);
      }
      forward();
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    try {
      const ws = await cloneInMemory({ url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/acme/raced.git`, branch: "main", token, pushScope: { issue: 4 } });
      const commit = await ws.commit({ parent: ws.head, message: "bot", author: { name: "b", email: "b@example.com" }, changes: [{ path: "a.txt", content: "b\n" }] });
      await expect(ws.push({ branch, commit, expect: [null] })).rejects.toMatchObject({ code: "BRANCH_NOT_OURS" });
      expect(human).not.toBe("");
      expect(git(bare, ["rev-parse", branch])).toBe(human);
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });
});
