import { mkdir, open } from "node:fs/promises";
import { join, resolve } from "node:path";
import { byDifficulty, stageOf } from "../dataset/curriculum/curriculum.js";
import { difficultyOf } from "../dataset/curriculum/difficulty.js";
import { parseRecordLine } from "../dataset/outcomes/record-line.js";
import { parseCliArgs, positiveInt } from "./cli-args.js";
import { UsageError, type CliCommand } from "./io.js";
import { openJsonlFile } from "./jsonl-writer.js";
import { scanLines, type LineSpan } from "./line-index.js";
import { requireFile, unusableLine } from "./read-records.js";

const HELP = `usage: stacksmith curriculum records.jsonl [--stages k] [--out ordered.jsonl | --out-dir stages/]

Orders records from easy to hard by their difficulty (see README, "Curriculum"):
  difficulty = log2(1 + lines changed) + 1.5 * log2(files) + log2(hunks)
  --stages <k>      cut the order into k stages of equal size (default 1)
  --out <file>      write the ordered records to one file (default -: standard output)
  --out-dir <dir>   write stage-1.jsonl ... stage-k.jsonl there instead
A table of the stages (records, difficulty range) goes to stderr. Records are copied verbatim.
Outcome lines (outcomes.jsonl) are ordered too, a closed pull request's by the bot's change.
`;

interface Entry extends LineSpan {
  id: string;
  difficulty: number;
}

/** `stacksmith curriculum`: two passes over the file (spans, then copies), so memory holds the spans only. */
export const curriculumCommand: CliCommand = async (argv, io) => {
  const { values, positionals } = parseCliArgs(argv, { stages: { type: "string" }, out: { type: "string" }, "out-dir": { type: "string" }, help: { type: "boolean", short: "h" } }, true);
  if (values.help === true) {
    io.stdout.write(HELP);
    return 0;
  }
  const [input, ...extra] = positionals;
  if (input === undefined) throw new UsageError("give the records file (see --help)");
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0] ?? ""}'`);
  if (values.out !== undefined && values["out-dir"] !== undefined) throw new UsageError("give --out or --out-dir, not both");
  const k = positiveInt(values.stages, "--stages", 1);
  const path = await requireFile(input, io.cwd, "records file");

  const entries: Entry[] = [];
  let invalid = 0;
  await scanLines(path, (span, text) => {
    const parsed = parseRecordLine(text);
    if (!parsed.ok) {
      invalid++;
      io.stderr.write(`${input}:${span.line}: ${parsed.error}; skipped\n`);
      return;
    }
    const { item } = parsed;
    if (item.kind === "unusable") {
      io.stderr.write(unusableLine(input, span.line, item));
      return;
    }
    // A negative sits where the bot's change would: as hard as what it tried.
    const { id, stats } = item.kind === "record" ? item.record : { id: item.negative.id, stats: item.negative.rejected.stats };
    entries.push({ ...span, id, difficulty: difficultyOf(stats) });
  });
  const ordered = byDifficulty(entries);
  if (k > Math.max(1, ordered.length)) throw new UsageError(`--stages ${k} is more than the ${ordered.length} records in ${input}: give at most ${Math.max(1, ordered.length)}`);

  if (values["out-dir"] !== undefined) await mkdir(resolve(io.cwd, values["out-dir"]), { recursive: true });
  const outputs = values["out-dir"] === undefined
    ? [await openJsonlFile(values.out ?? "-", io.cwd, io.stdout)]
    : await Promise.all(Array.from({ length: k }, (_, i) => openJsonlFile(join(resolve(io.cwd, values["out-dir"] ?? "."), `stage-${i + 1}.jsonl`), io.cwd, io.stdout)));
  const file = await open(path, "r");
  const ranges = Array.from({ length: k }, () => ({ n: 0, min: Infinity, max: -Infinity }));
  try {
    for (let i = 0; i < ordered.length; i++) {
      const entry = ordered[i] as Entry;
      const stage = stageOf(i, ordered.length, k);
      const range = ranges[stage - 1];
      if (range !== undefined) {
        range.n++;
        range.min = Math.min(range.min, entry.difficulty);
        range.max = Math.max(range.max, entry.difficulty);
      }
      const buf = Buffer.alloc(entry.length);
      await file.read(buf, 0, entry.length, entry.offset);
      const out = outputs[values["out-dir"] === undefined ? 0 : stage - 1];
      await out?.writeText(buf.toString("utf8"));
    }
    for (const out of outputs) await out.commit();
  } catch (err) {
    for (const out of outputs) await out.abort();
    throw err;
  } finally {
    await file.close();
  }
  const rows = ranges.map((r, i) => `stage ${i + 1}: ${r.n} records${r.n === 0 ? "" : `, difficulty ${r.min.toFixed(2)}–${r.max.toFixed(2)}`}`);
  io.stderr.write(`${rows.join("\n")}\n`);
  return invalid > 0 ? 1 : 0;
};
