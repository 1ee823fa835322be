/**
 * `npm run bench:push [-- --rounds N] [-- --repo PATH]`: the push of a one-file commit to a new
 * branch, Stacksmith's against native `git push` from a depth-1 clone of the same head, in the
 * same run, against the same server (a real `git http-backend` on 127.0.0.1).
 *
 * The repository is the clone benchmark's synthetic one (5,000 files, bench/clone-repo.ts) or a
 * bare repository given with --repo. Client CPU: `process.cpuUsage()` around the push for
 * Stacksmith (a fresh process per round, the in-memory clone and the commit before it not
 * counted); for native git, the user and system time of `git push` and the processes it waits
 * for (remote-http, pack-objects), from bash's `times`. Each Stacksmith process pushes twice: the
 * first push (the code cold, as in a new worker) is the headline, the second is shown beside it.
 * Rounds alternate the order; figures are medians. The last line is what scripts read:
 *   push: cpu_ratio=<stacksmith/native> time_ratio=<stacksmith/native>
 */
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { startGitServer } from "../test/helpers/git-server.js";
import { describeRepo, syntheticRepo } from "./clone-repo.js";
import { argString, argValue, buildRunners, cacheDir, median, NODE_FLAGS, runRunner, spread, timedGit, TOKEN } from "./measure.js";
import { git, serveCopyOf } from "./served-repo.js";

interface Push {
  ms: number;
  cpuMs: number;
  commitMs: number;
  commit: string;
}

const rounds = argValue("--rounds", 5);
const given = argString("--repo");
mkdirSync(cacheDir, { recursive: true });
const source = given === undefined ? syntheticRepo(cacheDir) : resolve(given);
await buildRunners();

const server = await startGitServer({ token: TOKEN });
const shm = mkdtempSync("/dev/shm/stacksmith-bench-push-");
const first: Push[] = [];
const second: Push[] = [];
const native: Array<{ ms: number; cpuMs: number }> = [];
try {
  const bare = serveCopyOf(source, server.repoPath("bench", "push"));
  const base = git(bare, ["symbolic-ref", "--short", "HEAD"]);
  const files = git(bare, ["ls-tree", "-r", "--name-only", base]).split("\n");
  const path = files[Math.floor(files.length / 2)] ?? "";
  const url = server.repoUrl("bench", "push");
  const repo = describeRepo(bare, base);
  process.stdout.write(
    `repo: ${given ?? "synthetic"}, ${repo.files} files, ${(repo.tipBytes / 2 ** 20).toFixed(1)} MB at the tip of ${base}; each push is a new branch, one commit changing ${path}\n` +
      `${rounds} rounds, medians; Stacksmith runs as node ${NODE_FLAGS.join(" ")}\n`,
  );
  const template = join(shm, "template");
  await timedGit(shm, ["clone", "-q", "--depth", "1", "--single-branch", "--no-tags", "--branch", base, url, template]);
  git(template, ["config", "user.name", "Bench"]);
  git(template, ["config", "user.email", "bench@example.com"]);

  let n = 0;
  const runOurs = async (): Promise<void> => {
    const result = await runRunner<{ first: Push; second: Push }>("push-run", [url, base, path, `bench-${++n}`, TOKEN]);
    for (const [k, push] of [result.first, result.second].entries()) {
      if (git(bare, ["rev-parse", `stacksmith/issue-1/${k + 1}-bench-${n}`]) !== push.commit) throw new Error("the push did not land");
    }
    first.push(result.first);
    second.push(result.second);
  };
  const runNative = async (): Promise<void> => {
    const dir = mkdtempSync(join(shm, "round-"));
    try {
      cpSync(template, dir, { recursive: true });
      appendFileSync(join(dir, path), `// native push ${++n}\n`);
      git(dir, ["commit", "-q", "-am", `Change ${path}`]);
      native.push(await timedGit(dir, ["push", "-q", "origin", `HEAD:refs/heads/native-${n}`]));
      if (git(bare, ["rev-parse", `native-${n}`]) !== git(dir, ["rev-parse", "HEAD"])) throw new Error("the native push did not land");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  await runOurs(); // warm the server's page cache once; not counted
  first.length = 0;
  second.length = 0;
  await runNative();
  native.length = 0;
  for (let i = 0; i < rounds; i++) {
    const steps = [runOurs, runNative];
    if (i % 2 === 1) steps.reverse();
    for (const step of steps) await step();
    process.stderr.write(`round ${i + 1}/${rounds} done\n`);
  }
} finally {
  await server.close();
  rmSync(shm, { recursive: true, force: true });
}

const f0 = (n: number): string => n.toFixed(0);
const line = (name: string, s: Array<{ ms: number; cpuMs: number }>): string =>
  `${name} ${f0(median(s.map((x) => x.ms)))} ms (${spread(s.map((x) => x.ms))}), client CPU ${f0(median(s.map((x) => x.cpuMs)))} ms (${spread(s.map((x) => x.cpuMs))})`;
const cpuRatio = median(first.map((s) => s.cpuMs)) / median(native.map((s) => s.cpuMs));
const timeRatio = median(first.map((s) => s.ms)) / median(native.map((s) => s.ms));
process.stdout.write(
  [
    line("native git push:               ", native),
    line("Stacksmith push, first in its process:", first),
    line("Stacksmith push, second:       ", second),
    `Stacksmith commit before each push: ${f0(median(first.map((s) => s.commitMs)))} ms first, ${f0(median(second.map((s) => s.commitMs)))} ms second (not counted)`,
    `second push: cpu_ratio=${(median(second.map((s) => s.cpuMs)) / median(native.map((s) => s.cpuMs))).toFixed(2)} time_ratio=${(median(second.map((s) => s.ms)) / median(native.map((s) => s.ms))).toFixed(2)}`,
    `push: cpu_ratio=${cpuRatio.toFixed(2)} time_ratio=${timeRatio.toFixed(2)}`,
  ].join("\n") + "\n",
);
