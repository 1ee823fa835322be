import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { parseRecordLine, type TrainingItem } from "../dataset/outcomes/record-line.js";
import { UsageError } from "./io.js";

export type RecordItem = { line: number; item: TrainingItem } | { line: number; error: string };

/** Checks that a records file exists before any work starts. */
export async function requireFile(path: string, cwd: string, flag: string): Promise<string> {
  const full = resolve(cwd, path);
  const info = await stat(full).catch(() => null);
  if (info === null || !info.isFile()) throw new UsageError(`${flag} ${path}: no such file`);
  return full;
}

/** How many records (non-blank lines) a records file holds, read line by line; for progress. */
export async function countRecords(path: string): Promise<number> {
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) if (text.trim() !== "") n++;
  return n;
}

/**
 * A records file (mined records, outcome lines, or both), one validated item (or the line's
 * problem) at a time; blank lines are skipped.
 */
export async function* readRecords(path: string): AsyncGenerator<RecordItem> {
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) {
    n++;
    if (text.trim() === "") continue;
    const parsed = parseRecordLine(text);
    yield parsed.ok ? { line: n, item: parsed.item } : { line: n, error: parsed.error };
  }
}

/** The stderr line for an outcome line that cannot be trained on. */
export function unusableLine(file: string, line: number, item: Extract<TrainingItem, { kind: "unusable" }>): string {
  return `${file}:${line}: ${item.id}: ${item.reason}; skipped\n`;
}
