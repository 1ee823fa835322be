import { logFormat, parseEnv } from "../config/env.js";
import { createLogger } from "../shared/logger.js";
import { startWorker } from "../worker.js";
import { UsageError, type CliCommand } from "./io.js";

/** Resolves on the first of these signals. */
function nextSignal(signals: NodeJS.Signals[]): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      for (const s of signals) process.off(s, on);
      resolve(signal);
    };
    for (const s of signals) process.on(s, on);
  });
}

/**
 * `stacksmith worker`: runs queued jobs until SIGTERM or SIGINT, then stops taking jobs
 * and waits for the running ones to finish. A second signal stops at once; the jobs it
 * interrupts are picked up again by another worker once their locks expire.
 */
export const worker: CliCommand = async (argv, io) => {
  const usage = "usage: stacksmith worker   (settings come from the environment: REDIS_URL, APP_ID, PRIVATE_KEY, and ANTHROPIC_API_KEY or STACKSMITH_PROVIDER=openai-compatible with OPENAI_BASE_URL; see the README)";
  if (argv.length === 1 && (argv[0] === "--help" || argv[0] === "-h")) {
    io.stdout.write(`${usage}\n`);
    return 0;
  }
  if (argv.length > 0) throw new UsageError(usage);
  // The environment first: a bad value (LOG_LEVEL=verbose) is one line and exit 2, not a logger's trace.
  const env = parseEnv(process.env);
  const log = createLogger({ level: env.LOG_LEVEL, format: logFormat(env) });
  // Listen first: a signal during start-up (waiting for Redis, say) stops the worker at once.
  const stop = nextSignal(["SIGTERM", "SIGINT"]);
  const aborted = new AbortController();
  void stop.then(() => aborted.abort());
  const starting = startWorker(process.env, log, aborted.signal);
  const first = await Promise.race([starting.then((running) => ({ running })), stop.then((signal) => ({ signal }))]);
  if (!("running" in first) || first.running === null) {
    log.info("worker stopped before it took a job");
    // Start-up may hold connections that are still trying Redis; nothing is running.
    setTimeout(() => process.exit(0), 100).unref();
    return 0;
  }
  const running = first.running;
  const signal = await stop;
  log.info({ signal }, "worker stopping: waiting for running jobs");
  void nextSignal(["SIGTERM", "SIGINT"]).then(() => process.exit(130));
  await running.close();
  log.info("worker stopped");
  // Probot's throttling keeps a Redis connection of its own that it never closes.
  setTimeout(() => process.exit(), 100).unref();
  return 0;
};
