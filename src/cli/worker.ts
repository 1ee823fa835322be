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
export const worker: CliCommand = async (argv) => {
  if (argv.length > 0) throw new UsageError("usage: stacksmith worker   (settings come from the environment; see the README)");
  const log = createLogger({ level: process.env.LOG_LEVEL ?? "info" });
  // Listen first: a signal during start-up stops the worker as soon as it is up.
  const stop = nextSignal(["SIGTERM", "SIGINT"]);
  const running = await startWorker(process.env, log);
  const signal = await stop;
  log.info({ signal }, "worker stopping: waiting for running jobs");
  void nextSignal(["SIGTERM", "SIGINT"]).then(() => process.exit(130));
  await running.close();
  log.info("worker stopped");
  // Probot's throttling keeps a Redis connection of its own that it never closes.
  setTimeout(() => process.exit(), 100).unref();
  return 0;
};
