import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MinedRecord } from "../../src/dataset/mine/mined-record.js";
import { jsonLines, runStacksmith } from "../helpers/cli-run.js";
import { APP_V1, APP_V2, APP_V3, buildKnownHistory, README, UTIL, type KnownHistory } from "../helpers/known-history.js";
import { git } from "../helpers/git-server.js";

let history: KnownHistory;
let work: string;

beforeAll(() => {
  history = buildKnownHistory();
  work = mkdtempSync(join(tmpdir(), "stacksmith-mine-out-"));
});
afterAll(() => {
  history.cleanup();
  rmSync(work, { recursive: true, force: true });
});

const sha = (label: string): string => {
  const value = history.sha[label];
  if (value === undefined) throw new Error(`no commit ${label}`);
  return value;
};

function expectedRecords(repo: string, name: string): unknown[] {
  const id = (label: string) => `${name}@${sha(label).slice(0, 12)}`;
  return [
    {
      schema: "stacksmith.mined/1",
      id: id("merge"),
      repo,
      base_sha: sha("binary"),
      head_sha: sha("merge"),
      source: { kind: "merge", number: null, author: "Ada Lovelace", date: "2024-01-09T12:00:00.000Z", commits: 1 },
      task: "Merge branch 'docs'\n\nCommits:\n- Document greet",
      changed_files: [{ path: "README.md", old_content: README, new_content: `${README}\nUse greet(name) to say hello.\n` }],
      test_files: [],
      context_files: [{ path: "src/app.py", content: APP_V3, score: expect.any(Number) }],
      excluded_files: [],
      renames: [],
      patch: [
        "diff --git a/README.md b/README.md",
        "--- a/README.md",
        "+++ b/README.md",
        "@@ -1,3 +1,5 @@",
        " # Greeter",
        " ",
        " A tiny greeting library: greet and farewell.",
        "+",
        "+Use greet(name) to say hello.",
        "",
      ].join("\n"),
      test_patch: "",
      stats: { files: 1, hunks: 1, lines_added: 2, lines_removed: 0 },
      difficulty: 1.585,
    },
    {
      schema: "stacksmith.mined/1",
      id: id("binary"),
      repo,
      base_sha: sha("rename"),
      head_sha: sha("binary"),
      source: { kind: "commit", author: "Ada Lovelace", date: "2024-01-07T12:00:00.000Z" },
      task: "Add a logo and a warmer farewell",
      changed_files: [{ path: "src/app.py", old_content: APP_V2, new_content: APP_V3 }],
      context_files: [{ path: "README.md", content: README, score: expect.any(Number) }],
      test_files: [],
      excluded_files: [{ path: "assets/logo.png", reason: "binary" }],
      renames: [],
      patch: [
        "diff --git a/src/app.py b/src/app.py",
        "--- a/src/app.py",
        "+++ b/src/app.py",
        "@@ -3,4 +3,4 @@",
        " ",
        " ",
        " def farewell(name):",
        '-    return "Bye " + name',
        '+    return f"Goodbye, {name}."',
        "",
      ].join("\n"),
      test_patch: "",
      stats: { files: 1, hunks: 1, lines_added: 1, lines_removed: 1 },
      difficulty: 1.585,
    },
    {
      schema: "stacksmith.mined/1",
      id: id("rename"),
      repo,
      base_sha: sha("lock"),
      head_sha: sha("rename"),
      source: { kind: "commit", author: "Ada Lovelace", date: "2024-01-06T12:00:00.000Z" },
      task: "Move clamp into helpers",
      changed_files: [
        { path: "src/helpers.py", old_content: null, new_content: UTIL },
        { path: "src/util.py", old_content: UTIL, new_content: null },
      ],
      test_files: [],
      context_files: [],
      excluded_files: [],
      renames: [{ from: "src/util.py", to: "src/helpers.py" }],
      patch: [
        "diff --git a/src/helpers.py b/src/helpers.py",
        "new file mode 100644",
        "--- /dev/null",
        "+++ b/src/helpers.py",
        "@@ -0,0 +1,2 @@",
        "+def clamp(x, lo, hi):",
        "+    return max(lo, min(x, hi))",
        "diff --git a/src/util.py b/src/util.py",
        "deleted file mode 100644",
        "--- a/src/util.py",
        "+++ /dev/null",
        "@@ -1,2 +0,0 @@",
        "-def clamp(x, lo, hi):",
        "-    return max(lo, min(x, hi))",
        "",
      ].join("\n"),
      test_patch: "",
      stats: { files: 2, hunks: 2, lines_added: 2, lines_removed: 2 },
      difficulty: 4.822,
    },
    {
      schema: "stacksmith.mined/1",
      id: id("greet"),
      repo,
      base_sha: sha("root"),
      head_sha: sha("greet"),
      source: { kind: "commit", author: "Ada Lovelace", date: "2024-01-03T12:00:00.000Z" },
      task: 'Greet with a comma and an exclamation mark\n\nThe greeting reads better as "Hello, name!".',
      changed_files: [{ path: "src/app.py", old_content: APP_V1, new_content: APP_V2 }],
      test_files: [],
      context_files: [{ path: "README.md", content: README, score: expect.any(Number) }],
      excluded_files: [],
      renames: [],
      patch: [
        "diff --git a/src/app.py b/src/app.py",
        "--- a/src/app.py",
        "+++ b/src/app.py",
        "@@ -1,5 +1,5 @@",
        " def greet(name):",
        '-    return "Hello " + name',
        '+    return f"Hello, {name}!"',
        " ",
        " ",
        " def farewell(name):",
        "",
      ].join("\n"),
      test_patch: "",
      stats: { files: 1, hunks: 1, lines_added: 1, lines_removed: 1 },
      difficulty: 1.585,
    },
  ];
}

