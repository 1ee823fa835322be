import type { Readable, Writable } from "node:stream";

/** The CLI's side effects, passed in so commands are testable in-process. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export type CliCommand = (argv: string[], io: CliIo) => Promise<number>;

export function processIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** A usage error: printed on stderr without a stack, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
