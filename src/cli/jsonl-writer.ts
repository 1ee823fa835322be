import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { resolve } from "node:path";
import type { Writable } from "node:stream";
import { outputMode } from "./output-target.js";

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
 * fails never leaves a truncated file where a good one was; a device or pipe is written as it is
 * (output-target.ts). `-` is standard output.
 */
export async function openJsonlFile(path: string, cwd: string, stdout: Writable): Promise<JsonlFile> {
  if (path === "-") return { write: (v) => writeLine(stdout, v), writeText: (t) => writeText(stdout, t), commit: async () => undefined, abort: async () => undefined };
  const target = resolve(cwd, path);
  const mode = await outputMode(target, path);
  const partial = `${target}.partial`;
  const stream: WriteStream = createWriteStream(mode === "replace" ? partial : target);
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
      if (mode === "replace") await rename(partial, target);
    },
    abort: async () => {
      await end();
      if (mode === "replace") await rm(partial, { force: true });
    },
  };
}
