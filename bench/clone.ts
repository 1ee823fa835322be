/**
 * `npm run bench:clone [-- --rounds N] [-- --repo PATH]`: the in-memory clone against native git
 * and against isomorphic-git's own clone, measured in the same run against the same server (a
 * real `git http-backend` on 127.0.0.1). The repository is a generated one (5,000 files,
 * bench/clone-repo.ts), or the bare repository at PATH (its HEAD branch).
 *
 * Every measurement runs in a fresh process; rounds alternate the order; figures are medians.
 * - in-memory: `node --max-semi-space-size=1` (as `npm start`) on the compiled source; the time
 *   of `cloneInMemory` from the call and from the process's start, its CPU, peak RSS of the process
 *   (`resourceUsage().maxRSS`).
 * - isomorphic-git: its `clone` (depth 1, no checkout) into the same Map-backed fs, the same way.
 * - native: `git clone --depth 1 --single-branch --no-tags`, with and without `--no-checkout`,
 *   into /dev/shm (tmpfs): wall time, CPU of git and its helpers (bash's `times`), peak RSS of its
 *   largest process (`/usr/bin/time -f %M`). `--no-checkout` does what the in-memory clone does
 *   (no files written), so it is the headline's baseline.
 * MB are 2^20 bytes. The last line is what scripts read:
 *   clone: time_ratio=<in-memory/native --no-checkout> rss_mb=<peak> pack_mb=<pack size>
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { startGitServer } from "../test/helpers/git-server.js";
import { describeRepo, EXPECTED_HEAD, syntheticRepo } from "./clone-repo.js";
import { argString, argValue, buildRunners, cacheDir, median, NODE_FLAGS, runRunner, spread, timedGit, TOKEN } from "./measure.js";
import { git } from "./served-repo.js";

interface InProcess {
  cloneMs: number;
  sinceStartMs: number;
  cpuMs: number;
  baseRss: number;
  peakRss: number;
}

interface InMemory extends InProcess {
  readMs: number;
  files: number;
}

interface Native {
  ms: number;
  cpuMs: number;
  peakRss: number;
  packBytes: number;
}

async function nativeClone(url: string, branch: string, extra: string[]): Promise<Native> {
  const dir = mkdtempSync("/dev/shm/stacksmith-bench-");
  try {
    const timed = await timedGit(dir, ["clone", "-q", "--depth", "1", "--single-branch", "--no-tags", "--branch", branch, ...extra, url, "repo"], { rss: true });
    const packDir = join(dir, "repo/.git/objects/pack");
    const pack = readdirSync(packDir).find((f) => f.endsWith(".pack"));
    if (pack === undefined) throw new Error("native clone wrote no pack");
    return { ...timed, packBytes: statSync(join(packDir, pack)).size };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rounds = argValue("--rounds", 5);
const given = argString("--repo");
mkdirSync(cacheDir, { recursive: true });
const repoPath = given === undefined ? syntheticRepo(cacheDir) : resolve(given);
const branch = given === undefined ? "main" : git(repoPath, ["symbolic-ref", "--short", "HEAD"]);
const repo = describeRepo(repoPath, branch);
await buildRunners();

const server = await startGitServer({ token: TOKEN });
const samples = { mem: [] as InMemory[], iso: [] as InProcess[], native: [] as Native[], nativeNoCheckout: [] as Native[] };
try {
  mkdirSync(join(server.root, "bench"), { recursive: true });
  symlinkSync(repoPath, server.repoPath("bench", "served"));
  const url = server.repoUrl("bench", "served");
  const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
  const expected = given !== undefined || repo.head === EXPECTED_HEAD ? "" : ` (expected ${EXPECTED_HEAD.slice(0, 12)}: the generator is not deterministic here)`;
  process.stdout.write(
    `repo: ${given ?? "synthetic"}, ${repo.files} files, ${mb(repo.tipBytes)} MB at the tip of ${branch}, ${repo.commits} commits, head ${repo.head.slice(0, 12)}${expected}\n` +
      `${rounds} rounds, a fresh process per measurement, medians; in-memory runs as node ${NODE_FLAGS.join(" ")}\n`,
  );
  const args = [url, branch, TOKEN];
  await runRunner<InMemory>("clone-run", args); // warm the server's page cache once; not counted
  for (let i = 0; i < rounds; i++) {
    const steps = [
      async () => samples.mem.push(await runRunner<InMemory>("clone-run", args)),
      async () => samples.iso.push(await runRunner<InProcess>("iso-clone-run", args)),
      async () => samples.native.push(await nativeClone(url, branch, [])),
      async () => samples.nativeNoCheckout.push(await nativeClone(url, branch, ["--no-checkout"])),
    ];
    if (i % 2 === 1) steps.reverse();
    for (const step of steps) await step();
    process.stderr.write(`round ${i + 1}/${rounds} done\n`);
  }
} finally {
  await server.close();
}

const med = <T>(list: T[], pick: (s: T) => number): number => median(list.map(pick));
const packMb = (samples.native[0]?.packBytes ?? Number.NaN) / 2 ** 20;
const f0 = (n: number): string => n.toFixed(0);
const f2 = (n: number): string => n.toFixed(2);
const times = (list: Array<{ ms: number }>): string => `${f0(med(list, (s) => s.ms))} ms (${spread(list.map((s) => s.ms))})`;
const { mem, iso, native, nativeNoCheckout: noco } = samples;
const memMs = med(mem, (s) => s.cloneMs);
const memStartMs = med(mem, (s) => s.sinceStartMs);
const memRss = med(mem, (s) => s.peakRss);
const memBase = med(mem, (s) => s.baseRss);
const isoMs = med(iso, (s) => s.cloneMs);
const isoRss = med(iso, (s) => s.peakRss);
const nocoMs = med(noco, (s) => s.ms);
const budget = 100 + 6 * packMb;
const extra = (rss: number, base: number): string => `+${f0(rss - base)} MB = ${((rss - base) / packMb).toFixed(1)}× pack`;

process.stdout.write(
  [
    `depth-1 pack: ${f2(packMb)} MB`,
    `native git clone → tmpfs:               ${times(native)}, CPU ${f0(med(native, (s) => s.cpuMs))} ms, peak RSS ${f0(med(native, (s) => s.peakRss))} MB`,
    `native git clone --no-checkout → tmpfs: ${times(noco)}, CPU ${f0(med(noco, (s) => s.cpuMs))} ms, peak RSS ${f0(med(noco, (s) => s.peakRss))} MB`,
    `isomorphic-git clone (no checkout):     ${f0(isoMs)} ms from the call (${spread(iso.map((s) => s.cloneMs))}), ${f0(med(iso, (s) => s.sinceStartMs))} ms from process start, CPU ${f0(med(iso, (s) => s.cpuMs))} ms, peak RSS ${f0(isoRss)} MB (${extra(isoRss, med(iso, (s) => s.baseRss))})`,
    `in-memory clone:                        ${f0(memMs)} ms from the call (${spread(mem.map((s) => s.cloneMs))}), ${f0(memStartMs)} ms from process start, CPU ${f0(med(mem, (s) => s.cpuMs))} ms, peak RSS ${f0(memRss)} MB (base ${f0(memBase)} MB, ${extra(memRss, memBase)})`,
    `in-memory, then read all ${mem[0]?.files ?? 0} files:   ${f0(med(mem, (s) => s.readMs))} ms`,
    `time from the call:      ${f2(memMs / nocoMs)}× native --no-checkout (${f2(memMs / med(native, (s) => s.ms))}× native with checkout), ${f2(memMs / isoMs)}× isomorphic-git's`,
    `time from process start: ${f2(memStartMs / nocoMs)}× native --no-checkout`,
    `client CPU:              ${f2(med(mem, (s) => s.cpuMs) / med(noco, (s) => s.cpuMs))}× native --no-checkout's (git and its helpers; the server's own work not counted on either side)`,
    `peak RSS: ${f0(memRss)} MB; target ≤ 100 MB + 6× pack = ${f0(budget)} MB (${f0((100 * memRss) / budget)} % of it); ${f2((memRss - memBase) / (isoRss - med(iso, (s) => s.baseRss)))}× isomorphic-git's extra memory`,
    `clone: time_ratio=${f2(memMs / nocoMs)} rss_mb=${f0(memRss)} pack_mb=${f2(packMb)}`,
  ].join("\n") + "\n",
);
