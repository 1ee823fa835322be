/**
 * What the git benchmarks share: running a process and timing it, medians, the build of the
 * source they run as the app does (compiled JavaScript), and native git's environment.
 */
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";

export const benchDir = dirname(fileURLToPath(import.meta.url));
export const rootDir = dirname(benchDir);
export const cacheDir = join(benchDir, ".cache");
/** Where the compiled bench runners are (bench/tsconfig.json). */
export const buildDir = join(cacheDir, "build/bench");
export const TOKEN = "bench-token";
/** As `npm run serve` runs the app. */
export const NODE_FLAGS = ["--max-semi-space-size=1"];

export function argValue(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} needs a positive integer`);
  return value;
}

export function argString(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i < 0) return undefined;
  const value = process.argv[i + 1];
  if (value === undefined || value.startsWith("--")) throw new Error(`${name} needs a value`);
  return value;
}

export interface Output {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, cwd = rootDir): Promise<Output> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, ms: performance.now() - start }));
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const at = (i: number): number => sorted[i] ?? Number.NaN;
  return sorted.length % 2 === 1 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

export function spread(values: number[], digits = 0): string {
  return `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
}

/** Compiles the source and the bench runners into bench/.cache/build. */
export async function buildRunners(): Promise<void> {
  const build = await run(process.execPath, [join(rootDir, "node_modules/typescript/bin/tsc"), "-p", join(benchDir, "tsconfig.json")]);
  if (build.code !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
}

/** Runs a compiled runner in a fresh process as the app runs; it prints one JSON line. */
export async function runRunner<T>(name: string, args: string[]): Promise<T> {
  const out = await run(process.execPath, [...NODE_FLAGS, join(buildDir, `${name}.js`), ...args]);
  if (out.code !== 0) throw new Error(`${name} failed:\n${out.stderr}`);
  return JSON.parse(out.stdout) as T;
}

/** Native git with no system or user config, and the bench token as an extra header. */
export const gitEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_TERMINAL_PROMPT: "0", HOME: cacheDir };
export const authConfig = ["-c", `http.extraHeader=Authorization: Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString("base64")}`];

/**
 * Runs native git under bash and reads back its wall time (bash's $EPOCHREALTIME around it, so
 * bash's own start is not counted) and, from bash's `times`, the user and system CPU of git and
 * every process it waited for (remote helpers, pack-objects, index-pack), to the millisecond.
 * With `rss`, git runs under `/usr/bin/time -f %M`: the peak RSS of its largest process, in MiB.
 */
export async function timedGit(cwd: string, args: string[], options: { rss?: boolean } = {}): Promise<{ ms: number; cpuMs: number; peakRss: number }> {
  const quoted = ["git", ...authConfig, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
  const rssFile = join(tmpdir(), `stacksmith-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const command = options.rss === true ? `/usr/bin/time -f %M -o '${rssFile}' ${quoted}` : quoted;
  const script = `s=$EPOCHREALTIME; ${command} >/dev/null || exit 1; e=$EPOCHREALTIME; echo "$s $e"; times`;
  try {
    const out = await run("bash", ["-c", script], gitEnv, cwd);
    if (out.code !== 0) throw new Error(`git ${args.join(" ")} failed in ${cwd}:\n${out.stderr}`);
    const [clock = "", , children = ""] = out.stdout.trim().split("\n");
    const [start = Number.NaN, end = Number.NaN] = clock.split(" ").map(Number);
    const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
    if (seconds.length !== 2 || !(end >= start)) throw new Error(`unexpected timing output: ${JSON.stringify(out.stdout)}`);
    const peakRss = options.rss === true ? Number.parseInt(readFileSync(rssFile, "utf8").trim().split("\n").pop() ?? "", 10) / 1024 : Number.NaN;
    return { ms: (end - start) * 1000, cpuMs: ((seconds[0] ?? 0) + (seconds[1] ?? 0)) * 1000, peakRss };
  } finally {
    rmSync(rssFile, { force: true });
  }
}
