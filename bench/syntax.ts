/**
 * `npm run bench:syntax`: the checks an edit passes before it is pushed, on SWE-bench Lite dev. Each gold
 * patch is applied at its base commit and checked (a finding there is a gold patch wrongly refused), then
 * broken mechanically five ways (bench/syntax-variants.ts) and checked again (caught or missed). CPython
 * says which variants really are broken (bench/syntax_compile.py); those it compiles are not counted.
 * Times: the checks per file against parsing and applying the edit's SEARCH/REPLACE text, same run.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { classifyBytes, RepoView } from "../src/agent/repo-view.js";
import { STATIC_CHECKS, standardChecks, type StaticCheckSettings } from "../src/agent/edit-checks.js";
import { createTreeSitterParser } from "../src/check/tree-sitter-parser.js";
import type { Finding } from "../src/check/types.js";
import { mapLines } from "../src/edit/line-map.js";
import { applyEdits } from "../src/edit/apply.js";
import { diffToEdits } from "../src/edit/diff-to-edits.js";
import { parseUnifiedDiff } from "../src/edit/parse-diff.js";
import { parseEdits } from "../src/edit/parse.js";
import { renderEdits } from "../src/edit/render-edits.js";
import type { FileState } from "../src/edit/types.js";
import type { GitRepository } from "../src/git/git-repository.js";
import { openLocalRepository } from "../src/git/local-repository.js";
import { historyAlarms } from "./syntax-history.js";
import { brokenVariants, VARIANTS, type VariantKind } from "./syntax-variants.js";

interface Task {
  instance_id: string;
  repo: string;
  base_commit: string;
  patch: string;
}

interface Sample {
  id: string;
  path: string;
  /** "gold", or the variant's kind. */
  kind: "gold" | VariantKind;
  text: string;
  findings: Finding[];
}

/** Every static check on, to measure each one's false alarms whatever the shipped settings. */
const ALL_STATIC: StaticCheckSettings = { imports: true, calls: new Set(["python", "javascript"]) };
const enabled = (f: Finding): boolean =>
  f.rule === "missing-import" ? STATIC_CHECKS.imports : f.rule === "unknown-call" ? STATIC_CHECKS.calls.size > 0 : true;

const { values } = parseArgs({
  options: {
    tasks: { type: "string", default: "../shared/bench/swebench-lite-dev.jsonl" },
    repos: { type: "string", default: "../bench-repos" },
    history: { type: "string", default: "60" },
  },
});
const tasksPath = resolve(values.tasks);
const reposDir = resolve(values.repos);
if (!existsSync(tasksPath) || !existsSync(reposDir)) {
  process.stderr.write(`bench:syntax needs ${tasksPath} and the task repositories in ${reposDir} (see ../shared/bench/README.md)\n`);
  process.exit(2);
}
const tasks: Task[] = readFileSync(tasksPath, "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l) as Task);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length === 0 ? 0 : sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** The fastest of a few runs: the figure least disturbed by other work on a shared machine. */
async function timed<T>(runs: number, run: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  let best = Infinity;
  let value = await run();
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    value = await run();
    best = Math.min(best, performance.now() - start);
  }
  return { value, ms: best };
}

async function baseFiles(repository: GitRepository, commit: string, paths: readonly string[]): Promise<{ states: Map<string, FileState>; texts: Map<string, string> }> {
  const entries = new Map((await repository.listFiles(commit)).map((e) => [e.path, e]));
  const states = new Map<string, FileState>();
  const texts = new Map<string, string>();
  for (const path of paths) {
    const entry = entries.get(path);
    const state: FileState = entry === undefined ? { kind: "missing" } : classifyBytes(await repository.readBlob(entry.oid));
    states.set(path, state);
    if (state.kind === "text") texts.set(path, state.content);
  }
  return { states, texts };
}

// Grammars load on first use: warm them up outside the timings.
await standardChecks().check([{ path: "warm.py", before: "x = 1\n", after: "x = (1\n" }]);
const staticFindings: Finding[] = [];
/** Gold files where a newly called name was explained by nothing in its file, so the repository's names were read. */
let namesConsulted = 0;
/** Relative imports and bare-name calls on the lines the gold patches wrote: what the static checks had to judge. */
let importsAdded = 0;
let callsAdded = 0;
const factsParser = createTreeSitterParser();

