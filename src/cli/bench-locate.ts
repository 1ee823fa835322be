import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { DEFAULT_MODEL } from "../config/env.js";
import { openLocalRepository } from "../git/local-repository.js";
import { AnthropicModelClient } from "../llm/anthropic-client.js";
import { addUsage, zeroUsage, type ModelClient, type Usage } from "../llm/model-client.js";
import { buildIndex } from "../locate/build-index.js";
import { loadSourceFiles } from "../locate/load-files.js";
import { locateWithModel } from "../locate/model-locate.js";
import { ACC_KS, firstGoldRank, summarise, type LocateMetrics } from "../locate/locate-metrics.js";
import { CODE_EXT } from "../locate/file-role.js";
import { buildPlainBm25, rankPlainBm25 } from "../locate/plain-bm25.js";
import { combineSignals, computeSignals, DEFAULT_ROLE_PRIOR, DEFAULT_WEIGHTS, type SignalWeights } from "../locate/rank.js";
import { createTreeSitterTagger, grammarsFor } from "../locate/tree-sitter-tagger.js";
import { SIGNALS, type FileRole, type SignalName } from "../locate/types.js";
import { UsageError, type CliCommand } from "./io.js";

/** One benchmark instance (SWE-bench fields). */
export const LocateTask = z.object({
  instance_id: z.string(),
  repo: z.string(),
  base_commit: z.string().regex(/^[0-9a-f]{40}$/),
  problem_statement: z.string(),
  gold_files: z.array(z.string()).min(1),
});
export type LocateTask = z.infer<typeof LocateTask>;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const NO_PRIOR: Record<FileRole, number> = { source: 1, test: 1, doc: 1, support: 1 };

/** A ranking configuration measured by the benchmark. */
interface Config {
  name: string;
  weights: SignalWeights;
  prior: Record<FileRole, number>;
  tieBreak: "bm25" | "path";
  /** Index and scoring phases this configuration needs, for its time per task. */
  phases: string[];
}

const INDEX_PHASES: Record<SignalName, string[]> = {
  bm25: ["index.bm25", "rank.bm25"],
  path: ["index.paths", "rank.path"],
  trace: ["index.paths", "rank.trace"],
  symbol: ["index.tags", "index.bm25", "rank.symbol"],
  graph: ["index.paths", "index.tags", "index.graph", "rank.path", "rank.trace", "rank.symbol", "rank.graph"],
};

function only(signal: SignalName): SignalWeights {
  return { bm25: 0, path: 0, trace: 0, symbol: 0, graph: 0, [signal]: 1 };
}

export function benchConfigs(): Config[] {
  const all = [...new Set(SIGNALS.flatMap((s) => INDEX_PHASES[s]))];
  const configs: Config[] = [];
  for (const s of SIGNALS) configs.push({ name: `alone: ${s}`, weights: only(s), prior: NO_PRIOR, tieBreak: "path", phases: INDEX_PHASES[s] });
  configs.push({ name: "alone: tests prior + bm25", weights: only("bm25"), prior: DEFAULT_ROLE_PRIOR, tieBreak: "path", phases: INDEX_PHASES.bm25 });
  for (const s of SIGNALS) {
    if (s === "bm25") continue;
    const weights = { ...only("bm25"), [s]: DEFAULT_WEIGHTS[s] };
    configs.push({ name: `bm25+prior + ${s}`, weights, prior: DEFAULT_ROLE_PRIOR, tieBreak: "bm25", phases: [...new Set([...INDEX_PHASES.bm25, ...INDEX_PHASES[s]])] });
  }
  for (const s of SIGNALS) configs.push({ name: `all - ${s}`, weights: { ...DEFAULT_WEIGHTS, [s]: 0 }, prior: DEFAULT_ROLE_PRIOR, tieBreak: "bm25", phases: all });
  configs.push({ name: "all - tests prior", weights: DEFAULT_WEIGHTS, prior: NO_PRIOR, tieBreak: "bm25", phases: all });
  configs.push({ name: "combination", weights: DEFAULT_WEIGHTS, prior: DEFAULT_ROLE_PRIOR, tieBreak: "bm25", phases: all });
  return configs;
}

