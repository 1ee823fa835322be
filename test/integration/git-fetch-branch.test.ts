import { createHash } from "node:crypto";
import fs, { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitRepository } from "../../src/git/git-repository.js";
import { cloneInMemory } from "../../src/git/memory-clone.js";
import { createBareRepo, git, startGitServer, type GitServer } from "../helpers/git-server.js";

const TOKEN = "ghs_fetch_token";
const token = async (): Promise<string> => TOKEN;
let server: GitServer;
const scratch: string[] = [];

/** Bytes that do not compress. */
function noise(size: number, seed: number): Buffer {
  let x = seed;
  const out = Buffer.alloc(size);
  for (let n = 0; n < size; n++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[n] = x & 0xff;
  }
  return out;
}

/** About 200 text files, some near copies of others, and a 2 MB binary: a tree of some 3 MB. */
function bigTree(): Record<string, string | Buffer> {
  const files: Record<string, string | Buffer> = {};
  for (let i = 0; i < 200; i++) {
    const lines = Array.from({ length: 40 + (i % 50) }, (_, n) => `export const v${n} = ${(n * 7919 + i * 31) % 997}; // module ${i % 9}`);
    files[`src/m${i % 10}/file${i}.ts`] = `${lines.join("\n")}\n`;
  }
  files["assets/blob.bin"] = noise(2 << 20, 2463534242);
  return files;
}

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

/** Commits `files` on top of `from` in a clone of the bare repository and pushes the result to `branch`. */
function pushCommit(bare: string, from: string, branch: string, files: Record<string, string | Buffer>, force = false): string {
  const work = tempDir("fetch-work-");
  git(work, ["clone", "-q", bare, "."]);
  git(work, ["checkout", "-q", "-B", branch, from]);
  for (const [path, content] of Object.entries(files)) {
    fs.mkdirSync(join(work, path, ".."), { recursive: true });
    writeFileSync(join(work, path), content);
  }
  git(work, ["add", "-A"]);
  git(work, ["commit", "-q", "-m", `change ${Object.keys(files).join(", ")}`]);
  git(work, ["push", "-q", ...(force ? ["--force"] : []), "origin", `HEAD:refs/heads/${branch}`]);
  return git(work, ["rev-parse", "HEAD"]);
}

/** The body bytes the server sent for the last upload-pack POST since request `from`. */
function lastPackBytes(from: number): number {
  const posts = server.requests.slice(from).filter((r) => r.method === "POST" && r.path.endsWith("/git-upload-pack"));
  expect(posts.length).toBe(1);
  return posts[0]?.responseBytes ?? 0;
}

/** Every file of `commit` as native git lists it, each blob's bytes hashing to its oid. */
async function expectSameTree(ws: GitRepository, bare: string, commit: string): Promise<void> {
  const native = git(bare, ["ls-tree", "-r", commit]).split("\n").map((line) => {
    const [meta, path] = line.split("\t");
    const [mode, , oid] = (meta ?? "").split(" ");
    return { path, oid, mode };
  });
  const files = await ws.listFiles(commit);
  expect(files).toEqual(native);
  for (const file of files) {
    const blob = await ws.readBlob(file.oid);
    expect(createHash("sha1").update(`blob ${blob.byteLength}\0`).update(blob).digest("hex")).toBe(file.oid);
  }
}

/** A native `git clone --depth 1` on disk, opened as the app's repository with the server as its remote. */
function diskClone(name: string): { dir: string; ws: GitRepository } {
  const dir = tempDir("fetch-disk-");
  git(dir, ["clone", "-q", "--depth", "1", "--single-branch", `file://${server.repoPath("acme", name)}`, "."]);
  const head = git(dir, ["rev-parse", "HEAD"]);
  const ws = new GitRepository({ fs, gitdir: join(dir, ".git"), cache: {} }, head, { url: server.repoUrl("acme", name), token, pushScope: null });
  return { dir, ws };
}

function packFiles(dir: string): string[] {
  return readdirSync(join(dir, ".git/objects/pack")).filter((f) => f.endsWith(".pack"));
}

beforeAll(async () => {
  server = await startGitServer({ token: TOKEN });
  createBareRepo(server, "acme", "big", [
    { message: "many files", files: bigTree() },
    { message: "a change", files: { "src/m1/file1.ts": "export const changed = true;\n" } },
  ]);
  createBareRepo(server, "acme", "history", [
    { message: "one", files: { "a.txt": "a\n" } },
    { message: "two", files: { "b.txt": "b\n" } },
  ]);
  createBareRepo(server, "acme", "rewritten", [{ message: "first", files: { "keep.txt": "kept\n", "old.txt": "old\n" } }]);
  createBareRepo(server, "acme", "limited", [{ message: "first", files: { "a.txt": "a\n" } }]);
  createBareRepo(server, "acme", "single", [{ message: "only", files: { "a.txt": "a\n" } }]);
  createBareRepo(server, "acme", "pulls", [{ message: "only", files: { "a.txt": "a\n" } }]);
});

