import { evalOracle } from "../dataset/eval/eval-oracle.js";
import { renderSummary, renderTable, summarise, type EvalRow } from "../dataset/eval/eval-result.js";
import type { ModelClient } from "../llm/model-client.js";
import { evalAgent } from "../local/eval-agent.js";
import { createLogger } from "../shared/logger.js";
import { parseCliArgs, positiveInt } from "./cli-args.js";
import { UsageError, type CliCommand } from "./io.js";
import { localSettings, LOCAL_SETTINGS_FLAGS, LOCAL_SETTINGS_HELP } from "./local-settings.js";
import { MODEL_FLAGS, MODEL_HELP, modelFromFlags, modelSecrets } from "./model-options.js";
import { openRepo, type OpenedRepo } from "./open-repo.js";
import { ProgressLine } from "./progress-bar.js";
import { countRecords, readRecords, requireFile, unusableLine } from "./read-records.js";

const HELP = `usage: stacksmith eval --records records.jsonl [options]

Runs the app's pipeline on each record as an issue, at the record's base commit: the same
locate, plan, parts and budgets as on GitHub, with the repository's .github/stacksmith.yml as it
was there (every write stays in memory; nothing is written to the repository). Scores each run:
locate's hit on the changed files, SWE-RL's reward of the stack's code against the real change,
whether every part was written, tokens and cost. Prints a table and a summary line.
  --records <file>        records from \`stacksmith mine\`
  --oracle                replay each record's own change instead of asking a model (must score 1.0)
  --repo <path|url>       the repository (default: each record's \`repo\`)
  --limit <n>             evaluate the first n records
${LOCAL_SETTINGS_HELP}  --json                  print {"results": [...], "summary": {...}} instead of the table
  --quiet                 no progress on stderr
${MODEL_HELP}`;

/** `stacksmith eval`. */
export const evalCommand: CliCommand = async (argv, io) => {
  const { values } = parseCliArgs(argv, {
    records: { type: "string" },
    oracle: { type: "boolean" },
    repo: { type: "string" },
    limit: { type: "string" },
    ...LOCAL_SETTINGS_FLAGS,
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
  const settings = localSettings(values);
  const oracle = values.oracle === true;
  const model: ModelClient | null = oracle ? null : modelFromFlags(values, io.env);
  const secrets = modelSecrets(io.env);
  const log = createLogger({ level: "error", format: "pretty" });

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
      if (model === null) {
        rows.push(evalOracle(record));
      } else {
        const spec = values.repo ?? record.repo;
        let opened = repos.get(spec);
        if (opened === undefined) {
          opened = await openRepo(spec, io.cwd, { scratch: true });
          repos.set(spec, opened);
        }
        rows.push(await evalAgent(opened.repo, record, { model, settings, secrets, log }));
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
