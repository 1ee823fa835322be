import { promises as diskFs } from "node:fs";
import { posix } from "node:path";
import { createMapFs, type MapFs, type MapFsStats } from "./map-fs.js";

type Lower = Pick<typeof diskFs, "readFile" | "stat" | "lstat" | "readdir" | "readlink">;

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

function exists(err: unknown): NodeJS.ErrnoException {
  const e: NodeJS.ErrnoException = new Error(`EEXIST: mkdir '${String(err)}'`);
  e.code = "EEXIST";
  return e;
}

/**
 * A repository on disk, read as it is, with every write kept in memory: what `eval` needs to
 * run the pipeline (which writes commits) on someone's repository without adding a file to it.
 * Reads look in memory first, then on disk; directories list both. Hand-written because
 * union file systems send a write the upper layer refuses (its folder is missing there) on to
 * the disk, which is exactly what this must never do.
 */
export function createOverlayFs(lower: Lower = diskFs): { promises: MapFs } {
  const upper = createMapFs().promises;
  const onDisk = async (path: string): Promise<MapFsStats | null> => {
    try {
      return (await lower.stat(path)) as unknown as MapFsStats;
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  };
  /** Makes the folder and its parents in memory, where each exists on disk or in memory already. */
  const ensureDir = async (dir: string): Promise<void> => {
    const p = posix.resolve("/", dir);
    if (await upper.stat(p).then((s) => s.isDirectory(), () => false)) return;
    if (p !== "/") await ensureDir(posix.dirname(p));
    await upper.mkdir(p).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "EEXIST") throw err;
    });
  };
  const statOf = async (call: "stat" | "lstat", path: string): Promise<MapFsStats> => {
    try {
      return await upper[call](path);
    } catch (err) {
      if (!isMissing(err)) throw err;
      return (await lower[call](path)) as unknown as MapFsStats;
    }
  };
  const promises: MapFs = {
    async readFile(path, options) {
      try {
        return await upper.readFile(path, options);
      } catch (err) {
        if (!isMissing(err) || path === undefined) throw err;
        return lower.readFile(path, options as Parameters<typeof diskFs.readFile>[1]);
      }
    },
    async writeFile(path, data, options) {
      const parent = posix.dirname(posix.resolve("/", path));
      const there = await onDisk(parent);
      if (there === null && !(await upper.stat(parent).then(() => true, () => false))) {
        // As a disk would answer: the folder is not there.
        return upper.writeFile(path, data, options);
      }
      await ensureDir(parent);
      return upper.writeFile(path, data, options);
    },
    async mkdir(path) {
      const p = posix.resolve("/", path);
      if ((await onDisk(p)) !== null) throw exists(p);
      const parent = posix.dirname(p);
      if ((await onDisk(parent)) !== null) await ensureDir(parent);
      return upper.mkdir(p);
    },
    rmdir: (path) => upper.rmdir(path),
    unlink: (path) => upper.unlink(path),
    stat: (path) => statOf("stat", path),
    lstat: (path) => statOf("lstat", path),
    async readdir(path) {
      const [a, b] = await Promise.allSettled([upper.readdir(path), lower.readdir(path)]);
      if (a.status === "rejected" && b.status === "rejected") throw b.reason;
      return [...new Set([...(a.status === "fulfilled" ? a.value : []), ...(b.status === "fulfilled" ? b.value : [])])];
    },
    async readlink(path) {
      return (await lower.readlink(path)) as never;
    },
    symlink: (target, path) => upper.symlink(target, path),
  };
  return { promises };
}
