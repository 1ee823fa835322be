/**
 * `npm run bench:fetch [-- --rounds N] [-- --repo PATH]`: a follow-up's fetch of one of its
 * branches (`fetchBranch` at depth 1, as reviews, restacks and CI fixes do) against native
 * `git fetch --depth 1 origin <branch>` into a depth-1 clone of the same head, in the same run,
 * against the same server (a real `git http-backend` on 127.0.0.1).
 *
 * The repository is the clone benchmark's synthetic one (5,000 files, bench/clone-repo.ts), or a
 * bare repository given with --repo, served with one new commit on a branch that changes one file
 * of the default branch's head. Every measurement runs in a fresh process (the in-memory clone
 * first, not timed) or a fresh copy of the native clone; rounds alternate the order; figures are
 * medians. The last line is what scripts read:
 *   fetch: time_ratio=<stacksmith/native>
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { startGitServer, type GitServer } from "../test/helpers/git-server.js";
import { describeRepo, syntheticRepo } from "./clone-repo.js";
import { argString, argValue, buildRunners, cacheDir, median, NODE_FLAGS, runRunner, spread, timedGit, TOKEN } from "./measure.js";
import { commitOneFile, git, serveCopyOf } from "./served-repo.js";

const BRANCH = "stacksmith/issue-1/1-follow-up";

interface Ours {
  ms: number;
  cpuMs: number;
  rssGrowth: number;
  tip: string;
  blob: string | null;
}

interface Sample {
  ms: number;
  cpuMs: number;
  /** What the server sent for the fetch's POST (the pack, in side-band packets). */
  bytes: number;
}

/** The body bytes of the last upload-pack POST the server answered since `from`. */
function lastPackBytes(server: GitServer, from: number): number {
  const posts = server.requests.slice(from).filter((r) => r.method === "POST" && r.path.endsWith("/git-upload-pack"));
  return posts.at(-1)?.responseBytes ?? 0;
}

const rounds = argValue("--rounds", 5);
const given = argString("--repo");
mkdirSync(cacheDir, { recursive: true });
const source = given === undefined ? syntheticRepo(cacheDir) : resolve(given);
await buildRunners();

const server = await startGitServer({ token: TOKEN });
const shm = mkdtempSync("/dev/shm/stacksmith-bench-fetch-");
const ours: Array<Ours & Sample> = [];
const native: Sample[] = [];
let summary = "";
try {
  const bare = serveCopyOf(source, server.repoPath("bench", "fetch"));
  const base = git(bare, ["symbolic-ref", "--short", "HEAD"]);
  const { commit, path } = commitOneFile(bare, base, BRANCH);
  const expectedBlob = git(bare, ["rev-parse", `${commit}:${path}`]);
  const url = server.repoUrl("bench", "fetch");
  const repo = describeRepo(bare, base);
  summary = `repo: ${given ?? "synthetic"}, ${repo.files} files, ${(repo.tipBytes / 2 ** 20).toFixed(1)} MB at the tip of ${base}; ${BRANCH} adds a commit changing ${path}`;
  process.stdout.write(`${summary}\n${rounds} rounds, medians; Stacksmith runs as node ${NODE_FLAGS.join(" ")}, timed from the call\n`);

  const template = join(shm, "template");
  await timedGit(shm, ["clone", "-q", "--depth", "1", "--single-branch", "--no-tags", "--branch", base, url, template]);

  const runOurs = async (): Promise<Ours & Sample> => {
    const from = server.requests.length;
    const result = await runRunner<Ours>("fetch-run", [url, base, BRANCH, path, TOKEN]);
    if (result.tip !== commit || result.blob !== expectedBlob) throw new Error(`fetchBranch returned ${result.tip} with ${result.blob} at ${path}; expected ${commit} with ${expectedBlob}`);
    return { ...result, bytes: lastPackBytes(server, from) };
  };
  const runNative = async (): Promise<Sample> => {
    const dir = mkdtempSync(join(shm, "round-"));
    try {
      cpSync(template, dir, { recursive: true });
      const from = server.requests.length;
      const timed = await timedGit(dir, ["fetch", "-q", "--depth", "1", "origin", BRANCH]);
      if (git(dir, ["rev-parse", "FETCH_HEAD"]) !== commit) throw new Error("native git fetched something else");
      return { ...timed, bytes: lastPackBytes(server, from) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  await runOurs(); // warm the server's page cache once; not counted
  await runNative();
  for (let i = 0; i < rounds; i++) {
    const steps = [async () => ours.push(await runOurs()), async () => native.push(await runNative())];
    if (i % 2 === 1) steps.reverse();
    for (const step of steps) await step();
    process.stderr.write(`round ${i + 1}/${rounds} done\n`);
  }
} finally {
  await server.close();
  rmSync(shm, { recursive: true, force: true });
}

const f0 = (n: number): string => n.toFixed(0);
const kb = (bytes: number): string => (bytes / 1024).toFixed(1);
const ourMs = median(ours.map((s) => s.ms));
const nativeMs = median(native.map((s) => s.ms));
process.stdout.write(
  [
    `native git fetch --depth 1:  ${f0(nativeMs)} ms (${spread(native.map((s) => s.ms))}), CPU ${f0(median(native.map((s) => s.cpuMs)))} ms, server sent ${kb(median(native.map((s) => s.bytes)))} KiB`,
    `Stacksmith fetchBranch(, 1): ${f0(ourMs)} ms (${spread(ours.map((s) => s.ms))}), CPU ${f0(median(ours.map((s) => s.cpuMs)))} ms, RSS +${median(ours.map((s) => s.rssGrowth)).toFixed(1)} MiB, server sent ${kb(median(ours.map((s) => s.bytes)))} KiB`,
    `fetch: time_ratio=${(ourMs / nativeMs).toFixed(2)}`,
  ].join("\n") + "\n",
);
