/**
 * `npm run bench:reward-serve`: SWE-RL rewards per second for the same 1,000 exported examples
 * and sampled answers, scored by `stacksmith reward --serve` (batches of 64 over HTTP, as a
 * trainer sends a step's samples; the server already running) against the CLI `stacksmith
 * reward` (one process reading all 1,000 lines on stdin, start-up included, as a trainer
 * calling it would pay). Both run through tsx from the sources. Each is timed three times,
 * alternating; the median counts. The two must give the same answers, bit for bit.
 * The last line: `reward-serve: served_rps=… cli_rps=… ratio=… examples=1000 workers=…`.
 */
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { benchExamples, type ScoredSample } from "./reward-serve-inputs.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const COUNT = 1_000;
const BATCH = 64;
const RUNS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function stacksmith(args: string[]): ReturnType<typeof spawn> {
  return spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
}

async function viaCli(samples: readonly ScoredSample[]): Promise<{ ms: number; answers: string[] }> {
  const start = performance.now();
  const child = stacksmith(["reward"]);
  let out = "";
  child.stdout?.on("data", (c: Buffer) => (out += c.toString("utf8")));
  child.stdin?.end(samples.length === 0 ? "" : samples.map((s) => JSON.stringify(s)).join("\n") + "\n");
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`stacksmith reward exited with ${code}`);
  return { ms: performance.now() - start, answers: out === "" ? [] : out.trimEnd().split("\n") };
}

async function viaServer(url: string, samples: readonly ScoredSample[]): Promise<{ ms: number; answers: string[] }> {
  const start = performance.now();
  const answers: string[] = [];
  for (let i = 0; i < samples.length; i += BATCH) {
    const res = await fetch(`${url}/reward`, { method: "POST", body: JSON.stringify({ items: samples.slice(i, i + BATCH) }) });
    const body = (await res.json()) as { results: unknown[] };
    answers.push(...body.results.map((r) => JSON.stringify(r)));
  }
  return { ms: performance.now() - start, answers };
}

async function main(): Promise<void> {
  const { samples } = benchExamples(COUNT);
  const workers = availableParallelism();
  const server = stacksmith(["reward", "--serve", "--port", "0", "--workers", String(workers)]);
  const url = await new Promise<string>((resolve, reject) => {
    let err = "";
    server.stderr?.on("data", (c: Buffer) => {
      err += c.toString("utf8");
      const found = /serving on (http:\/\/\S+)/.exec(err);
      if (found?.[1] !== undefined) resolve(found[1]);
    });
    server.on("exit", () => reject(new Error(`the server stopped: ${err}`)));
  });
  try {
    // Warm the workers (each loads the reward code on its first request).
    await viaServer(url, samples.slice(0, workers * 4));
    const cli: number[] = [];
    const served: number[] = [];
    let reference: string[] | null = null;
    for (let run = 0; run < RUNS; run++) {
      const a = await viaCli(samples);
      const b = await viaServer(url, samples);
      reference ??= a.answers;
      if (a.answers.length !== COUNT || JSON.stringify(a.answers) !== JSON.stringify(b.answers) || JSON.stringify(reference) !== JSON.stringify(a.answers)) {
        throw new Error("the served answers differ from the CLI's");
      }
      cli.push(a.ms);
      served.push(b.ms);
      process.stdout.write(`run ${run + 1}: cli ${a.ms.toFixed(0)} ms, served ${b.ms.toFixed(0)} ms\n`);
    }
    const rewards = (reference ?? []).map((line) => (JSON.parse(line) as { reward: number }).reward);
    const mean = rewards.reduce((s, r) => s + r, 0) / rewards.length;
    process.stdout.write(`${COUNT} answers: mean reward ${mean.toFixed(3)}, ${rewards.filter((r) => r === 1).length} at 1.0, ${rewards.filter((r) => r === -1).length} at -1; identical answers on both paths\n`);
    const startups: number[] = [];
    for (let run = 0; run < RUNS; run++) startups.push((await viaCli([])).ms);
    const startup = median(startups);
    process.stdout.write(`the CLI's start-up alone (no input): ${startup.toFixed(0)} ms, paid once per call\n`);
    const cliRps = COUNT / (median(cli) / 1000);
    const servedRps = COUNT / (median(served) / 1000);
    process.stdout.write(`reward-serve: served_rps=${servedRps.toFixed(0)} cli_rps=${cliRps.toFixed(0)} ratio=${(servedRps / cliRps).toFixed(2)} examples=${COUNT} batch=${BATCH} workers=${workers} cli_startup_ms=${startup.toFixed(0)}\n`);
  } finally {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.on("exit", resolve));
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:reward-serve: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
