import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { rename, rm, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Writable } from "node:stream";
import { UsageError } from "./io.js";

/** Writes one line, waiting when the stream is full. */
async function writeText(out: Writable, line: string): Promise<void> {
  if (!out.write(`${line}\n`)) await once(out, "drain");
}

/** Writes one JSON value per line, waiting when the stream is full. */
export function writeLine(out: Writable, value: unknown): Promise<void> {
  return writeText(out, JSON.stringify(value));
}

export interface JsonlFile {
  write(value: unknown): Promise<void>;
  /** Writes a line that already holds JSON. */
  writeText(line: string): Promise<void>;
  /** Moves the finished file into place. */
  commit(): Promise<void>;
  /** Drops the unfinished file; the previous one, if any, is untouched. */
  abort(): Promise<void>;
}

/**
 * A JSONL output file written as `<path>.partial` and renamed when complete, so a run that
 * fails never leaves a truncated file where a good one was. `-` is standard output.
 */
export async function openJsonlFile(path: string, cwd: string, stdout: Writable): Promise<JsonlFile> {
  if (path === "-") return { write: (v) => writeLine(stdout, v), writeText: (t) => writeText(stdout, t), commit: async () => undefined, abort: async () => undefined };
  const target = resolve(cwd, path);
  const folder = await stat(dirname(target)).catch(() => null);
  if (folder === null || !folder.isDirectory()) throw new UsageError(`cannot write ${path}: the folder ${dirname(target)} does not exist`);
  const partial = `${target}.partial`;
  const stream: WriteStream = createWriteStream(partial);
  await once(stream, "open");
  const end = async (): Promise<void> => {
    if (stream.closed) return;
    stream.end();
    await once(stream, "close");
  };
  return {
    write: (v) => writeLine(stream, v),
    writeText: (t) => writeText(stream, t),
    commit: async () => {
      await end();
      await rename(partial, target);
    },
    abort: async () => {
      await end();
      await rm(partial, { force: true });
    },
  };
}
