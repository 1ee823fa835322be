#!/usr/bin/env node
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { loadDotEnv } from "../config/dotenv-file.js";
import { EnvError } from "../config/env.js";
import { describeError } from "../shared/errors.js";
import { processIo, UsageError, type CliCommand, type CliIo } from "./io.js";

/** Each command is loaded only when it runs. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  bench: { summary: "run a benchmark (`stacksmith bench --help` lists them)", load: async () => (await import("./bench.js")).bench },
  schema: { summary: "print the JSON schema of .github/stacksmith.yml", load: async () => (await import("./schema.js")).schemaCommand },
  reward: {
    summary: "SWE-RL reward, difflib ratio and patch for JSON lines on stdin, or over HTTP (--serve)",
    load: async () => (await import("./reward.js")).rewardCommand,
  },
  mine: { summary: "mine a repository's history into task records (JSONL)", load: async () => (await import("./mine.js")).mineCommand },
  eval: { summary: "score the agent (or --oracle) on mined records", load: async () => (await import("./eval.js")).evalCommand },
  curriculum: { summary: "order records from easy to hard, optionally in stages", load: async () => (await import("./curriculum.js")).curriculumCommand },
  export: { summary: "write records as training data (--format swe-rl, verl, trl; JSON lines or Parquet)", load: async () => (await import("./export.js")).exportCommand },
  fix: { summary: "locate, plan and edit on a local repository, writing stacked branches", load: async () => (await import("./fix.js")).fixCommand },
  worker: { summary: "run queued jobs from Redis (REDIS_URL) until SIGTERM", load: async () => (await import("./worker.js")).worker },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`);
  return ["usage: stacksmith <command> [options]", "", "commands:", ...lines, ""].join("\n");
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr.write(`stacksmith: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  try {
    return await (await command.load())(rest, io);
  } catch (err) {
    io.stderr.write(`stacksmith ${name}: ${describeError(err)}\n`);
    return err instanceof UsageError || err instanceof EnvError ? 2 : 1;
  }
}

const entry = process.argv[1];
const isMain = entry !== undefined && import.meta.url === pathToFileURL(realpathSync(entry)).href;
if (isMain) {
  // `.env` first, as the server reads it: the worker and the commands that need keys find them there.
  try {
    loadDotEnv();
  } catch (err) {
    process.stderr.write(`stacksmith: ${describeError(err)}\n`);
    process.exit(2);
  }
  runCli(process.argv.slice(2), processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`stacksmith: ${describeError(err)}\n`);
      process.exitCode = 1;
    },
  );
}