const repositories = new Map<string, GitRepository>();
const samples: Sample[] = [];
const bases: Array<{ id: string; path: string; text: string }> = [];
const checkMs: number[] = [];
const applyMs: number[] = [];
let files = 0;
for (const task of tasks) {
  const gitDir = join(reposDir, task.repo.replace("/", "__"));
  if (!existsSync(gitDir)) {
    process.stdout.write(`${task.instance_id.padEnd(30)} SKIPPED  no repository at ${gitDir}\n`);
    continue;
  }
  let repository = repositories.get(gitDir);
  if (repository === undefined) {
    repository = await openLocalRepository(gitDir, task.base_commit);
    repositories.set(gitDir, repository);
  }
  const diff = parseUnifiedDiff(task.patch);
  if (!diff.ok) throw new Error(`${task.instance_id}: ${diff.error}`);
  const paths = [...new Set(diff.files.flatMap((f) => [f.oldPath, f.newPath]).filter((p): p is string => p !== null))];
  const base = await baseFiles(repository, task.base_commit, paths);
  const converted = diffToEdits(task.patch, base.texts);
  if (!converted.ok) throw new Error(`${task.instance_id}: ${converted.error}`);
  const answer = renderEdits(converted.edits, { language: "python" });
  const applied = await timed(5, () => applyEdits(parseEdits(answer).edits, base.states, { isProtected: () => false }));
  const changed = [...applied.value.changes].filter((c): c is [string, string] => typeof c[1] === "string");
  // The repository's names are read once per task, as a run reads them once per part (not timed).
  const view = await RepoView.open(repository, task.base_commit);
  await view.definedNames();
  const checks = standardChecks(view);
  for (const [path, after] of changed) {
    const before = base.texts.get(path) ?? null;
    files++;
    applyMs.push(applied.ms / changed.length);
    const gold = await timed(5, () => checks.check([{ path, before, after }]));
    checkMs.push(gold.ms);
    samples.push({ id: task.instance_id, path, kind: "gold", text: after, findings: gold.value });
    let asked = false;
    const counted = { files: view.files, definedNames: () => ((asked = true), view.definedNames()) };
    for (const f of await standardChecks(counted, ALL_STATIC).check([{ path, before, after }])) if (f.rule === "missing-import" || f.rule === "unknown-call") staticFindings.push(f);
    if (asked) namesConsulted++;
    const facts = (await factsParser.parse(path, after, { facts: true }))?.facts;
    const map = mapLines(before, after);
    importsAdded += (facts?.relativeImports ?? []).filter((i) => map.isAdded(i.line)).length;
    callsAdded += (facts?.calls ?? []).filter((c) => map.isAdded(c.line)).length;
    if (before !== null) bases.push({ id: task.instance_id, path, text: before });
    for (const variant of brokenVariants(before ?? "", after)) {
      samples.push({ id: task.instance_id, path, kind: variant.kind, text: variant.text, findings: await checks.check([{ path, before, after: variant.text }]) });
    }
  }
}

/** Whole files as the repositories have them: a problem reported in a file CPython compiles is a false one. */
const WHOLE_FILES_PER_REPO = 300;
const wholeFiles: Array<{ path: string; text: string; problems: number }> = [];
const parser = createTreeSitterParser();
for (const [gitDir, repository] of repositories) {
  const commit = tasks.find((t) => join(reposDir, t.repo.replace("/", "__")) === gitDir)?.base_commit;
  if (commit === undefined) continue;
  const entries = (await repository.listFiles(commit)).filter((e) => e.path.endsWith(".py")).slice(0, WHOLE_FILES_PER_REPO);
  for (const entry of entries) {
    const state = classifyBytes(await repository.readBlob(entry.oid));
    if (state.kind !== "text") continue;
    const parsed = await parser.parse(entry.path, state.content);
    wholeFiles.push({ path: entry.path, text: state.content, problems: parsed?.problems.length ?? 0 });
  }
}

