/**
 * One follow-up fetch in a fresh process, as the app runs it (compiled JavaScript): clones
 * `base` in memory (not timed), then fetches `branch` at depth 1 (timed: wall, CPU, growth of
 * RSS). Prints one JSON line, with the blob the fetched commit has at `path` to check it by.
 * Usage: node bench/.cache/build/bench/fetch-run.js <url> <base> <branch> <path> <token>
 */
import { performance } from "node:perf_hooks";
import { cloneInMemory } from "../src/git/memory-clone.js";

const [url, base, branch, path, token] = process.argv.slice(2);
if (url === undefined || base === undefined || branch === undefined || path === undefined || token === undefined) {
  throw new Error("usage: fetch-run <url> <base> <branch> <path> <token>");
}

const ws = await cloneInMemory({ url, branch: base, token: async () => token, pushScope: null });
const mb = (bytes: number): number => bytes / 2 ** 20;
const rssBefore = mb(process.memoryUsage().rss);
const cpu = process.cpuUsage();
const start = performance.now();
const tip = await ws.fetchBranch(branch, 1);
const ms = performance.now() - start;
const used = process.cpuUsage(cpu);
const rssGrowth = mb(process.memoryUsage().rss) - rssBefore;
if (tip === null) throw new Error(`the branch ${branch} was not found`);
const blob = (await ws.listFiles(tip)).find((f) => f.path === path)?.oid ?? null;
process.stdout.write(`${JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000, rssGrowth, tip, blob })}\n`);
