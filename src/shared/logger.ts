import { pino } from "pino";

type LogFn = {
  (msg: string): void;
  (obj: object, msg?: string): void;
};

/** The logging surface the code depends on; pino (and so Probot's `app.log`) satisfies it. */
export interface Logger {
  trace: LogFn;
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  fatal: LogFn;
  child(bindings: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level?: string;
  /** Values that must never be written, e.g. tokens and keys. */
  redact?: readonly string[];
}

/** A JSON logger on stderr, for the CLI and the worker process. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? "info",
      redact: { paths: ["token", "*.token", "authorization", "*.authorization", "apiKey", "*.apiKey"], censor: "[redacted]" },
    },
    pino.destination(2),
  );
}

/** A logger that drops everything (tests, library use). */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
