import { posix } from "node:path";

/**
 * The promise file system isomorphic-git needs for a bare repository, over a Map.
 *
 * It stores written buffers as they are and returns them as they are: no copies. isomorphic-git
 * wraps what it reads in `Buffer.from()`, which copies a Buffer but only views an ArrayBuffer,
 * so a file that fills its ArrayBuffer (the pack, see pack-indexer.ts) is returned as that
 * ArrayBuffer: the pack is then in memory once, not twice. isomorphic-git reads packs, indexes,
 * refs and config without changing them. Symbolic links are not supported: a bare repository
 * has none.
 */
export interface MapFs {
  readFile(path: string, options?: string | { encoding?: string | null }): Promise<Buffer | ArrayBuffer | string>;
  writeFile(path: string, data: Uint8Array | string, options?: string | { encoding?: string | null }): Promise<void>;
  mkdir(path: string): Promise<void>;
  rmdir(path: string): Promise<void>;
  unlink(path: string): Promise<void>;
  stat(path: string): Promise<MapFsStats>;
  lstat(path: string): Promise<MapFsStats>;
  readdir(path: string): Promise<string[]>;
  readlink(path: string): Promise<never>;
  symlink(target: string, path: string): Promise<never>;
}

export interface MapFsStats {
  type: "file" | "dir";
  mode: number;
  size: number;
  ino: number;
  mtimeMs: number;
  ctimeMs: number;
  uid: number;
  gid: number;
  dev: number;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

/**
 * An error as Node's fs makes it. Without a stack trace: isomorphic-git probes for loose
 * objects before every packed read, and capturing a stack for each ENOENT took ~35 µs.
 */
function fsError(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  const err: NodeJS.ErrnoException = new Error(`${code}: ${syscall} '${path}'`);
  Error.stackTraceLimit = limit;
  err.code = code;
  err.syscall = syscall;
  err.path = path;
  return err;
}

function encodingOf(options: string | { encoding?: string | null } | undefined): BufferEncoding | undefined {
  const encoding = typeof options === "string" ? options : options?.encoding;
  return encoding === null || encoding === undefined || encoding === "buffer" ? undefined : (encoding as BufferEncoding);
}

/** A new empty file system, shaped as isomorphic-git's promise `fs` client. */
export function createMapFs(): { promises: MapFs } {
  const files = new Map<string, Buffer>();
  const dirs = new Map<string, Set<string>>([["/", new Set()]]);
  const clean = (path: string): string => {
    const p = posix.resolve("/", path);
    return p.length > 1 && p.endsWith("/") ? p.slice(0, -1) : p;
  };
  const parentOf = (path: string, syscall: string): Set<string> => {
    const parent = dirs.get(posix.dirname(path));
    if (parent === undefined) throw fsError(files.has(posix.dirname(path)) ? "ENOTDIR" : "ENOENT", syscall, path);
    return parent;
  };
  const stats = (path: string, syscall: string): MapFsStats => {
    const file = files.get(path);
    const isDir = dirs.has(path);
    if (file === undefined && !isDir) throw fsError("ENOENT", syscall, path);
    return {
      type: isDir ? "dir" : "file",
      mode: isDir ? 0o40755 : 0o100644,
      size: file?.byteLength ?? 0,
      ino: 0,
      mtimeMs: 0,
      ctimeMs: 0,
      uid: 1,
      gid: 1,
      dev: 1,
      isFile: () => !isDir,
      isDirectory: () => isDir,
      isSymbolicLink: () => false,
    };
  };

  const promises: MapFs = {
    async readFile(path, options) {
      // isomorphic-git calls readFile() with no path on every command, to see whether it returns a promise.
      if (path === undefined) return "";
      const p = clean(path);
      const file = files.get(p);
      if (file === undefined) throw fsError(dirs.has(p) ? "EISDIR" : "ENOENT", "open", p);
      const encoding = encodingOf(options);
      if (encoding !== undefined) return file.toString(encoding);
      return file.byteOffset === 0 && file.byteLength === file.buffer.byteLength ? (file.buffer as ArrayBuffer) : file;
    },
    async writeFile(path, data, options) {
      const p = clean(path);
      if (dirs.has(p)) throw fsError("EISDIR", "open", p);
      const parent = parentOf(p, "open");
      const buffer = typeof data === "string" ? Buffer.from(data, encodingOf(options) ?? "utf8") : Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      files.set(p, buffer);
      parent.add(posix.basename(p));
    },
    async mkdir(path) {
      const p = clean(path);
      if (dirs.has(p) || files.has(p)) throw fsError("EEXIST", "mkdir", p);
      parentOf(p, "mkdir").add(posix.basename(p));
      dirs.set(p, new Set());
    },
    async rmdir(path) {
      const p = clean(path);
      const dir = dirs.get(p);
      if (dir === undefined) throw fsError(files.has(p) ? "ENOTDIR" : "ENOENT", "rmdir", p);
      if (dir.size > 0) throw fsError("ENOTEMPTY", "rmdir", p);
      if (p === "/") throw fsError("EBUSY", "rmdir", p);
      dirs.delete(p);
      parentOf(p, "rmdir").delete(posix.basename(p));
    },
    async unlink(path) {
      const p = clean(path);
      if (!files.delete(p)) throw fsError(dirs.has(p) ? "EISDIR" : "ENOENT", "unlink", p);
      parentOf(p, "unlink").delete(posix.basename(p));
    },
    async stat(path) {
      return stats(clean(path), "stat");
    },
    async lstat(path) {
      return stats(clean(path), "lstat");
    },
    async readdir(path) {
      const p = clean(path);
      const dir = dirs.get(p);
      if (dir === undefined) throw fsError(files.has(p) ? "ENOTDIR" : "ENOENT", "scandir", p);
      return [...dir];
    },
    async readlink(path) {
      throw fsError(files.has(clean(path)) || dirs.has(clean(path)) ? "EINVAL" : "ENOENT", "readlink", path);
    },
    async symlink(_target, path) {
      throw fsError("EPERM", "symlink", path);
    },
  };
  return { promises };
}
