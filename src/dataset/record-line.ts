import { MinedRecord } from "./mined-record.js";

export type RecordLine = { ok: true; record: MinedRecord } | { ok: false; error: string };

/** One line of a records file, validated; a bad line is a value naming the problem. */
export function parseRecordLine(line: string): RecordLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { ok: false, error: `not JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  const parsed = MinedRecord.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `not a mined record: ${issue === undefined ? "invalid" : `${issue.path.join(".") || "(root)"}: ${issue.message}`}` };
  }
  return { ok: true, record: parsed.data };
}