describe("stacksmith mine on a known history", () => {
  it("writes one exact record per kept commit and merge and counts the skipped ones by reason", async () => {
    const out = join(work, "records.jsonl");
    const run = await runStacksmith(["mine", "--repo", history.dir, "--out", out, "--context-files", "1"]);
    expect(run.stderr).toContain("mined 4 records (3 commits, 1 merge) from 7 changes; skipped 3 (");
    for (const reason of ["bot 1", "lockfile 1", "root 1"]) expect(run.stderr).toContain(reason);
    expect(run.code).toBe(0);
    const records = jsonLines(readFileSync(out, "utf8"));
    expect(records).toEqual(expectedRecords(history.dir, basename(history.dir)));
    for (const record of records) expect(MinedRecord.safeParse(record).success).toBe(true);
    // The merged branch's own commit is not a record of its own: the merge is.
    expect(JSON.stringify(records)).not.toContain(sha("docs"));
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it("stops at --limit commits and at --since", async () => {
    const limited = await runStacksmith(["mine", "--repo", history.dir, "--out", "-", "--limit", "2", "--context-files", "0", "--quiet"]);
    expect(limited.code).toBe(0);
    expect(jsonLines(limited.stdout).map((r) => (r as { head_sha: string }).head_sha)).toEqual([sha("merge"), sha("binary")]);
    expect(limited.stderr).toBe("mined 2 records (1 commit, 1 merge) from 2 changes\n");

    const since = await runStacksmith(["mine", "--repo", history.dir, "--out", "-", "--since", "2024-01-05", "--context-files", "0", "--quiet"]);
    expect(jsonLines(since.stdout).map((r) => (r as { head_sha: string }).head_sha)).toEqual([sha("merge"), sha("binary"), sha("rename")]);
    expect(since.stderr).toBe("mined 3 records (2 commits, 1 merge) from 4 changes; skipped 1 (lockfile 1)\n");
  });

  it("shows progress toward the changes the walk will look at, with the time left: all of history, --since's part, or --limit", async () => {
    /** The progress lines (stderr is no terminal here: a line at each tenth of the total). */
    const progress = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("["));
    const all = await runStacksmith(["mine", "--repo", history.dir, "--out", "-", "--context-files", "0"]);
    expect(all.code).toBe(0);
    const lines = progress(all.stderr);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^\[[#-]{24}\] [1-6]\/7 commits, \d+ records, ETA \d+s$/);
    expect(lines.at(-1)).toMatch(/^\[#{24}\] 7\/7 commits, 4 records, took \d+s$/);

    const since = await runStacksmith(["mine", "--repo", history.dir, "--out", "-", "--since", "2024-01-05", "--context-files", "0"]);
    expect(progress(since.stderr).at(-1)).toMatch(/^\[#{24}\] 4\/4 commits, 3 records, took \d+s$/);
    const limited = await runStacksmith(["mine", "--repo", history.dir, "--out", "-", "--limit", "2", "--context-files", "0"]);
    expect(progress(limited.stderr).at(-1)).toMatch(/ 2\/2 commits, 2 records, took \d+s$/);
    // A --limit past the start of history: the total is what there is.
    const long = await runStacksmith(["mine", "--repo", history.dir, "--out", "-", "--limit", "100", "--context-files", "0"]);
    expect(progress(long.stderr).at(-1)).toMatch(/ 7\/7 commits, 4 records, took \d+s$/);
  });

  it("skips changes over --max-lines as huge", async () => {
    const run = await runStacksmith(["mine", "--repo", history.dir, "--out", "-", "--max-lines", "3", "--context-files", "0", "--quiet"]);
    expect(jsonLines(run.stdout).map((r) => (r as { head_sha: string }).head_sha)).toEqual([sha("merge"), sha("binary"), sha("greet")]);
    expect(run.stderr).toContain("huge 1");
  });

  it("replays every mined record exactly: eval --oracle scores 1.0 on all", async () => {
    const records = join(work, "oracle.jsonl");
    expect((await runStacksmith(["mine", "--repo", history.dir, "--out", records, "--quiet"])).code).toBe(0);
    const run = await runStacksmith(["eval", "--records", records, "--oracle", "--json", "--quiet"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { results: { reward: number; applied: boolean; error: string | null }[]; summary: { records: number; meanReward: number; perfect: number; applyRate: number } };
    expect(report.results).toHaveLength(4);
    for (const row of report.results) expect(row).toMatchObject({ reward: 1, applied: true, error: null });
    expect(report.summary).toMatchObject({ records: 4, meanReward: 1, perfect: 1, applyRate: 1 });

    const table = await runStacksmith(["eval", "--records", records, "--oracle"]);
    expect(table.stdout.split("\n")[0]).toMatch(/^record\s+locate\s+reward\s+applied\s+tokens\s+cost\s+note$/);
    // Progress on stderr toward the file's records, ending with the time it took.
    expect(table.stderr.split("\n").filter((l) => l !== "").at(-1)).toMatch(/^\[#{24}\] 4\/4 records, took \d+s$/);
    expect(table.stdout.trimEnd().split("\n").at(-1)).toBe("4 records: mean reward 1.000, reward 1.0 on 100.0%, locate n/a, edits applied 100.0%, 0 tokens, $0.0000");
  });

  it("fails clearly on bad input and leaves an existing output untouched", async () => {
    const out = join(work, "keep.jsonl");
    writeFileSync(out, "precious\n");
    const missing = await runStacksmith(["mine", "--repo", join(work, "nope"), "--out", out]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^stacksmith mine: .*nope does not exist\n$/);
    mkdirSync(join(work, "plain"), { recursive: true });
    expect((await runStacksmith(["mine", "--repo", join(work, "plain"), "--out", out])).stderr).toMatch(/plain is not a git repository\n$/);
    const empty = join(work, "empty-repo");
    git(work, ["init", "-q", empty]);
    expect((await runStacksmith(["mine", "--repo", empty, "--out", out])).stderr).toMatch(/empty-repo has no commits yet\n$/);
    expect(readFileSync(out, "utf8")).toBe("precious\n");
    expect(existsSync(`${out}.partial`)).toBe(false);

    const noFolder = await runStacksmith(["mine", "--repo", history.dir, "--out", join(work, "absent", "r.jsonl")]);
    expect(noFolder).toMatchObject({ code: 2, stderr: expect.stringContaining("the folder") });
    const badLimit = await runStacksmith(["mine", "--repo", history.dir, "--out", out, "--limit", "ten"]);
    expect(badLimit).toMatchObject({ code: 2, stderr: "stacksmith mine: --limit must be an integer of at least 1, not 'ten'\n" });
    const badDate = await runStacksmith(["mine", "--repo", history.dir, "--out", out, "--since", "yesterday"]);
    expect(badDate).toMatchObject({ code: 2, stderr: "stacksmith mine: --since must be a date like 2024-01-31, not 'yesterday'\n" });
    const unknown = await runStacksmith(["mine", "--repo", history.dir, "--out", out, "--bogus"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--bogus");
    expect(readFileSync(out, "utf8")).toBe("precious\n");
  });
});
