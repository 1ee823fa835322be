import { toSweRlExample } from "../dataset/export/swe-rl-export.js";
import type { TableShape } from "../dataset/export/table-shape.js";
import { toTrlRow, TRL_SHAPE } from "../dataset/export/trl-row.js";
import { toVerlRow, VERL_SHAPE } from "../dataset/export/verl-row.js";
import type { MinedRecord } from "../dataset/mine/mined-record.js";
import { parseCliArgs } from "./cli-args.js";
import { UsageError, type CliCommand } from "./io.js";
import { openJsonlFile } from "./jsonl-writer.js";
import { openParquetFile, type RowFile } from "./parquet-file.js";
import { readRecords, requireFile, unusableLine } from "./read-records.js";
import { toNegativeRow } from "../dataset/export/negative-row.js";

interface Format {
  /** The columns, for a Parquet file; null: JSON lines only. */
  shape: TableShape | null;
  row: (record: MinedRecord, index: number) => object;
}

const FORMATS: Record<string, Format> = {
  "swe-rl": { shape: null, row: (record) => toSweRlExample(record) },
  verl: { shape: VERL_SHAPE, row: (record, index) => toVerlRow(toSweRlExample(record), index) },
  trl: { shape: TRL_SHAPE, row: (record) => toTrlRow(toSweRlExample(record)) },
};
const NAMES = Object.keys(FORMATS).join(", ");

const HELP = `usage: stacksmith export --records records.jsonl --format swe-rl|verl|trl [--out file] [--negatives file]

Writes one training example per record (see docs/learning-loop.md, "Export"): SWE-RL's prompt as
chat messages, with the oracle a GRPO trainer needs to compute the reward of each sampled answer.
  --records <file>   records from \`stacksmith mine\` (or \`stacksmith curriculum\`)
  --format <f>       swe-rl: SWE-RL's fields, one JSON line each
                     verl:   verl's RL dataset rows (data_source, prompt, ability, reward_model, extra_info)
                     trl:    a conversational prompt column and the reward's inputs as columns, for TRL's GRPOTrainer
  --out <file>       where to write (default -: standard output); a name ending in .parquet writes
                     Parquet (verl and trl), anything else JSON lines
  --negatives <file> where to write the negatives (outcome lines of pull requests closed without
                     merging) as TRL unpaired preference rows: prompt, completion, label false, reason
The records may be mined records or the app's outcome lines (outcomes.jsonl), or both: a merged
pull request is an example whose oracle is the change as merged.
`;

/** `stacksmith export`. */
export const exportCommand: CliCommand = async (argv, io) => {
  const { values } = parseCliArgs(argv, {
    records: { type: "string" },
    format: { type: "string" },
    out: { type: "string" },
    negatives: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help === true) {
    io.stdout.write(HELP);
    return 0;
  }
  if (values.records === undefined) throw new UsageError("--records is required (see --help)");
  if (values.format === undefined) throw new UsageError(`--format is required: ${NAMES}`);
  const format = Object.hasOwn(FORMATS, values.format) ? FORMATS[values.format] : undefined;
  if (format === undefined) throw new UsageError(`unknown --format '${values.format}' (${NAMES})`);
  const outPath = values.out ?? "-";
  const parquet = outPath.toLowerCase().endsWith(".parquet");
  if (parquet && format.shape === null) throw new UsageError(`--format ${values.format} writes JSON lines, not Parquet: give --out a name not ending in .parquet`);
  const path = await requireFile(values.records, io.cwd, "--records");
  if (values.negatives !== undefined && (values.negatives === "-" || values.negatives === outPath)) throw new UsageError("--negatives needs a file of its own");
  const out: RowFile = parquet && format.shape !== null ? await openParquetFile(outPath, io.cwd, format.shape) : await openJsonlFile(outPath, io.cwd, io.stdout);
  const negativesOut = values.negatives === undefined ? null : await openJsonlFile(values.negatives, io.cwd, io.stdout).catch(async (err: unknown) => {
    await out.abort();
    throw err;
  });
  let written = 0;
  let invalid = 0;
  let negatives = 0;
  let unusable = 0;
  try {
    for await (const entry of readRecords(path)) {
      if ("error" in entry) {
        invalid++;
        io.stderr.write(`${values.records}:${entry.line}: ${entry.error}; skipped\n`);
        continue;
      }
      const { item } = entry;
      switch (item.kind) {
        case "unusable":
          unusable++;
          io.stderr.write(unusableLine(values.records, entry.line, item));
          break;
        case "negative":
          negatives++;
          await negativesOut?.write(toNegativeRow(item.negative));
          break;
        case "record":
          await out.write(format.row(item.record, written));
          written++;
          break;
      }
    }
    await out.commit();
    await negativesOut?.commit();
  } catch (err) {
    await out.abort();
    await negativesOut?.abort();
    throw err;
  }
  const parts = [`exported ${written} examples`];
  if (negatives > 0) parts.push(negativesOut === null ? `${negatives} negatives not written (give --negatives <file>)` : `${negatives} negatives to ${values.negatives ?? ""}`);
  if (unusable > 0) parts.push(`${unusable} outcome lines unusable`);
  if (invalid > 0) parts.push(`${invalid} unreadable lines skipped`);
  io.stderr.write(`${parts.join("; ")}\n`);
  return invalid > 0 ? 1 : 0;
};
