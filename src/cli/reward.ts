import { once } from "node:events";
import { availableParallelism } from "node:os";
import { createInterface } from "node:readline";
import { answerRewardLine } from "../dataset/reward/reward-request.js";
import { parseCliArgs, positiveInt } from "./cli-args.js";
import { UsageError, type CliCommand, type CliIo } from "./io.js";
import { serveRewards } from "./reward-serve.js";

const DEFAULT_PORT = 8787;
const DEFAULT_DEADLINE_MS = 10_000;
const DEFAULT_MAX_BODY_MB = 256;

const HELP = `usage: stacksmith reward < requests.jsonl > responses.jsonl
       stacksmith reward --serve [--host 127.0.0.1] [--port ${DEFAULT_PORT}] [--workers n] [--deadline-ms ${DEFAULT_DEADLINE_MS}]

Reads JSON lines on stdin and writes one JSON line per input line, in order:
  {"code_context": {path: text}, "oracle_new_content": {path: text}, "output": text}
      -> {"reward": number, "error": string | null}     SWE-RL's search/replace reward
  {"a": text, "b": text, "autojunk": bool}  (autojunk defaults to true)
      -> {"ratio": number}                              difflib SequenceMatcher(None, a, b).ratio()
  {"old": text, "new": text}
      -> {"patch": text}                                SWE-RL's headerless unified diff
A line that cannot be read gets {"error": "..."}.

With --serve, the same over HTTP until SIGINT or SIGTERM:
  POST /reward  {"items": [request, ...]}  ->  {"results": [response, ...]}, in order
  GET /health   ->  {"status": "ok", "workers": n, "busy": n, "queued": n}
  --host <h>            the address to listen on (default 127.0.0.1)
  --port <n>            the port (default ${DEFAULT_PORT}; 0: any free port, printed at start)
  --workers <n>         worker threads scoring in parallel (default: the cores, ${availableParallelism()} here)
  --deadline-ms <n>     a request not answered this long after a worker took it gets
                        {"reward": null, "error": "..."} and its worker is replaced (default ${DEFAULT_DEADLINE_MS})
  --max-body-mb <n>     the largest batch body accepted (default ${DEFAULT_MAX_BODY_MB})
`;

async function serve(values: Record<string, string | boolean | undefined>, io: CliIo): Promise<number> {
  const str = (name: string): string | undefined => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const options = {
    host: str("host") ?? "127.0.0.1",
    port: positiveInt(str("port"), "--port", DEFAULT_PORT, 0),
    workers: positiveInt(str("workers"), "--workers", availableParallelism()),
    deadlineMs: positiveInt(str("deadline-ms"), "--deadline-ms", DEFAULT_DEADLINE_MS),
    maxBodyBytes: positiveInt(str("max-body-mb"), "--max-body-mb", DEFAULT_MAX_BODY_MB) * 1024 * 1024,
  };
  if (options.port > 65_535) throw new UsageError(`--port must be at most 65535, not '${options.port}'`);
  // Listen for the signal before anything else: one sent as soon as the start line shows must stop the server.
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM"];
  const stopped = new Promise<void>((resolve) => {
    const stop = (): void => {
      for (const s of signals) process.off(s, stop);
      resolve();
    };
    for (const s of signals) process.on(s, stop);
  });
  let server: Awaited<ReturnType<typeof serveRewards>>;
  try {
    server = await serveRewards(options);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") throw new Error(`${options.host}:${options.port} is already in use: give another --port`);
    if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") throw new Error(`cannot listen on ${options.host}: give another --host`);
    throw err;
  }
  io.stderr.write(`stacksmith reward: serving on ${server.url} (${options.workers} workers, ${options.deadlineMs} ms per request)\n`);
  await stopped;
  await server.close();
  io.stderr.write("stacksmith reward: stopped\n");
  return 0;
}

/** `stacksmith reward`: streams JSON lines through the SWE-RL reward, one at a time; or serves it over HTTP. */
export const rewardCommand: CliCommand = async (argv, io) => {
  const { values, positionals } = parseCliArgs(
    argv,
    {
      serve: { type: "boolean" },
      host: { type: "string" },
      port: { type: "string" },
      workers: { type: "string" },
      "deadline-ms": { type: "string" },
      "max-body-mb": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    true,
  );
  if (values.help === true) {
    io.stdout.write(HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0] ?? ""}' (see --help)`);
  if (values.serve === true) return serve(values, io);
  const served = ["host", "port", "workers", "deadline-ms", "max-body-mb"].find((flag) => Object.hasOwn(values, flag));
  if (served !== undefined) throw new UsageError(`--${served} needs --serve`);
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!io.stdout.write(`${JSON.stringify(answerRewardLine(line))}\n`)) await once(io.stdout, "drain");
  }
  return 0;
};
