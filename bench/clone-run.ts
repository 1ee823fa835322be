/**
 * One in-memory clone in a fresh process, as the app runs it (compiled JavaScript).
 * Prints one JSON line: the clone's time from the call and from the process's start, its CPU,
 * base and peak RSS, and the time to read every file.
 * Usage: node bench/.cache/build/bench/clone-run.js <url> <branch> <token>
 */
import { performance } from "node:perf_hooks";
import { cloneInMemory } from "../src/git/memory-clone.js";

const [url, branch, token] = process.argv.slice(2);
if (url === undefined || branch === undefined || token === undefined) throw new Error("usage: clone-run <url> <branch> <token>");

const mb = (bytes: number): number => bytes / (1024 * 1024);
const baseRss = mb(process.memoryUsage().rss);
const cpu = process.cpuUsage();
const start = performance.now();
const ws = await cloneInMemory({ url, branch, token: async () => token, pushScope: null });
// performance.now() counts from the process's time origin: its start.
const sinceStartMs = performance.now();
const cloneMs = sinceStartMs - start;
const used = process.cpuUsage(cpu);
const peakRss = process.resourceUsage().maxRSS / 1024;

const readStart = performance.now();
const files = await ws.listFiles(ws.head);
let bytes = 0;
for (const file of files) bytes += (await ws.readBlob(file.oid)).byteLength;
const readMs = performance.now() - readStart;

process.stdout.write(
  `${JSON.stringify({ cloneMs, sinceStartMs, cpuMs: (used.user + used.system) / 1000, baseRss, peakRss, readMs, files: files.length, bytes, peakRssAfterRead: process.resourceUsage().maxRSS / 1024 })}\n`,
);