function readTasks(path: string): LocateTask[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => LocateTask.parse(JSON.parse(l)));
}

function pct(x: number): string {
  return (100 * x).toFixed(1);
}

function row(name: string, m: LocateMetrics, ms: number | undefined): string {
  const accs = ACC_KS.map((k) => pct(m.acc[k]).padStart(6)).join(" ");
  return `${name.padEnd(28)} ${accs} ${m.mrr.toFixed(3).padStart(6)} ${(ms === undefined ? "-" : ms.toFixed(0)).padStart(8)}`;
}

/** Builds the model client for `--model`; injected so the command is testable without a network. */
export type ModelFactory = (modelId: string, env: NodeJS.ProcessEnv) => ModelClient;

export const anthropicFactory: ModelFactory = (modelId, env) => {
  const apiKey = env.ANTHROPIC_API_KEY;
  if (apiKey === undefined || apiKey === "") throw new UsageError("--model needs ANTHROPIC_API_KEY");
  return new AnthropicModelClient({ apiKey, model: modelId });
};

export const benchLocate: CliCommand = (argv, io) => runBenchLocate(argv, io, anthropicFactory);

export async function runBenchLocate(argv: string[], io: Parameters<CliCommand>[1], modelFactory: ModelFactory): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      tasks: { type: "string", default: join(repoRoot, "..", "shared", "bench", "swebench-lite-dev.jsonl") },
      repos: { type: "string", default: join(repoRoot, "..", "bench-repos") },
      only: { type: "string" },
      verbose: { type: "boolean", default: false },
      model: { type: "boolean", default: false },
      "model-id": { type: "string", default: DEFAULT_MODEL },
    },
    strict: true,
  });
  const model = values.model ? modelFactory(values["model-id"], io.env) : undefined;
  const tasks = readTasks(resolve(io.cwd, values.tasks)).filter((t) => values.only === undefined || t.instance_id.includes(values.only));
  if (tasks.length === 0) throw new UsageError("no tasks to run");
  const reposDir = resolve(io.cwd, values.repos);
  const configs = benchConfigs();
  const ranks = new Map<string, (number | undefined)[]>(configs.map((c) => [c.name, []]));
  const baselineRanks: (number | undefined)[] = [];
  const codeBaselineRanks: (number | undefined)[] = [];
  let cpuMs = 0;
  const modelRanks: (number | undefined)[] = [];
  let modelReadHits = 0;
  let modelUsage: Usage = zeroUsage;
  let modelTurns = 0;
  let modelFallbacks = 0;
  const phaseTotals: Record<string, number> = {};
  let readMs = 0;
  let baselineMs = 0;
  let files = 0;
  const now = (): number => performance.now();
  for (const task of tasks) {
    const t0 = now();
    const repo = await openLocalRepository(join(reposDir, task.repo.replace("/", "__")), task.base_commit);
    const loaded = await loadSourceFiles(repo, task.base_commit);
    const t1 = now();
    readMs += t1 - t0;
    files += loaded.files.length;
    const timings: Record<string, number> = {};
    const tagger = await createTreeSitterTagger({ languages: grammarsFor(loaded.files.map((f) => f.path)) });
    const cpu0 = process.cpuUsage();
    const indexTimings: Record<string, number> = {};
    const index = buildIndex(loaded.files, { tagger, now, timings: indexTimings });
    const rankTimings: Record<string, number> = {};
    const signals = computeSignals(index, task.problem_statement, { now, timings: rankTimings });
    const cpu = process.cpuUsage(cpu0);
    cpuMs += (cpu.user + cpu.system) / 1000;
    for (const [k, v] of Object.entries(indexTimings)) timings[`index.${k}`] = v;
    for (const [k, v] of Object.entries(rankTimings)) timings[`rank.${k}`] = v;
    for (const config of configs) {
      const start = now();
      const ranked = combineSignals(index, signals, config.weights, config.prior, undefined, config.tieBreak);
      timings[`combine.${config.name}`] = now() - start;
      (ranks.get(config.name) as (number | undefined)[]).push(firstGoldRank(ranked.map((r) => r.path), task.gold_files));
    }
    for (const [k, v] of Object.entries(timings)) phaseTotals[k] = (phaseTotals[k] ?? 0) + v;
    const t2 = now();
    const plain = buildPlainBm25(loaded.files);
    const baselineRank = firstGoldRank(rankPlainBm25(plain, task.problem_statement), task.gold_files);
    baselineMs += now() - t2;
    baselineRanks.push(baselineRank);
    const codeFiles = loaded.files.filter((f) => CODE_EXT.test(f.path));
    codeBaselineRanks.push(firstGoldRank(rankPlainBm25(buildPlainBm25(codeFiles), task.problem_statement), task.gold_files));
    if (model !== undefined) {
      const ranked = combineSignals(index, signals, DEFAULT_WEIGHTS, DEFAULT_ROLE_PRIOR);
      const result = await locateWithModel({ model, index, issue: task.problem_statement, ranked });
      modelRanks.push(firstGoldRank(result.edit, task.gold_files));
      if (task.gold_files.some((g) => result.edit.includes(g) || result.read.includes(g))) modelReadHits++;
      modelUsage = addUsage(modelUsage, result.usage);
      modelTurns += result.turns;
      if (result.stop === "fallback") modelFallbacks++;
    }
    if (values.verbose) {
      const combined = ranks.get("combination") as (number | undefined)[];
      io.stdout.write(
        `${task.instance_id.padEnd(32)} files=${String(loaded.files.length).padStart(5)} read=${(t1 - t0).toFixed(0)}ms rank=${String(combined[combined.length - 1] ?? "-").padStart(4)} plain=${String(baselineRank ?? "-").padStart(4)}\n`,
      );
    }
  }
  const n = tasks.length;
  const msOf = (config: Config): number =>
    (config.phases.reduce((sum, p) => sum + (phaseTotals[p] ?? 0), 0) + (phaseTotals[`combine.${config.name}`] ?? 0)) / n;
  io.stdout.write(`\n${n} tasks, ${(files / n).toFixed(0)} files per task, git read ${(readMs / n).toFixed(0)} ms per task (not included below)\n`);
  io.stdout.write(`${"config".padEnd(28)} ${ACC_KS.map((k) => `Acc@${k}`.padStart(6)).join(" ")} ${"MRR".padStart(6)} ${"ms/task".padStart(8)}\n`);
  io.stdout.write(`${row("plain BM25 (baseline)", summarise(baselineRanks), baselineMs / n)}\n`);
  io.stdout.write(`${row("plain BM25, code files only", summarise(codeBaselineRanks), undefined)}\n`);
  for (const config of configs) io.stdout.write(`${row(config.name, summarise(ranks.get(config.name) ?? []), msOf(config))}\n`);
  const phases = Object.entries(phaseTotals)
    .filter(([k]) => !k.startsWith("combine."))
    .map(([k, v]) => `${k}=${(v / n).toFixed(0)}`)
    .join(" ");
  io.stdout.write(`phases (ms per task): ${phases}\n`);
  io.stdout.write(`index + signals: ${(cpuMs / n).toFixed(0)} ms of CPU per task (wall-clock figures above include waiting for a busy machine)\n`);
  if (model !== undefined) {
    io.stdout.write(`${row(`model (${model.model})`, summarise(modelRanks), undefined)}\n`);
    io.stdout.write(
      `model: gold in edit or read ${pct(modelReadHits / n)}%, ${(modelTurns / n).toFixed(1)} calls per task, ${modelFallbacks} fallbacks, ` +
        `${Math.round((modelUsage.inputTokens + modelUsage.cacheReadTokens + modelUsage.cacheWriteTokens) / n)} input and ${Math.round(modelUsage.outputTokens / n)} output tokens per task\n`,
    );
  }
  const final = configs[configs.length - 1] as Config;
  const m = summarise(ranks.get(final.name) ?? []);
  io.stdout.write(
    `locate: Acc@1=${pct(m.acc[1])} Acc@3=${pct(m.acc[3])} Acc@5=${pct(m.acc[5])} Acc@10=${pct(m.acc[10])} MRR=${m.mrr.toFixed(3)} n=${n} ms_per_task=${msOf(final).toFixed(0)}\n`,
  );
  return 0;
}
