import { once } from "node:events";
import { Readable, Writable } from "node:stream";
import type { CliIo } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/main.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

/** Runs `stacksmith <argv>` in this process with captured output. */
export async function runStacksmith(argv: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; stdin?: string } = {}): Promise<CliRun> {
  const stdout = collector();
  const stderr = collector();
  const io: CliIo = { stdin: Readable.from([Buffer.from(options.stdin ?? "")]), stdout: stdout.stream, stderr: stderr.stream, env: options.env ?? {}, cwd: options.cwd ?? process.cwd() };
  const code = await runCli(argv, io);
  stdout.stream.end();
  stderr.stream.end();
  await Promise.all([once(stdout.stream, "finish"), once(stderr.stream, "finish")]);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

export function jsonLines(text: string): unknown[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as unknown);
}
