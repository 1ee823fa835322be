/**
 * Pushes of a one-file commit in a fresh process, as the app runs them (compiled JavaScript):
 * clones `base` in memory and commits one changed file (neither timed), pushes it to a new
 * branch (timed: wall and this process's CPU), then does the same again (the second push, with
 * the code warm). Prints one JSON line.
 * Usage: node bench/.cache/build/bench/push-run.js <url> <base> <path> <slug> <token>
 */
import { performance } from "node:perf_hooks";
import { cloneInMemory } from "../src/git/memory-clone.js";

const [url, base, file, slug, token] = process.argv.slice(2);
if (url === undefined || base === undefined || file === undefined || slug === undefined || token === undefined) {
  throw new Error("usage: push-run <url> <base> <path> <slug> <token>");
}
const path: string = file;

const ws = await cloneInMemory({ url, branch: base, token: async () => token, pushScope: { issue: 1 } });
const old = Buffer.from((await ws.readFile(ws.head, path)) ?? []).toString("utf8");

async function pushOne(k: number): Promise<{ ms: number; cpuMs: number; commitMs: number; commit: string }> {
  const commitStart = performance.now();
  const commit = await ws.commit({
    parent: ws.head,
    message: `Change ${path}`,
    author: { name: "Bench", email: "bench@example.com" },
    changes: [{ path, content: `${old}// push ${k}\n` }],
  });
  const commitMs = performance.now() - commitStart;
  const cpu = process.cpuUsage();
  const start = performance.now();
  await ws.push({ branch: `stacksmith/issue-1/${k}-${slug}`, commit, expect: [null] });
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, commitMs, commit };
}

const first = await pushOne(1);
const second = await pushOne(2);
process.stdout.write(`${JSON.stringify({ first, second })}\n`);
