import { pino, type Logger as PinoLogger } from "pino";
import { PinoPretty } from "pino-pretty";
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
  /** JSON lines (the default), or lines for people, as the server's Probot writes them. */
  format?: "json" | "pretty";
  /** Values that must never be written, e.g. tokens and keys. */
  redact?: readonly string[];
}

/** Fields never written as they are. */
const REDACT = { paths: ["token", "*.token", "authorization", "*.authorization", "apiKey", "*.apiKey"], censor: "[redacted]" };

/** A logger on stderr, for the CLI and the worker process: JSON lines, or pretty ones. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const destination =
    options.format === "pretty"
      ? // In this process, synchronously (no worker thread); the fields Probot's pretty lines leave out.
        PinoPretty({ destination: 2, sync: true, ignore: "time,pid,hostname", errorProps: "event,status,headers,request" })
      : pino.destination(2);
  return pino(
    {
      level: options.level ?? "info",
      redact: REDACT,
    },
    destination,
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