/** CPython's verdict on each text, or null when python3 is not there. */
function compiles(texts: readonly string[]): boolean[] | null {
  const input = texts.map((text, id) => JSON.stringify({ id, text })).join("\n") + "\n";
  const script = fileURLToPath(new URL("./syntax_compile.py", import.meta.url));
  const run = spawnSync("python3", [script], { input, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) return null;
  return run.stdout
    .trim()
    .split("\n")
    .map((line) => (JSON.parse(line) as { ok: boolean }).ok);
}

const verdicts = compiles([...bases.map((b) => b.text), ...samples.map((s) => s.text), ...wholeFiles.map((w) => w.text)]);
const wholeOk = (i: number): boolean | null => (verdicts === null ? null : (verdicts[bases.length + samples.length + i] ?? null));
const baseOk = new Map<string, boolean>();
bases.forEach((b, i) => baseOk.set(`${b.id}\0${b.path}`, verdicts?.[i] ?? true));
const sampleOk = (i: number): boolean | null => (verdicts === null ? null : (verdicts[bases.length + i] ?? null));

const errorsOf = (s: Sample): Finding[] => s.findings.filter((f) => f.severity === "error" && enabled(f));
const show = (f: Finding): string => `${f.rule} line ${f.line + 1}: ${f.message}${f.detail === undefined ? "" : ` (${f.detail})`}`;
let goldRefused = 0;
const perKind = new Map<VariantKind, { broken: number; caught: number; valid: number; flagged: number }>(VARIANTS.map((k) => [k, { broken: 0, caught: 0, valid: 0, flagged: 0 }]));
let excluded = 0;
samples.forEach((s, i) => {
  const errors = errorsOf(s);
  if (s.kind === "gold") {
    if (errors.length > 0) {
      goldRefused++;
      process.stdout.write(`${s.id.padEnd(30)} GOLD REFUSED  ${s.path}: ${errors.map(show).join("; ")}\n`);
    }
    return;
  }
  const counts = perKind.get(s.kind);
  if (counts === undefined) return;
  // A variant counts only where CPython says the base compiled and the variant does not.
  if (baseOk.get(`${s.id}\0${s.path}`) === false) {
    excluded++;
    return;
  }
  const ok = sampleOk(i);
  if (ok === true) {
    counts.valid++;
    if (errors.length > 0) counts.flagged++;
    return;
  }
  counts.broken++;
  if (errors.length > 0) counts.caught++;
  else process.stdout.write(`${s.id.padEnd(30)} MISSED  ${s.kind} in ${s.path}\n`);
});

process.stdout.write(`\nvariant          broken  caught  (valid Python: n, flagged)\n`);
for (const [kind, c] of perKind) process.stdout.write(`${kind.padEnd(16)} ${String(c.broken).padStart(6)}  ${String(c.caught).padStart(6)}  (${c.valid}, ${c.flagged})\n`);
const broken = sum([...perKind.values()].map((c) => c.broken));
const caught = sum([...perKind.values()].map((c) => c.caught));
if (verdicts === null) process.stdout.write("python3 did not run: every variant is counted as broken\n");
if (excluded > 0) process.stdout.write(`${excluded} variants of files whose base CPython 3 does not compile are left out\n`);
const compiled = wholeFiles.filter((_, i) => wholeOk(i) === true);
const falseProblems = wholeFiles.filter((w, i) => wholeOk(i) === true && w.problems > 0);
process.stdout.write(
  `\nwhole files: ${wholeFiles.length} Python files of the ${repositories.size} repositories at a base commit, ${compiled.length} of them compiled by CPython 3; ` +
    `a syntax problem reported in ${falseProblems.length} of those${falseProblems.length === 0 ? "" : `: ${falseProblems.slice(0, 5).map((w) => w.path).join(", ")}`}\n`,
);
process.stdout.write(`\nstatic checks on the ${files} gold files (every check on; shipped: imports=${STATIC_CHECKS.imports} calls=${[...STATIC_CHECKS.calls].join("+") || "off"}):\n`);
process.stdout.write(
  `  (the gold patches wrote ${importsAdded} relative imports and ${callsAdded} calls of bare names; a newly called name needed the repository's definitions in ${namesConsulted}/${files} files)\n`,
);
for (const rule of ["missing-import", "unknown-call"]) {
  const hits = staticFindings.filter((f) => f.rule === rule);
  process.stdout.write(`  ${rule.padEnd(15)} fired on ${new Set(hits.map((f) => f.path)).size}/${files} files${hits.length === 0 ? "" : `: ${hits.slice(0, 5).map((f) => `${f.path}:${f.line + 1} ${f.detail ?? ""}`).join("; ")}`}\n`);
}
const limit = Number(values.history);
if (limit > 0) {
  const history = await historyAlarms(process.cwd(), limit, ALL_STATIC);
  process.stdout.write(
    `this repository's last ${history.commits} TypeScript commits (${history.files} files; each passed tsc, so any finding is a false alarm; ` +
      `${history.namesConsulted} commits called a name only the repository's definitions explain):\n`,
  );
  for (const rule of ["syntax", "conflict-marker", "placeholder", "mixed-indent", "missing-import", "unknown-call"]) {
    process.stdout.write(`  ${rule.padEnd(15)} fired on ${history.filesByRule.get(rule) ?? 0}/${history.files} files\n`);
  }
  for (const example of history.examples) process.stdout.write(`    ${example}\n`);
}
const perFile = sum(checkMs) / Math.max(1, files);
const applyPerFile = sum(applyMs) / Math.max(1, files);
process.stdout.write(
  `baseline over ${files} files: parse + apply of the edit's SEARCH/REPLACE text ${applyPerFile.toFixed(3)} ms per file (median ${median(applyMs).toFixed(3)}); ` +
    `checks ${perFile.toFixed(3)} ms per file (median ${median(checkMs).toFixed(3)}); checks/apply = ${(perFile / applyPerFile).toFixed(2)}\n`,
);
const percent = broken === 0 ? 0 : (100 * caught) / broken;
process.stdout.write(
  `syntax: caught=${percent.toFixed(1)} gold_refused=${goldRefused} files=${files} ms_per_file=${perFile.toFixed(3)} apply_ms_per_file=${applyPerFile.toFixed(3)} ratio=${(perFile / applyPerFile).toFixed(2)}\n`,
);
