/**
 * `npm run bench:clone [-- --rounds N]`: the in-memory clone against native git, measured in
 * the same run against the same server (a real `git http-backend` on 127.0.0.1).
 *
 * Every measurement runs in a fresh process; rounds alternate the order; figures are medians.
 * - in-memory: `node --max-semi-space-size=1` (as `npm start`) on the compiled source; time of
 *   `cloneInMemory`, peak RSS of the process (`resourceUsage().maxRSS`).
 * - native: `git clone --depth 1 --single-branch --no-tags` into /dev/shm (tmpfs), wall time,
 *   peak RSS of its largest process (`/usr/bin/time -f %M`).
 * MB are 2^20 bytes. The last line is what scripts read:
 *   clone: time_ratio=<in-memory/native> rss_mb=<peak> pack_mb=<pack size> native_rss_mb=<peak>
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { startGitServer } from "../test/helpers/git-server.js";
import { describeRepo, EXPECTED_HEAD, syntheticRepo } from "./clone-repo.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const cacheDir = join(here, ".cache");
const TOKEN = "bench-token";
const NODE_FLAGS = ["--max-semi-space-size=1"];

function argValue(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} needs a positive integer`);
  return value;
}

interface Output {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Output> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, ms: performance.now() - start }));
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const at = (i: number): number => sorted[i] ?? Number.NaN;
  return sorted.length % 2 === 1 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

interface InMemory {
  cloneMs: number;
  baseRss: number;
  peakRss: number;
  readMs: number;
  files: number;
}

async function inMemoryClone(url: string): Promise<InMemory> {
  const out = await run(process.execPath, [...NODE_FLAGS, join(cacheDir, "build/bench/clone-run.js"), url, "main", TOKEN]);
  if (out.code !== 0) throw new Error(`in-memory clone failed:\n${out.stderr}`);
  return JSON.parse(out.stdout) as InMemory;
}

interface Native {
  ms: number;
  peakRss: number;
  packBytes: number;
}

const gitEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_TERMINAL_PROMPT: "0", HOME: cacheDir };
const authHeader = `http.extraHeader=Authorization: Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString("base64")}`;

async function nativeClone(url: string, extra: string[]): Promise<Native> {
  const dir = mkdtempSync("/dev/shm/stacksmith-bench-");
  try {
    const args = ["-f", "%M", "git", "-c", authHeader, "clone", "-q", "--depth", "1", "--single-branch", "--no-tags", ...extra, url, join(dir, "repo")];
    const out = await run("/usr/bin/time", args, gitEnv);
    if (out.code !== 0) throw new Error(`native clone failed:\n${out.stderr}`);
    const peakKb = Number.parseInt(out.stderr.trim().split("\n").pop() ?? "", 10);
    const packDir = join(dir, "repo/.git/objects/pack");
    const pack = readdirSync(packDir).find((f) => f.endsWith(".pack"));
    if (pack === undefined) throw new Error("native clone wrote no pack");
    return { ms: out.ms, peakRss: peakKb / 1024, packBytes: statSync(join(packDir, pack)).size };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rounds = argValue("--rounds", 5);
mkdirSync(cacheDir, { recursive: true });
const repoPath = syntheticRepo(cacheDir);
const repo = describeRepo(repoPath);
const build = await run(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(here, "tsconfig.json")]);
if (build.code !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);

const server = await startGitServer({ token: TOKEN });
const samples = { mem: [] as InMemory[], native: [] as Native[], nativeNoCheckout: [] as Native[] };
try {
  mkdirSync(join(server.root, "bench"), { recursive: true });
  symlinkSync(repoPath, server.repoPath("bench", "synthetic"));
  const url = server.repoUrl("bench", "synthetic");
  const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
  process.stdout.write(
    `repo: ${repo.files} files, ${mb(repo.tipBytes)} MB at the tip, ${repo.commits} commits, head ${repo.head.slice(0, 12)}` +
      `${repo.head === EXPECTED_HEAD ? "" : ` (expected ${EXPECTED_HEAD.slice(0, 12)}: the generator is not deterministic here)`}\n` +
      `${rounds} rounds, a fresh process per measurement, medians; in-memory runs as node ${NODE_FLAGS.join(" ")}\n`,
  );
  await inMemoryClone(url); // warm the server's page cache once; not counted
  for (let i = 0; i < rounds; i++) {
    const steps = [
      async () => samples.mem.push(await inMemoryClone(url)),
      async () => samples.native.push(await nativeClone(url, [])),
      async () => samples.nativeNoCheckout.push(await nativeClone(url, ["--no-checkout"])),
    ];
    if (i % 2 === 1) steps.reverse();
    for (const step of steps) await step();
    process.stderr.write(`round ${i + 1}/${rounds} done\n`);
  }
} finally {
  await server.close();
}

const packBytes = samples.native[0]?.packBytes ?? Number.NaN;
const packMb = packBytes / 2 ** 20;
const memMs = median(samples.mem.map((s) => s.cloneMs));
const memRss = median(samples.mem.map((s) => s.peakRss));
const memBase = median(samples.mem.map((s) => s.baseRss));
const nativeMs = median(samples.native.map((s) => s.ms));
const nativeRss = median(samples.native.map((s) => s.peakRss));
const nocoMs = median(samples.nativeNoCheckout.map((s) => s.ms));
const nocoRss = median(samples.nativeNoCheckout.map((s) => s.peakRss));
const readMs = median(samples.mem.map((s) => s.readMs));
const budget = 100 + 6 * packMb;
const f0 = (n: number): string => n.toFixed(0);
const spread = (values: number[]): string => `${f0(Math.min(...values))}–${f0(Math.max(...values))}`;
const f2 = (n: number): string => n.toFixed(2);

process.stdout.write(
  [
    `depth-1 pack: ${f2(packMb)} MB`,
    `native git clone → tmpfs:               ${f0(nativeMs)} ms (${spread(samples.native.map((s) => s.ms))}), peak RSS ${f0(nativeRss)} MB`,
    `native git clone --no-checkout → tmpfs: ${f0(nocoMs)} ms (${spread(samples.nativeNoCheckout.map((s) => s.ms))}), peak RSS ${f0(nocoRss)} MB`,
    `in-memory clone:                        ${f0(memMs)} ms (${spread(samples.mem.map((s) => s.cloneMs))}), peak RSS ${f0(memRss)} MB (base ${f0(memBase)} MB, +${f1x(memRss - memBase, packMb)} pack)`,
    `in-memory, then read all ${samples.mem[0]?.files ?? 0} files:   ${f0(readMs)} ms`,
    `time: ${f2(memMs / nativeMs)}× native (${f2(memMs / nocoMs)}× native --no-checkout); target ≤ 1.50×`,
    `peak RSS: ${f0(memRss)} MB; target ≤ 100 MB + 6× pack = ${f0(budget)} MB (${f0((100 * memRss) / budget)} % of it); ${f2(memRss / nativeRss)}× native's`,
    `clone: time_ratio=${f2(memMs / nativeMs)} rss_mb=${f0(memRss)} pack_mb=${f2(packMb)} native_rss_mb=${f0(nativeRss)}`,
  ].join("\n") + "\n",
);

function f1x(deltaMb: number, pack: number): string {
  return `${deltaMb.toFixed(0)} MB = ${(deltaMb / pack).toFixed(1)}×`;
}