afterAll(async () => {
  await server.close();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe("fetchBranch", () => {
  it("fetches a new commit on a branch as a thin pack of what changed, not the tree", async () => {
    const bare = server.repoPath("acme", "big");
    const ws = await cloneInMemory({ url: server.repoUrl("acme", "big"), branch: "main", token, pushScope: null });
    const lines = Array.from({ length: 60 }, (_, n) => `export const v${n} = ${n}; // edited`);
    const tip = pushCommit(bare, "main", "stacksmith/issue-1/1-part", { "src/m3/file3.ts": `${lines.join("\n")}\n` });
    const treeBytes = git(bare, ["ls-tree", "-r", "-l", tip]).split("\n").reduce((n, line) => n + Number(line.split(/\s+/)[3]), 0);

    const from = server.requests.length;
    expect(await ws.fetchBranch("stacksmith/issue-1/1-part", 1)).toBe(tip);
    const sent = lastPackBytes(from);
    expect(treeBytes).toBeGreaterThan(2 << 20);
    expect(sent).toBeLessThan(16 * 1024);
    await expectSameTree(ws, bare, tip);
    expect(Buffer.from((await ws.readFile(tip, "src/m3/file3.ts")) ?? []).toString()).toBe(`${lines.join("\n")}\n`);
  });

  it("fetches a pull request's head by its full ref once the branch is deleted, and leaves no branch for it", async () => {
    const bare = server.repoPath("acme", "pulls");
    const ws = await cloneInMemory({ url: server.repoUrl("acme", "pulls"), branch: "main", token, pushScope: null });
    const tip = pushCommit(bare, "main", "stacksmith/issue-9/1-gone", { "b.txt": "b\n" });
    // As GitHub keeps it: refs/pull/N/head stays when the branch goes.
    git(bare, ["update-ref", "refs/pull/9/head", tip]);
    git(bare, ["update-ref", "-d", "refs/heads/stacksmith/issue-9/1-gone"]);
    expect(await ws.fetchBranch("stacksmith/issue-9/1-gone", 5)).toBeNull();
    expect(await ws.fetchBranch("refs/pull/9/head", 5)).toBe(tip);
    await expectSameTree(ws, bare, tip);
    expect(await ws.fetchBranch("refs/pull/10/head", 5)).toBeNull();
    await expect(ws.resolveRef("refs/remotes/origin/refs/pull/9/head")).rejects.toThrow();
  });

  it("leaves a repository native git verifies: a complete pack and index, the shallow file right", async () => {
    const bare = server.repoPath("acme", "big");
    const tip = pushCommit(bare, "main", "stacksmith/issue-1/2-disk", { "src/m4/file4.ts": "export const four = 4;\n", "src/m5/new.ts": "new\n" });
    const { dir, ws } = diskClone("big");
    const before = packFiles(dir);
    expect(await ws.fetchBranch("stacksmith/issue-1/2-disk", 1)).toBe(tip);
    const added = packFiles(dir).filter((f) => !before.includes(f));
    expect(added).toHaveLength(1);
    const pack = join(dir, ".git/objects/pack", added[0] ?? "");
    expect(statSync(pack).size).toBeLessThan(16 * 1024);
    // Completed with the bases its deltas were cut against (the old trees): verify-pack refuses a thin pack.
    const packed = git(dir, ["verify-pack", "-v", pack.replace(/\.pack$/, ".idx")]).split("\n").filter((line) => /^[0-9a-f]{40} /.test(line));
    const introduced = git(bare, ["rev-list", "--objects", tip, "^main"]).split("\n");
    expect(packed.length).toBeGreaterThan(introduced.length);
    git(dir, ["fsck", "--strict", "--no-dangling"]);
    expect(git(dir, ["cat-file", "-p", `${tip}:src/m4/file4.ts`])).toBe("export const four = 4;");
    expect(git(dir, ["rev-parse", "refs/remotes/origin/stacksmith/issue-1/2-disk"])).toBe(tip);
    expect(git(dir, ["rev-list", tip]).split("\n")).toHaveLength(2);
  });

  it("deepens past the clone's head when asked for more history, and takes it out of the shallow file", async () => {
    const bare = server.repoPath("acme", "history");
    const one = pushCommit(bare, "main", "stacksmith/issue-2/1-deep", { "c.txt": "c\n" });
    const tip = pushCommit(bare, one, "stacksmith/issue-2/1-deep", { "d.txt": "d\n" });
    const { dir, ws } = diskClone("history");
    expect(git(dir, ["rev-parse", "--is-shallow-repository"])).toBe("true");
    expect(await ws.fetchBranch("stacksmith/issue-2/1-deep", 4)).toBe(tip);
    // Four commits reach the root: nothing is shallow any more.
    expect(git(dir, ["rev-parse", "--is-shallow-repository"])).toBe("false");
    expect(git(dir, ["rev-list", "--count", tip])).toBe("4");
    git(dir, ["fsck", "--strict", "--no-dangling"]);
  });

  it("fetches a branch whose base was force-pushed away, once it is gone from the server too", async () => {
    const bare = server.repoPath("acme", "rewritten");
    const ws = await cloneInMemory({ url: server.repoUrl("acme", "rewritten"), branch: "main", token, pushScope: null });
    const old = ws.head;
    // main is rewritten from a new root, and a part is built on it; the old head stays on the server for now.
    const root = git(bare, ["commit-tree", git(bare, ["mktree"], `100644 blob ${git(bare, ["hash-object", "-w", "--stdin"], "kept\n")}\tkeep.txt\n`), "-m", "new root"]);
    git(bare, ["update-ref", "refs/heads/main", root]);
    const tip = pushCommit(bare, "main", "stacksmith/issue-3/1-part", { "new.txt": "new\n" });
    expect(await ws.fetchBranch("stacksmith/issue-3/1-part", 1)).toBe(tip);
    await expectSameTree(ws, bare, tip);

    // Now the old history is collected on the server: what was offered as had is unknown there.
    const later = pushCommit(bare, "main", "stacksmith/issue-3/2-part", { "later.txt": "later\n" }, true);
    git(bare, ["reflog", "expire", "--expire=now", "--all"]);
    git(bare, ["gc", "-q", "--prune=now"]);
    expect(() => git(bare, ["cat-file", "-e", old])).toThrow();
    const { dir, ws: disk } = diskClone("rewritten");
    await disk.fetchBranch("stacksmith/issue-3/2-part", 1);
    git(dir, ["fsck", "--strict", "--no-dangling"]);
    expect(git(dir, ["cat-file", "-p", `${later}:later.txt`])).toBe("later");
    expect(await ws.fetchBranch("stacksmith/issue-3/2-part", 1)).toBe(later);
    await expectSameTree(ws, bare, later);
  });

  it("asks for more history than there is and takes the empty pack that answers", async () => {
    const { dir, ws } = diskClone("single");
    expect(await ws.fetchBranch("main", 5)).toBe(ws.head);
    git(dir, ["fsck", "--strict", "--no-dangling"]);
    expect(git(dir, ["rev-list", "--count", "HEAD"])).toBe("1");
  });

  it("answers null for a branch the remote does not have, as before", async () => {
    const ws = await cloneInMemory({ url: server.repoUrl("acme", "history"), branch: "main", token, pushScope: null });
    await expect(ws.fetchBranch("stacksmith/issue-9/1-gone", 1)).resolves.toBeNull();
    await expect(ws.resolveRef("refs/remotes/origin/stacksmith/issue-9/1-gone")).rejects.toThrow();
  });

  it("asks for a new token once when the remote refuses the one it has", async () => {
    const bare = server.repoPath("acme", "history");
    const tip = pushCommit(bare, "main", "stacksmith/issue-4/1-token", { "t.txt": "t\n" });
    let refreshed = 0;
    const expiring = async (refresh?: boolean): Promise<string> => {
      if (refresh === true) refreshed++;
      return refresh === true ? "ghs_fresh_token" : TOKEN;
    };
    const ws = await cloneInMemory({ url: server.repoUrl("acme", "history"), branch: "main", token: expiring, pushScope: null });
    server.tokens.clear();
    server.tokens.add("ghs_fresh_token");
    try {
      expect(await ws.fetchBranch("stacksmith/issue-4/1-token", 1)).toBe(tip);
    } finally {
      server.tokens.clear();
      server.tokens.add(TOKEN);
    }
    expect(refreshed).toBe(1);
  });

  it("holds a fetched pack to the clone's limits", async () => {
    const bare = server.repoPath("acme", "limited");
    pushCommit(bare, "main", "stacksmith/issue-5/1-big", { "big.bin": noise(1 << 20, 99) });
    const ws = await cloneInMemory({ url: server.repoUrl("acme", "limited"), branch: "main", token, pushScope: null, limits: { maxObjectBytes: 100_000 } });
    await expect(ws.fetchBranch("stacksmith/issue-5/1-big", 1)).rejects.toMatchObject({
      code: "REPO_TOO_LARGE",
      message: expect.stringContaining("over the limit of 100000 bytes per object"),
    });
  });
});
