import { pino, type Logger as PinoLogger } from "pino";
import { actionsLogLine } from "./actions-log-line.js";

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

/** Fields never written as they are. */
const REDACT = { paths: ["token", "*.token", "authorization", "*.authorization", "apiKey", "*.apiKey"], censor: "[redacted]" };

/** A JSON logger on stderr, for the CLI and the worker process. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? "info",
      redact: REDACT,
    },
    pino.destination(2),
  );
}

/** A logger for a GitHub Actions step: one line per record on stdout, warnings and errors as annotations. */
export function createActionsLogger(options: LoggerOptions & { write?: (line: string) => void } = {}): PinoLogger {
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  return pino(
    {
      level: options.level ?? "info",
      redact: REDACT,
    },
    { write: (record: string) => write(actionsLogLine(record)) },
  );
}

/** A logger that drops everything (tests, library use). */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
