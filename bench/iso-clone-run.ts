/**
 * The baseline the clone's design is measured against: isomorphic-git's own clone (depth 1, one
 * branch, no tags, no checkout) in a fresh process, into the same Map-backed fs the app uses and
 * with the same synchronous SHA-1 (what the app did before it had its own fetch and indexer).
 * Prints one JSON line as clone-run.ts does, without the read.
 * Usage: node bench/.cache/build/bench/iso-clone-run.js <url> <branch> <token>
 */
import { performance } from "node:perf_hooks";
import git from "isomorphic-git";
import http from "isomorphic-git/http/node";
import { basicAuthHeader } from "../src/git/git-repository.js";
import { createMapFs } from "../src/git/map-fs.js";
import { useSyncSha1 } from "../src/git/sync-sha1.js";

const [url, branch, token] = process.argv.slice(2);
if (url === undefined || branch === undefined || token === undefined) throw new Error("usage: iso-clone-run <url> <branch> <token>");

const mb = (bytes: number): number => bytes / (1024 * 1024);
const baseRss = mb(process.memoryUsage().rss);
const cpu = process.cpuUsage();
const start = performance.now();
await useSyncSha1();
const fs = createMapFs();
await git.clone({ fs, http, dir: "/repo", gitdir: "/repo.git", url, ref: branch, singleBranch: true, depth: 1, noTags: true, noCheckout: true, headers: basicAuthHeader(token), cache: {} });
const sinceStartMs = performance.now();
const used = process.cpuUsage(cpu);
process.stdout.write(
  `${JSON.stringify({ cloneMs: sinceStartMs - start, sinceStartMs, cpuMs: (used.user + used.system) / 1000, baseRss, peakRss: process.resourceUsage().maxRSS / 1024 })}\n`,
);
