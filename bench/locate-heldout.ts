/**
 * Builds a held-out locate task set from a repository's history: commits that add one towncrier-style changelog
 * fragment for a bug fix and change exactly one source file. The fragment's text is the query, the source file
 * the gold, the commit's parent the base. Fragments are terser than issues, so expect lower figures; the point is
 * to compare configurations on tasks the signals were not designed on.
 *
 *   tsx bench/locate-heldout.ts REPO_DIR OWNER/NAME 'FRAGMENT_GLOB' COUNT >> tasks.jsonl
 */
import { execFileSync } from "node:child_process";
import { fileRole } from "../src/locate/file-role.js";

const [dir, repo, glob, countArg] = process.argv.slice(2);
if (dir === undefined || repo === undefined || glob === undefined) throw new Error("usage: locate-heldout.ts REPO_DIR OWNER/NAME FRAGMENT_GLOB [COUNT]");
const count = Number(countArg ?? "30");
const git = (...args: string[]): string => execFileSync("git", ["-C", dir, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });

const commits = git("log", "--no-merges", "--diff-filter=A", "--format=%H", "--", glob).trim().split("\n").filter((c) => c !== "");
const tasks: object[] = [];
for (const commit of commits) {
  const changed = git("diff-tree", "--no-commit-id", "--name-status", "-r", "--root", commit)
    .trim()
    .split("\n")
    .map((l) => l.split("\t"));
  const fragments = changed.filter(([status, path]) => status === "A" && path !== undefined && /\/[^/]*\d+[^/]*$/.test(path) && new RegExp(glob.replace(/\./g, "\\.").replace(/\*/g, "[^/]*")).test(path));
  const sources = changed.filter(([status, path]) => status === "M" && path !== undefined && path.endsWith(".py") && fileRole(path) === "source");
  if (fragments.length !== 1 || sources.length !== 1) continue;
  const parents = git("rev-list", "--parents", "-n", "1", commit).trim().split(" ");
  if (parents.length !== 2) continue;
  const text = git("show", `${commit}:${fragments[0]?.[1] ?? ""}`).trim();
  if (text.length < 40) continue;
  tasks.push({ instance_id: `${repo.replace("/", "__")}-${commit.slice(0, 8)}`, repo, base_commit: parents[1], problem_statement: text, gold_files: [sources[0]?.[1]] });
}
// Spread the sample over the history.
const step = Math.max(1, Math.floor(tasks.length / count));
const sample = tasks.filter((_, i) => i % step === 0).slice(0, count);
process.stdout.write(sample.map((t) => JSON.stringify(t)).join("\n") + "\n");
process.stderr.write(`${repo}: ${tasks.length} candidate commits, ${sample.length} taken\n`);
