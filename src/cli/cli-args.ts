import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./io.js";

/** node:util parseArgs with its errors as usage errors (a clear message, exit code 2). */
export function parseCliArgs<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message.replace(/\. To specify a positional argument.*$/s, "") : String(err));
  }
}

export function positiveInt(value: string | undefined, flag: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} must be an integer of at least ${min}, not '${value}'`);
  return n;
}

/** A date (`2024-01-31` or any ISO 8601 time) as seconds since the epoch. */
export function parseDate(value: string, flag: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new UsageError(`${flag} must be a date like 2024-01-31, not '${value}'`);
  return Math.floor(ms / 1000);
}
