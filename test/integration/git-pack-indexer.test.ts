import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indexPack, PackError, PackIndexer } from "../../src/git/pack-indexer.js";
import { git } from "../helpers/git-server.js";

let work: string;

/** Version `version` of file `file`: each version changes a few lines and appends some, so versions delta well. */
function text(file: number, version: number): string {
  const lines: string[] = [];
  for (let i = 0; i < 200 + version * 5; i++) {
    const changed = i % 13 === version % 13 ? version : 0;
    lines.push(`line ${i} of file ${file}: value ${(i * 7919 + file * 31 + changed * 104729) % 1000}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Packs objects with native `git pack-objects`; `input` is its stdin (object ids or, with --revs, revisions). */
function packObjects(args: string[], input: string): Buffer {
  const out = mkdtempSync(join(tmpdir(), "stacksmith-pack-"));
  try {
    execFileSync("git", ["pack-objects", ...args, join(out, "p")], { cwd: work, input, stdio: ["pipe", "ignore", "ignore"] });
    const name = readdirSync(out).find((f) => f.endsWith(".pack"));
    if (name === undefined) throw new Error("git pack-objects wrote no pack");
    return readFileSync(join(out, name));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
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

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "stacksmith-packrepo-"));
  git(work, ["init", "-q", "-b", "main"]);
  for (let c = 0; c < 12; c++) {
    for (let f = 0; f < 8; f++) writeFileSync(join(work, `f${f}.txt`), text(f, c));
    if (c === 0) {
      writeFileSync(join(work, "empty"), "");
      // Larger than zlib's output chunks and the side-band packets, and barely compressible.
      const big = Buffer.alloc(3 << 20);
      for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 27;
      writeFileSync(join(work, "big.bin"), big);
    }
    git(work, ["add", "-A"]);
    git(work, ["commit", "-q", "-m", `commit ${c}`]);
  }
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const allObjects = (): string => `${git(work, ["rev-list", "--objects", "--all"]).split("\n").map((l) => l.slice(0, 40)).join("\n")}\n`;

describe("indexPack", () => {
  it("writes the same .idx as git index-pack for a pack of offset deltas", async () => {
    const pack = packObjects(["--delta-base-offset", "--window=50", "--depth=50"], allObjects());
    const indexed = await indexPack(pack);
    expect(indexed.idx.equals(nativeIndex(pack))).toBe(true);
    expect(indexed.objects).toBe(pack.readUInt32BE(8));
    expect(indexed.checksum).toBe(pack.subarray(-20).toString("hex"));
  });

  it("indexes a pack that arrives in small pieces, as over the network", async () => {
    const pack = packObjects(["--delta-base-offset", "--window=50", "--depth=50"], allObjects());
    const indexer = new PackIndexer();
    // Piece sizes from 1 byte to 8 KiB, so headers, zlib streams and the trailer are all cut somewhere.
    for (let i = 0, n = 1; i < pack.length; i += n, n = (n * 7 + 3) % 8192 || 1) indexer.push(pack.subarray(i, i + n));
    const indexed = await indexer.finish();
    expect(indexed.pack.equals(pack)).toBe(true);
    expect(indexed.idx.equals(nativeIndex(pack))).toBe(true);
  });

  it("resolves deltas that name their base by oid (ref deltas)", async () => {
    const pack = packObjects(["--window=50", "--depth=50"], allObjects());
    expect((await indexPack(pack)).idx.equals(nativeIndex(pack))).toBe(true);
  });

  it("resolves delta chains deeper than 64", async () => {
    // One file in 150 versions, each changing one more line: packed as a chain of deltas.
    const deep = mkdtempSync(join(tmpdir(), "stacksmith-deep-"));
    try {
      git(deep, ["init", "-q", "--bare"]);
      const lines = Array.from({ length: 400 }, (_, i) => `line ${i} ${"x".repeat(i % 40)}`);
      let stream = "";
      for (let v = 0; v < 150; v++) {
        lines[(v * 7) % 400] = `changed in version ${v}`;
        const content = `${lines.join("\n")}\n`;
        stream += `commit refs/heads/main\ncommitter A <a@example.com> ${1_700_000_000 + v} +0000\ndata 1\nv\nM 100644 inline f.txt\ndata ${Buffer.byteLength(content)}\n${content}\n`;
      }
      git(deep, ["fast-import", "--quiet"], stream);
      const objects = `${git(deep, ["rev-list", "--objects", "--all"]).split("\n").map((l) => l.slice(0, 40)).join("\n")}\n`;
      const out = join(deep, "p");
      execFileSync("git", ["pack-objects", "--delta-base-offset", "--no-reuse-delta", "--window=250", "--depth=150", out], { cwd: deep, input: objects, stdio: ["pipe", "ignore", "ignore"] });
      const name = readdirSync(deep).find((f) => f.startsWith("p-") && f.endsWith(".pack")) ?? "";
      const pack = readFileSync(join(deep, name));
      const chains = git(deep, ["verify-pack", "-v", join(deep, name.replace(/pack$/, "idx"))]);
      expect(Math.max(...[...chains.matchAll(/chain length = (\d+)/g)].map((m) => Number(m[1])))).toBeGreaterThan(64);
      expect((await indexPack(pack)).idx.equals(nativeIndex(pack))).toBe(true);
    } finally {
      rmSync(deep, { recursive: true, force: true });
    }
  });

  it("refuses a pack whose checksum does not match", async () => {
    const pack = packObjects(["--delta-base-offset"], allObjects());
    const corrupt = Buffer.from(pack);
    corrupt[100] = (corrupt[100] ?? 0) ^ 0xff;
    await expect(indexPack(corrupt)).rejects.toThrow(PackError);
    await expect(indexPack(pack.subarray(0, pack.length - 30))).rejects.toThrow(PackError);
    await expect(indexPack(Buffer.from("not a pack at all, not at all"))).rejects.toThrow(PackError);
  });

  it("refuses a thin pack, whose delta bases are not in it", async () => {
    const pack = execFileSync("git", ["pack-objects", "--revs", "--thin", "--stdout", "--delta-base-offset"], { cwd: work, input: "main\n^main~1\n", maxBuffer: 1 << 30, stdio: ["pipe", "pipe", "ignore"] });
    await expect(indexPack(pack)).rejects.toThrow(/no base in the pack/);
  });

  it("completes a thin pack with the bases the repository has, as git index-pack --fix-thin does", async () => {
    const thin = execFileSync("git", ["pack-objects", "--revs", "--thin", "--stdout", "--delta-base-offset"], { cwd: work, input: "main\n^main~3\n", maxBuffer: 1 << 30, stdio: ["pipe", "pipe", "ignore"] });
    const asked: string[] = [];
    const types = ["", "commit", "tree", "blob", "tag"];
    const indexer = new PackIndexer();
    indexer.push(thin);
    const indexed = await indexer.finish(async (oid) => {
      asked.push(oid);
      const type = types.indexOf(git(work, ["cat-file", "-t", oid]));
      return { type, data: execFileSync("git", ["cat-file", types[type] ?? "blob", oid], { cwd: work, maxBuffer: 1 << 30 }) };
    });
    expect(asked.length).toBeGreaterThan(0);
    expect(indexed.objects).toBe(thin.readUInt32BE(8) + asked.length);
    expect(indexed.pack.readUInt32BE(8)).toBe(indexed.objects);
    expect(indexed.checksum).toBe(indexed.pack.subarray(-20).toString("hex"));
    // Native git takes the completed pack as it is, and indexes it to the same bytes.
    expect(indexed.idx.equals(nativeIndex(indexed.pack))).toBe(true);
    const withBases = await indexPack(indexed.pack);
    expect(withBases.idx.equals(indexed.idx)).toBe(true);
  });

  it("still refuses a thin pack whose bases the repository does not have either", async () => {
    const thin = execFileSync("git", ["pack-objects", "--revs", "--thin", "--stdout", "--delta-base-offset"], { cwd: work, input: "main\n^main~1\n", maxBuffer: 1 << 30, stdio: ["pipe", "pipe", "ignore"] });
    const indexer = new PackIndexer();
    indexer.push(thin);
    await expect(indexer.finish(async () => null)).rejects.toThrow(/no base in the pack or the repository/);
  });
});
