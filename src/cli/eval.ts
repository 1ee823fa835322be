import { modelLocate, prefilterLocate, type Locate } from "../dataset/agent-locate.js";
import { evalAgent } from "../dataset/eval-agent.js";
import { evalOracle } from "../dataset/eval-oracle.js";
import { renderSummary, renderTable, summarise, type EvalRow } from "../dataset/eval-result.js";
import type { ModelClient } from "../llm/model-client.js";
import { parseCliArgs, positiveInt } from "./cli-args.js";
import { UsageError, type CliCommand } from "./io.js";
import { MODEL_FLAGS, MODEL_HELP, modelFromFlags } from "./model-options.js";
import { openRepo, type OpenedRepo } from "./open-repo.js";
import { ProgressLine } from "./progress-bar.js";
import { countRecords, readRecords, requireFile, unusableLine } from "./read-records.js";

const HELP = `usage: stacksmith eval --records records.jsonl [options]

Runs the agent's locate and edit steps on each record at its base commit (in memory; nothing is
written) and scores them: locate's hit on the changed files, SWE-RL's reward, whether the edits
applied, tokens and cost. Prints a table and a summary line.
  --records <file>      records from \`stacksmith mine\`
  --oracle              replay each record's own change instead of asking a model (must score 1.0)
  --repo <path|url>     the repository (default: each record's \`repo\`)
  --limit <n>           evaluate the first n records
  --locate <how>        model (default: the agent's locate, the prefilter's map then the model's pick)
                        or prefilter (the prefilter's top files, no model call)
  --locate-k <n>        with --locate prefilter, how many files it hands to the edit step (default 5)
  --max-edit-rounds <n> times the model may resend edits that did not apply (default 3)
  --max-tool-turns <n>  turns the model may spend reading files (default 20)
  --json                print {"results": [...], "summary": {...}} instead of the table
  --quiet               no progress on stderr
${MODEL_HELP}`;

/** `stacksmith eval`. */
export const evalCommand: CliCommand = async (argv, io) => {
  const { values } = parseCliArgs(argv, {
    records: { type: "string" },
    oracle: { type: "boolean" },
    repo: { type: "string" },
    limit: { type: "string" },
    "locate-k": { type: "string" },
    locate: { type: "string" },
    "max-edit-rounds": { type: "string" },
    "max-tool-turns": { type: "string" },
    json: { type: "boolean" },
    quiet: { type: "boolean" },
    help: { type: "boolean", short: "h" },
    ...MODEL_FLAGS,
  });
  if (values.help === true) {
    io.stdout.write(HELP);
    return 0;
  }
  if (values.records === undefined) throw new UsageError("--records is required (see --help)");
  const path = await requireFile(values.records, io.cwd, "--records");
  const limit = values.limit === undefined ? Infinity : positiveInt(values.limit, "--limit", 1);
  const locateK = positiveInt(values["locate-k"], "--locate-k", 5);
  const maxEditRounds = positiveInt(values["max-edit-rounds"], "--max-edit-rounds", 3);
  const maxToolTurns = positiveInt(values["max-tool-turns"], "--max-tool-turns", 20, 0);
  const oracle = values.oracle === true;
  if (values.locate !== undefined && values.locate !== "model" && values.locate !== "prefilter") throw new UsageError(`--locate must be model or prefilter, not '${values.locate}'`);
  const model: ModelClient | null = oracle ? null : modelFromFlags(values, io.env);
  const locate: Locate | null = model === null ? null : values.locate === "prefilter" ? prefilterLocate(locateK) : modelLocate(model);

  const repos = new Map<string, OpenedRepo>();
  const rows: EvalRow[] = [];
  let invalid = 0;
  let negatives = 0;
  let unusable = 0;
  // Progress counts to the file's lines (one skipped counts as done), or to --limit records.
  const progress = values.quiet === true ? null : new ProgressLine(io.stderr, Math.min(limit, await countRecords(path)));
  const done = () => (Number.isFinite(limit) ? rows.length : rows.length + invalid + negatives + unusable);
  try {
    for await (const entry of readRecords(path)) {
      if (rows.length >= limit) break;
      if ("error" in entry) {
        invalid++;
        io.stderr.write(`${values.records}:${entry.line}: ${entry.error}; skipped\n`);
        progress?.update(done(), "records");
        continue;
      }
      if (entry.item.kind === "unusable") {
        unusable++;
        io.stderr.write(unusableLine(values.records, entry.line, entry.item));
        progress?.update(done(), "records");
        continue;
      }
      if (entry.item.kind === "negative") {
        negatives++;
        progress?.update(done(), "records");
        continue;
      }
      const { record } = entry.item;
      if (model === null || locate === null) {
        rows.push(evalOracle(record));
      } else {
        const spec = values.repo ?? record.repo;
        let opened = repos.get(spec);
        if (opened === undefined) {
          opened = await openRepo(spec, io.cwd);
          repos.set(spec, opened);
        }
        rows.push(await evalAgent(opened.repo, record, { model, locate, maxEditRounds, maxToolTurns, maxOutputTokens: 16_000 }));
      }
      progress?.update(done(), "records");
    }
  } finally {
    progress?.done();
    for (const opened of repos.values()) await opened.close();
  }
  const summary = summarise(rows, invalid);
  if (negatives > 0) io.stderr.write(`${negatives} negatives (pull requests closed without merging) have no oracle and were not scored\n`);
  if (values.json === true) io.stdout.write(`${JSON.stringify({ results: rows, summary }, null, 2)}\n`);
  else io.stdout.write(`${renderTable(rows)}\n${renderSummary(summary)}\n`);
  return invalid > 0 ? 1 : 0;
};
