/**
 * False alarms of the static checks on this repository's own TypeScript history: every commit passed the
 * type checker, so a relative import it adds resolves and a name it calls exists; any finding is a false alarm.
 */
import { execFileSync } from "node:child_process";
import { RepoView } from "../src/agent/repo-view.js";
import { standardChecks, type StaticCheckSettings } from "../src/agent/edit-checks.js";
import type { Finding } from "../src/check/types.js";
import { openLocalRepository } from "../src/git/local-repository.js";

export interface HistoryAlarms {
  commits: number;
  files: number;
  /** Findings by rule, over all files. */
  byRule: Map<string, number>;
  /** Files with at least one finding, by rule. */
  filesByRule: Map<string, number>;
  examples: string[];
  /** Commits where a newly called name needed the repository's definitions. */
  namesConsulted: number;
}

const git = (dir: string, args: string[]): string => execFileSync("git", ["-C", dir, ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });

export async function historyAlarms(dir: string, limit: number, settings: StaticCheckSettings): Promise<HistoryAlarms> {
  const commonDir = git(dir, ["rev-parse", "--path-format=absolute", "--git-common-dir"]).trim();
  const repository = await openLocalRepository(commonDir);
  const commits = git(dir, ["log", "--no-merges", "--format=%H %P", `-n${limit}`, "--", "*.ts"])
    .trim()
    .split("\n")
    .map((line) => line.split(" "))
    .filter((parts) => parts.length === 2) as Array<[string, string]>;
  const out: HistoryAlarms = { commits: commits.length, files: 0, byRule: new Map(), filesByRule: new Map(), examples: [], namesConsulted: 0 };
  for (const [commit, parent] of commits) {
    const paths = git(dir, ["diff", "--name-only", "--diff-filter=AM", parent, commit, "--", "*.ts"]).trim().split("\n").filter((p) => p !== "");
    if (paths.length === 0) continue;
    const before = await RepoView.open(repository, parent);
    const after = await RepoView.open(repository, commit);
    const edits = [];
    for (const path of paths) {
      const [a, b] = [await before.state(path), await after.state(path)];
      if (b.kind !== "text") continue;
      edits.push({ path, before: a.kind === "text" ? a.content : null, after: b.content });
    }
    // The files as the commit leaves them; the names its parent defined (the edit's own are added).
    let asked = false;
    const facts = { files: after.files, definedNames: () => ((asked = true), before.definedNames()) };
    const findings: Finding[] = await standardChecks(facts, settings).check(edits);
    out.files += edits.length;
    if (asked) out.namesConsulted++;
    for (const f of findings) out.byRule.set(f.rule, (out.byRule.get(f.rule) ?? 0) + 1);
    for (const rule of new Set(findings.map((f) => `${f.rule}\0${f.path}`))) {
      const name = rule.split("\0")[0] ?? "";
      out.filesByRule.set(name, (out.filesByRule.get(name) ?? 0) + 1);
    }
    for (const f of findings.slice(0, 2)) if (out.examples.length < 8) out.examples.push(`${commit.slice(0, 8)} ${f.path}:${f.line + 1} ${f.rule}: ${f.detail ?? f.message}`);
  }
  return out;
}
