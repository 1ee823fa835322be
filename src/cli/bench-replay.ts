import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { GitRepository } from "../git/git-repository.js";
import { openLocalRepository } from "../git/local-repository.js";
import { calculateSearchReplaceReward } from "../dataset/reward/reward.js";
import { StacksmithError } from "../shared/errors.js";
import { replayTask, ReplayTask, type OracleReward, type ReplayOutcome } from "./bench-replay-task.js";
import { UsageError, type CliCommand } from "./io.js";

/** The SWE-RL reward of each oracle against itself; the last line reports how many score 1.0. */
const ORACLE_REWARD: OracleReward = calculateSearchReplaceReward;

const USAGE = "usage: stacksmith bench replay --tasks FILE.jsonl --repos DIR\n";

async function readTasks(path: string): Promise<ReplayTask[]> {
  const lines = (await readFile(path, "utf8")).split("\n");
  const tasks: ReplayTask[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    const parsed = ReplayTask.safeParse(JSON.parse(line));
    if (!parsed.success) throw new StacksmithError("INVALID_INPUT", `${path}:${i + 1} is not a task: ${parsed.error.message}`);
    tasks.push(parsed.data);
  });
  return tasks;
}

const ms = (value: number): string => `${value.toFixed(2)}ms`;
const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
const ratio = (a: number, b: number): string => (b > 0 ? (a / b).toFixed(4) : "n/a");

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function describe(outcome: ReplayOutcome): string {
  const id = outcome.id.padEnd(32);
  switch (outcome.status) {
    case "identical":
      return `${id} identical  edits=${outcome.edits}${outcome.reward === null ? "" : `  reward=${outcome.reward.toFixed(3)}`}  convert=${ms(outcome.convertMs)}  apply=${ms(outcome.applyMs)}  git-apply=${ms(outcome.gitMs)}`;
    case "different":
      return `${id} DIFFERENT  ${outcome.detail}`;
    case "error":
      return `${id} ERROR      ${outcome.detail}`;
  }
}

/**
 * `stacksmith bench replay`: for each task, the gold patch becomes SEARCH/REPLACE edits that
 * the engine applies at the base commit; the result must equal native `git apply` byte for
 * byte. Prints one line per task, the engine's time against git apply's (the baseline, same
 * run), and last `replay: identical=N/M`.
 */
export const benchReplay: CliCommand = async (argv, io) => {
  const { values } = parseArgs({ args: argv, options: { tasks: { type: "string" }, repos: { type: "string" } }, strict: true });
  if (values.tasks === undefined || values.repos === undefined) throw new UsageError(USAGE.trimEnd());
  const tasksPath = resolve(io.cwd, values.tasks);
  const reposDir = resolve(io.cwd, values.repos);
  if (!existsSync(tasksPath)) throw new UsageError(`no tasks file at ${tasksPath}`);
  if (!existsSync(reposDir)) throw new UsageError(`no repositories directory at ${reposDir}`);

  const tasks = await readTasks(tasksPath);
  const repositories = new Map<string, GitRepository>();
  const outcomes: ReplayOutcome[] = [];
  for (const task of tasks) {
    const gitDir = join(reposDir, task.repo.replace("/", "__"));
    let outcome: ReplayOutcome;
    if (!existsSync(gitDir)) outcome = { id: task.instance_id, status: "error", detail: `no repository at ${gitDir}` };
    else {
      let repository = repositories.get(gitDir);
      if (repository === undefined) {
        repository = await openLocalRepository(gitDir, task.base_commit);
        repositories.set(gitDir, repository);
      }
      outcome = await replayTask(task, repository, gitDir, io.env, ORACLE_REWARD);
    }
    outcomes.push(outcome);
    io.stdout.write(`${describe(outcome)}\n`);
  }

  const identical = outcomes.filter((o) => o.status === "identical").length;
  const timed = outcomes.filter((o) => o.status !== "error");
  const gitMs = timed.map((o) => o.gitMs);
  const applyMs = timed.map((o) => o.applyMs);
  const convertMs = timed.map((o) => o.convertMs);
  io.stdout.write(
    `baseline over ${timed.length} tasks: native git apply (one process per patch) total ${ms(sum(gitMs))}, median ${ms(median(gitMs))}; ` +
      `engine parse + apply of the SEARCH/REPLACE text total ${ms(sum(applyMs))}, median ${ms(median(applyMs))}; ` +
      `engine/git-apply = ${ratio(sum(applyMs), sum(gitMs))} (total), ${ratio(median(applyMs), median(gitMs))} (median)\n`,
  );
  io.stdout.write(`conversion (diff -> unique SEARCH/REPLACE text): total ${ms(sum(convertMs))}, median ${ms(median(convertMs))}\n`);
  const rewardOne = outcomes.filter((o) => o.status === "identical" && o.reward === 1).length;
  io.stdout.write(`replay: identical=${identical}/${outcomes.length} reward1=${rewardOne}/${outcomes.length}\n`);
  return identical === outcomes.length ? 0 : 1;
};
