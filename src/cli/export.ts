import { toSweRlExample } from "../dataset/swe-rl-export.js";
import { parseCliArgs } from "./cli-args.js";
import { UsageError, type CliCommand } from "./io.js";
import { openJsonlFile } from "./jsonl-writer.js";
import { readRecords, requireFile } from "./read-records.js";

const FORMATS = ["swe-rl"] as const;

const HELP = `usage: stacksmith export --records records.jsonl --format swe-rl [--out prompts.jsonl]

Writes one training example per record (see README, "Export"): SWE-RL's prompt as chat messages,
with the oracle a GRPO trainer needs to compute the reward of each sampled answer.
  --records <file>   records from \`stacksmith mine\` (or \`stacksmith curriculum\`)
  --format <f>       swe-rl
  --out <file>       where to write (default -: standard output)
`;

/** `stacksmith export`. */
export const exportCommand: CliCommand = async (argv, io) => {
  const { values } = parseCliArgs(argv, { records: { type: "string" }, format: { type: "string" }, out: { type: "string" }, help: { type: "boolean", short: "h" } });
  if (values.help === true) {
    io.stdout.write(HELP);
    return 0;
  }
  if (values.records === undefined) throw new UsageError("--records is required (see --help)");
  if (values.format === undefined) throw new UsageError(`--format is required: ${FORMATS.join(", ")}`);
  if (!(FORMATS as readonly string[]).includes(values.format)) throw new UsageError(`unknown --format '${values.format}' (${FORMATS.join(", ")})`);
  const path = await requireFile(values.records, io.cwd, "--records");
  const out = await openJsonlFile(values.out ?? "-", io.cwd, io.stdout);
  let written = 0;
  let invalid = 0;
  try {
    for await (const item of readRecords(path)) {
      if ("error" in item) {
        invalid++;
        io.stderr.write(`${values.records}:${item.line}: ${item.error}; skipped\n`);
        continue;
      }
      await out.write(toSweRlExample(item.record));
      written++;
    }
    await out.commit();
  } catch (err) {
    await out.abort();
    throw err;
  }
  io.stderr.write(`exported ${written} examples${invalid === 0 ? "" : `; ${invalid} unreadable lines skipped`}\n`);
  return invalid > 0 ? 1 : 0;
};
