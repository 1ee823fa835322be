import type { z } from "zod";
import { MinedRecord, RECORD_SCHEMA } from "../mine/mined-record.js";
import { fromOutcome, type FromOutcome } from "./outcome-example.js";
import { OutcomeLine } from "./outcome-line.js";
import { OUTCOME_SCHEMA } from "./part-outcome.js";

/**
 * One line of a records file, validated: a mined record, or a flywheel outcome line turned into
 * an example, a negative, or an unusable line with its reason. A bad line is a value naming
 * the problem.
 */
export type TrainingItem = { kind: "record"; record: MinedRecord } | Exclude<FromOutcome, { kind: "example" }>;

export type RecordLine = { ok: true; item: TrainingItem } | { ok: false; error: string };

function firstIssue(what: string, error: z.ZodError): string {
  const issue = error.issues[0];
  return `not ${what}: ${issue === undefined ? "invalid" : `${issue.path.join(".") || "(root)"}: ${issue.message}`}`;
}

export function parseRecordLine(line: string): RecordLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { ok: false, error: `not JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  const schema = typeof value === "object" && value !== null ? (value as { schema?: unknown }).schema : undefined;
  if (schema === OUTCOME_SCHEMA) {
    const parsed = OutcomeLine.safeParse(value);
    if (!parsed.success) return { ok: false, error: firstIssue("an outcome line", parsed.error) };
    const item = fromOutcome(parsed.data);
    return { ok: true, item: item.kind === "example" ? { kind: "record", record: item.record } : item };
  }
  if (schema !== RECORD_SCHEMA) return { ok: false, error: `not a mined record or an outcome line: schema: expected "${RECORD_SCHEMA}" or "${OUTCOME_SCHEMA}"` };
  const parsed = MinedRecord.safeParse(value);
  if (!parsed.success) return { ok: false, error: firstIssue("a mined record", parsed.error) };
  return { ok: true, item: { kind: "record", record: parsed.data } };
}
