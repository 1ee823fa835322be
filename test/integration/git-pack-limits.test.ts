import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseEnv } from "../../src/config/env.js";
import { cloneInMemory } from "../../src/git/memory-clone.js";
import { indexPack, PackError, PackIndexer, PackTooLargeError } from "../../src/git/pack-indexer.js";
import { createJobDeps } from "../../src/runtime.js";
import { silentLogger } from "../../src/shared/logger.js";
import { blobOid, BLOB, buildPack, delta, type Entry } from "../helpers/pack-builder.js";
import { advertisement, startScriptedGitServer, uploadPackResult, type ScriptedGitServer } from "../helpers/scripted-git-server.js";

const MiB = 1 << 20;

/** `n` bytes that do not compress, different for each `seed`. */
function noise(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** The .idx `git index-pack` writes for `pack`. */
function nativeIndex(pack: Buffer): Buffer {
  const dir = mkdtempSync(join(tmpdir(), "stacksmith-idx-"));
  try {
    writeFileSync(join(dir, "x.pack"), pack);
    execFileSync("git", ["index-pack", "-o", join(dir, "x.idx"), join(dir, "x.pack")], { stdio: "ignore" });
    return readFileSync(join(dir, "x.idx"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One 8-byte blob, then `depth` deltas, each on the one before: keep the last 4 bytes of the
 * base, append the level's number. Offset deltas, or ref deltas naming their base by oid.
 */
function chain(depth: number, kind: "ofs" | "ref"): Buffer {
  let content = Buffer.from("chain000");
  const entries: Entry[] = [{ type: BLOB, data: content }];
  for (let level = 1; level <= depth; level++) {
    const suffix = Buffer.alloc(4);
    suffix.writeUInt32BE(level);
    const d = delta(8, 8, [{ copy: [4, 4] }, { insert: suffix }]);
    entries.push(kind === "ofs" ? { ofsDelta: level - 1, delta: d } : { refDelta: blobOid(content), delta: d });
    content = Buffer.concat([content.subarray(4), suffix]);
  }
  return buildPack(entries);
}

describe("a pack that claims more than it holds", () => {
  it("does not size its tables from an object count the body cannot hold", async () => {
    const pack = buildPack([{ type: BLOB, data: Buffer.from("hello") }], 50_000_000);
    const before = process.memoryUsage().arrayBuffers;
    const indexer = new PackIndexer();
    // The header and the one object; the stream then ends without the 49,999,999 others.
    indexer.push(pack.subarray(0, -20));
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * MiB);
    await expect(indexer.finish()).rejects.toThrow("the pack's header claims 50000000 objects, more than its 26 bytes can hold");
    const most = new PackIndexer();
    most.push(buildPack([{ type: BLOB, data: Buffer.from("hello") }], 0xffffffff).subarray(0, -20));
    await expect(most.finish()).rejects.toThrow(PackError);
  });

  it("refuses an object whose header claims more than the per-object limit, before inflating it", async () => {
    const lying = buildPack([{ type: BLOB, data: Buffer.from("tiny"), claimedSize: 2 ** 40 }]);
    await expect(indexPack(lying)).rejects.toThrow(PackTooLargeError);
    const big = buildPack([{ type: BLOB, data: Buffer.alloc(2 * MiB) }]);
    await expect(indexPack(big, { maxObjectBytes: MiB })).rejects.toThrow(/object 0 inflates to 2097152 bytes, over the limit of 1048576/);
    expect((await indexPack(big, { maxObjectBytes: 2 * MiB })).objects).toBe(1);
  });

  it("refuses a pack whose objects together inflate to more than the total limit (a zip bomb)", async () => {
    const entries: Entry[] = Array.from({ length: 8 }, (_, i) => ({ type: BLOB, data: Buffer.alloc(512 * 1024, i) }));
    const pack = buildPack(entries);
    expect(pack.length).toBeLessThan(64 * 1024);
    await expect(indexPack(pack, { maxInflatedBytes: 2 * MiB })).rejects.toThrow(PackTooLargeError);
    expect((await indexPack(pack, { maxInflatedBytes: 4 * MiB })).objects).toBe(8);
  });

  it("refuses a delta whose result is over the per-object limit, before building it", async () => {
    const base = noise(64 * 1024, 1);
    const copies = Array.from({ length: 64 }, () => ({ copy: [0, 64 * 1024] as [number, number] }));
    const pack = buildPack([{ type: BLOB, data: base }, { ofsDelta: 0, delta: delta(base.length, 4 * MiB, copies) }]);
    await expect(indexPack(pack, { maxObjectBytes: MiB })).rejects.toThrow(/inflates to 4194304 bytes, over the limit of 1048576/);
    expect((await indexPack(pack)).idx.equals(nativeIndex(pack))).toBe(true);
    const lying = buildPack([{ type: BLOB, data: base }, { ofsDelta: 0, delta: delta(base.length, 2 ** 40, [{ copy: [0, 16] }]) }]);
    await expect(indexPack(lying)).rejects.toThrow(PackTooLargeError);
  });

  it("counts what deltas rebuild towards the total limit", async () => {
    const base = noise(256 * 1024, 2);
    const entries: Entry[] = [{ type: BLOB, data: base }];
    for (let i = 0; i < 16; i++) {
      const ops = [...Array.from({ length: 4 }, () => ({ copy: [0, base.length] as [number, number] })), { insert: Buffer.from([i]) }];
      entries.push({ ofsDelta: 0, delta: delta(base.length, 4 * base.length + 1, ops) });
    }
    const pack = buildPack(entries);
    await expect(indexPack(pack, { maxInflatedBytes: 8 * MiB })).rejects.toThrow(/inflate to more than 8388608 bytes/);
    expect((await indexPack(pack, { maxInflatedBytes: 32 * MiB })).objects).toBe(17);
  });
});

describe("a long delta chain", () => {
  it.each(["ofs", "ref"] as const)("resolves a chain of 20,000 %s deltas without running out of stack", async (kind) => {
    const pack = chain(20_000, kind);
    expect((await indexPack(pack)).idx.equals(nativeIndex(pack))).toBe(true);
  });
});

describe("a hostile pack through the clone", () => {
  let server: ScriptedGitServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const serve = async (pack: Buffer): Promise<string> => {
    server = await startScriptedGitServer({
      advertise: (res) => res.end(advertisement({ "refs/heads/main": "1".repeat(40) })),
      uploadPack: (res) => res.end(uploadPackResult([], pack)),
    });
    return server.repoUrl;
  };

  it("fails the clone as REPO_TOO_LARGE, saying which limit the pack broke", async () => {
    const url = await serve(buildPack([{ type: BLOB, data: Buffer.alloc(2 * MiB) }]));
    const attempt = cloneInMemory({ url, branch: "main", token: async () => "t", pushScope: null, limits: { maxObjectBytes: MiB } });
    await expect(attempt).rejects.toMatchObject({
      code: "REPO_TOO_LARGE",
      message: "the repository is too large to clone in memory: object 0 inflates to 2097152 bytes, over the limit of 1048576 bytes per object",
    });
  });

  it("takes the app's limits from STACKSMITH_MAX_REPO_MB", async () => {
    const url = await serve(buildPack([{ type: BLOB, data: noise(MiB, 3) }]));
    const deps = createJobDeps(async () => Promise.reject(new Error("no GitHub here")), parseEnv({ STACKSMITH_MAX_REPO_MB: "0.5", STACKSMITH_STATE_SECRET: "a-state-secret-for-this-test" }), silentLogger());
    await expect(deps.clone({ url, branch: "main", token: async () => "t", pushScope: { issue: 1 } })).rejects.toMatchObject({
      code: "REPO_TOO_LARGE",
      message: "the repository is too large to clone in memory: the pack is bigger than 524288 bytes, the limit",
    });
  });
});
