import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MinedRecord } from "../../src/dataset/mine/mined-record.js";
import { jsonLines, runStacksmith } from "../helpers/cli-run.js";
import { completion, startFakeChatServer } from "../helpers/fake-chat-server.js";
import { buildMergeHistory, SHOUT_V1, SHOUT_V2, SHOUT_V3, TEST_V1, TEST_V2, type MergeHistory } from "../helpers/merge-history.js";

let history: MergeHistory;
let work: string;

beforeAll(() => {
  history = buildMergeHistory();
  work = mkdtempSync(join(tmpdir(), "stacksmith-merges-out-"));
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

describe("stacksmith mine on a history of merged pull requests", () => {
  it("makes each first-parent merge a record of what its branch brought, with the same filters", async () => {
    const out = join(work, "records.jsonl");
    const run = await runStacksmith(["mine", "--repo", history.dir, "--out", out, "--context-files", "0", "--quiet"]);
    expect(run).toMatchObject({ code: 0, stderr: "mined 3 records (1 commit, 2 merges) from 8 changes; skipped 5 (bot 2, empty 1, tests-only 1, root 1)\n" });
    const records = jsonLines(readFileSync(out, "utf8")) as MinedRecord[];
    for (const record of records) expect(MinedRecord.safeParse(record).success).toBe(true);
    const name = basename(history.dir);
    expect(records.map((r) => r.id)).toEqual([`${name}@${sha("pr11").slice(0, 12)}`, `${name}@${sha("pr7").slice(0, 12)}`, `${name}@${sha("typo").slice(0, 12)}`]);
    const [whisper, loud, typo] = records;

    // GitHub's default message: the pull request's number, title and body, then the branch's own
    // commits oldest first (not main's typo fix, which it merged in, nor that merge itself).
    expect(loud).toMatchObject({
      base_sha: sha("typo"),
      head_sha: sha("pr7"),
      source: { kind: "merge", number: 7, author: "Ada Lovelace", commits: 3 },
      task: "Merge pull request #7 from ada/loud\n\nShout louder on request\n\nAdds a `loud` flag to shout().\n\nCommits:\n- Add a loud flag\n- Say what loud does",
      changed_files: [{ path: "src/shout.py", old_content: SHOUT_V1, new_content: SHOUT_V2 }],
      test_files: [{ path: "tests/test_shout.py", old_content: TEST_V1, new_content: TEST_V2 }],
      stats: { files: 1, hunks: 1, lines_added: 3, lines_removed: 3 },
    });
    expect(loud?.patch).toMatch(/^diff --git a\/src\/shout\.py b\/src\/shout\.py\n/);
    expect(loud?.patch).not.toContain("tests/");
    expect(loud?.test_patch).toMatch(/^diff --git a\/tests\/test_shout\.py b\/tests\/test_shout\.py\n[^]*\+def test_loud\(\):/);

    // GitHub's "pull request title" message names the number at the end of the title.
    expect(whisper).toMatchObject({
      base_sha: sha("pr10"),
      source: { kind: "merge", number: 11, commits: 1 },
      task: "Whisper too (#11)\n\nThe quiet counterpart.\n\nCommits:\n- Add whisper",
      changed_files: [{ path: "src/shout.py", old_content: SHOUT_V2, new_content: SHOUT_V3 }],
      test_files: [],
      test_patch: "",
    });
    expect(typo).toMatchObject({ source: { kind: "commit" }, task: "Fix a typo in the README" });
  });

  it("replays every record, its tests included, to 1.0 with eval --oracle", async () => {
    const out = join(work, "oracle.jsonl");
    expect((await runStacksmith(["mine", "--repo", history.dir, "--out", out, "--quiet"])).code).toBe(0);
    const run = await runStacksmith(["eval", "--records", out, "--oracle", "--json", "--quiet"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { results: { reward: number; applied: boolean; error: string | null }[]; summary: { records: number; perfect: number } };
    expect(report.results.map((r) => [r.reward, r.applied, r.error])).toEqual([
      [1, true, null],
      [1, true, null],
      [1, true, null],
    ]);
  });

  it("reports a record whose test patch does not give its test files", async () => {
    const out = join(work, "tampered.jsonl");
    expect((await runStacksmith(["mine", "--repo", history.dir, "--out", out, "--context-files", "0", "--quiet"])).code).toBe(0);
    const lines = readFileSync(out, "utf8").trimEnd().split("\n");
    const loud = JSON.parse(lines[1] ?? "") as MinedRecord;
    const tampered = { ...loud, test_patch: loud.test_patch.replace("+def test_loud():", "+def test_louder():") };
    const file = join(work, "tampered-one.jsonl");
    await import("node:fs/promises").then((fs) => fs.writeFile(file, `${JSON.stringify(tampered)}\n`));
    const run = await runStacksmith(["eval", "--records", file, "--oracle", "--json", "--quiet"]);
    const report = JSON.parse(run.stdout) as { results: { reward: number; applied: boolean; error: string | null }[] };
    expect(report.results[0]).toMatchObject({ reward: 1, applied: false, error: "test_patch: tests/test_shout.py differs from the recorded new content" });
  });

  it("scores an agent on the code it wrote, not on the tests it wrote beside it", async () => {
    const out = join(work, "loud.jsonl");
    expect((await runStacksmith(["mine", "--repo", history.dir, "--ref", sha("pr7"), "--limit", "1", "--out", out, "--context-files", "0", "--quiet"])).code).toBe(0);
    const block = (path: string, search: string, replace: string) => ["```python", `### ${path}`, "<<<<<<< SEARCH", search, "=======", replace, ">>>>>>> REPLACE", "```"].join("\n");
    const answer = [
      "Adds the flag, and a test of my own.",
      block("src/shout.py", SHOUT_V1.trimEnd(), SHOUT_V2.trimEnd()),
      block("tests/test_shout.py", "def test_shout():", "def test_shout_upper():"),
    ].join("\n\n");
    const plan = { subtasks: [{ title: "Add the flag", goal: "Resolve it.", files: ["src/shout.py"], why: "" }] };
    const server = await startFakeChatServer([
      () => ({ body: completion({ tool_calls: [{ id: "p", name: "submit_plan", arguments: plan }] }, "tool_calls") }),
      () => ({ body: completion({ content: answer }, "stop") }),
    ]);
    try {
      const run = await runStacksmith(["eval", "--records", out, "--base-url", server.url, "--model", "m", "--locate", "prefilter", "--json", "--quiet"], { env: {} });
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as { results: { reward: number; applied: boolean; locateHit: boolean }[] };
      expect(report.results).toEqual([expect.objectContaining({ reward: 1, applied: true, locateHit: true })]);
      server.assertDone();
    } finally {
      await server.close();
    }
  });
});
