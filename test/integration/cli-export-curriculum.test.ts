import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from "hyparquet";
import { THINKING_SYSTEM_PROMPT } from "../../src/dataset/export/swe-rl-prompt.js";
import { jsonLines, runStacksmith } from "../helpers/cli-run.js";
import { APP_V1, APP_V2, buildKnownHistory, README, type KnownHistory } from "../helpers/known-history.js";

let history: KnownHistory;
let work: string;
let records: string;

beforeAll(async () => {
  history = buildKnownHistory();
  work = mkdtempSync(join(tmpdir(), "stacksmith-export-"));
  records = join(work, "records.jsonl");
  const run = await runStacksmith(["mine", "--repo", history.dir, "--out", records, "--context-files", "1", "--quiet"]);
  if (run.code !== 0) throw new Error(run.stderr);
});
afterAll(() => {
  history.cleanup();
  rmSync(work, { recursive: true, force: true });
});

interface Example {
  id: string;
  prompt: { role: string; content: string }[];
  code_context: Record<string, string>;
  oracle_new_content: Record<string, string>;
  oracle_patch: string;
  oracle_answer: string;
  reward: string;
}

describe("stacksmith export --format swe-rl", () => {
  it("writes SWE-RL's prompt with the oracle a trainer scores answers against", async () => {
    const run = await runStacksmith(["export", "--records", records, "--format", "swe-rl"]);
    expect(run).toMatchObject({ code: 0, stderr: "exported 4 examples\n" });
    const examples = jsonLines(run.stdout) as Example[];
    expect(examples).toHaveLength(4);
    for (const example of examples) {
      expect(Object.keys(example)).toEqual(["id", "repo", "base_sha", "head_sha", "difficulty", "prompt", "code_context", "oracle_new_content", "oracle_patch", "test_patch", "oracle_answer", "reward"]);
      expect(example.prompt.map((m) => m.role)).toEqual(["system", "user"]);
      expect(example.prompt[0]?.content).toBe(THINKING_SYSTEM_PROMPT);
      expect(example.reward).toBe("swe-rl/search-replace");
    }
    const greet = examples[3] as Example;
    const user = greet.prompt[1]?.content ?? "";
    expect(user).toContain('--- BEGIN ISSUE ---\nGreet with a comma and an exclamation mark\n\nThe greeting reads better as "Hello, name!".\n--- END ISSUE ---');
    // Files in path order, each as `### path` and its full text, inside one fence.
    expect(user).toContain(`--- BEGIN FILE ---\n\`\`\`\n### README.md\n${README}\n\n### src/app.py\n${APP_V1}\n\`\`\`\n--- END FILE ---`);
    expect(user).toContain("1. The file path\n2. The start of search block: <<<<<<< SEARCH");
    expect(greet.code_context).toEqual({ "README.md": README, "src/app.py": APP_V1 });
    expect(greet.oracle_new_content).toEqual({ "src/app.py": APP_V2 });
    expect(greet.oracle_answer).toBe(
      '<think>\nThe change below resolves the issue.\n</think>\n<solution>\n```\n### src/app.py\n<<<<<<< SEARCH\n    return "Hello " + name\n=======\n    return f"Hello, {name}!"\n>>>>>>> REPLACE\n```\n</solution>',
    );
    // A deleted file's new content is "", as SWE-RL has no deletions.
    expect((examples[2] as Example).oracle_new_content).toEqual({ "src/helpers.py": "def clamp(x, lo, hi):\n    return max(lo, min(x, hi))\n", "src/util.py": "" });
  });

  it("gives answers the reward command scores: the oracle 1.0, a partial answer less, a malformed one -1", async () => {
    const run = await runStacksmith(["export", "--records", records, "--format", "swe-rl"]);
    const examples = jsonLines(run.stdout) as Example[];
    const greet = examples[3] as Example;
    const partial = greet.oracle_answer.replace('f"Hello, {name}!"', '"Hello, " + name');
    const lines = [
      ...examples.map((e) => ({ code_context: e.code_context, oracle_new_content: e.oracle_new_content, output: e.oracle_answer })),
      { code_context: greet.code_context, oracle_new_content: greet.oracle_new_content, output: partial },
      { code_context: greet.code_context, oracle_new_content: greet.oracle_new_content, output: "no tags" },
    ];
    const scored = await runStacksmith(["reward"], { stdin: lines.map((l) => JSON.stringify(l)).join("\n") + "\n" });
    const rewards = (jsonLines(scored.stdout) as { reward: number }[]).map((r) => r.reward);
    expect(rewards.slice(0, 4)).toEqual([1, 1, 1, 1]);
    expect(rewards[4]).toBeGreaterThan(0);
    expect(rewards[4]).toBeLessThan(1);
    expect(rewards[5]).toBe(-1);
  });

  it("refuses an unknown format and reports unreadable lines without losing the others", async () => {
    expect(await runStacksmith(["export", "--records", records, "--format", "alpaca"])).toMatchObject({ code: 2, stderr: "stacksmith export: unknown --format 'alpaca' (swe-rl, verl, trl)\n" });
    expect(await runStacksmith(["export", "--records", records, "--format", "toString"])).toMatchObject({ code: 2 });
    expect(await runStacksmith(["export", "--records", records, "--format", "swe-rl", "--out", join(work, "x.parquet")])).toMatchObject({
      code: 2,
      stderr: "stacksmith export: --format swe-rl writes JSON lines, not Parquet: give --out a name not ending in .parquet\n",
    });
    expect(await runStacksmith(["export", "--records", join(work, "none.jsonl"), "--format", "swe-rl"])).toMatchObject({ code: 2, stderr: expect.stringContaining("no such file") });
    const mixed = join(work, "mixed.jsonl");
    writeFileSync(mixed, `${readFileSync(records, "utf8")}{"oops": true}\nnot json\n`);
    const run = await runStacksmith(["export", "--records", mixed, "--format", "swe-rl"]);
    expect(run.code).toBe(1);
    expect(jsonLines(run.stdout)).toHaveLength(4);
    expect(run.stderr).toContain("mixed.jsonl:5: not a mined record or an outcome line: schema:");
    expect(run.stderr).toContain("mixed.jsonl:6: not JSON");
  });
});

async function readParquet(path: string): Promise<{ names: string[]; children: Record<string, string[]>; rows: Record<string, unknown>[] }> {
  const file = await asyncBufferFromFile(path);
  const tree = parquetSchema(await parquetMetadataAsync(file));
  const names = tree.children.map((c) => c.element.name);
  const leaves = (node: (typeof tree.children)[number]): string[] => (node.children.length === 0 ? [node.element.name] : node.children.flatMap((c) => (c.element.name === "list" || c.element.name === "element" ? leaves(c) : [c.element.name])));
  const children = Object.fromEntries(tree.children.map((c) => [c.element.name, leaves(c)]));
  return { names, children, rows: await parquetReadObjects({ file }) };
}

/** Parquet's 64-bit integers come back as bigint; JSON's as numbers. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v)));

describe("stacksmith export for trainers", () => {
  async function sweRl(): Promise<Example[]> {
    return jsonLines((await runStacksmith(["export", "--records", records, "--format", "swe-rl"])).stdout) as Example[];
  }

  it("writes verl's RL dataset rows with verl's documented field names, as JSON lines and as Parquet", async () => {
    const run = await runStacksmith(["export", "--records", records, "--format", "verl"]);
    expect(run).toMatchObject({ code: 0, stderr: "exported 4 examples\n" });
    const rows = jsonLines(run.stdout) as Record<string, unknown>[];
    const examples = await sweRl();
    rows.forEach((row, i) => {
      const example = examples[i] as Example;
      expect(Object.keys(row)).toEqual(["data_source", "prompt", "ability", "reward_model", "extra_info"]);
      expect(row).toMatchObject({ data_source: "stacksmith/swe-rl", ability: "code", prompt: example.prompt, reward_model: { style: "rule" } });
      const truth = JSON.parse((row.reward_model as { ground_truth: string }).ground_truth) as unknown;
      expect(truth).toEqual({ code_context: example.code_context, oracle_new_content: example.oracle_new_content });
      expect(row.extra_info).toMatchObject({ split: "train", index: i, id: example.id, oracle_answer: example.oracle_answer, oracle_patch: example.oracle_patch });
    });

    const out = join(work, "verl.parquet");
    expect(await runStacksmith(["export", "--records", records, "--format", "verl", "--out", out])).toMatchObject({ code: 0, stderr: "exported 4 examples\n" });
    const table = await readParquet(out);
    expect(table.names).toEqual(["data_source", "prompt", "ability", "reward_model", "extra_info"]);
    expect(table.children).toMatchObject({
      prompt: ["role", "content"],
      reward_model: ["style", "ground_truth"],
      extra_info: ["split", "index", "id", "repo", "base_sha", "head_sha", "difficulty", "oracle_patch", "test_patch", "oracle_answer"],
    });
    expect(plain(table.rows)).toEqual(rows);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it("writes TRL's conversational prompt column with the reward's inputs as columns, as JSON lines and as Parquet", async () => {
    const run = await runStacksmith(["export", "--records", records, "--format", "trl"]);
    expect(run.code).toBe(0);
    const rows = jsonLines(run.stdout) as Record<string, unknown>[];
    const examples = await sweRl();
    const greet = examples[3] as Example;
    expect(Object.keys(rows[3] ?? {})).toEqual(["prompt", "code_context", "oracle_new_content", "id", "repo", "base_sha", "head_sha", "difficulty", "oracle_patch", "test_patch", "oracle_answer"]);
    expect(rows[3]).toMatchObject({
      prompt: greet.prompt,
      code_context: [
        { path: "README.md", content: greet.code_context["README.md"] },
        { path: "src/app.py", content: greet.code_context["src/app.py"] },
      ],
      oracle_new_content: [{ path: "src/app.py", content: APP_V2 }],
      oracle_answer: greet.oracle_answer,
    });

    const out = join(work, "trl.parquet");
    expect((await runStacksmith(["export", "--records", records, "--format", "trl", "--out", out])).code).toBe(0);
    const table = await readParquet(out);
    expect(table.names).toEqual(["prompt", "code_context", "oracle_new_content", "id", "repo", "base_sha", "head_sha", "difficulty", "oracle_patch", "test_patch", "oracle_answer"]);
    expect(table.children).toMatchObject({ prompt: ["role", "content"], code_context: ["path", "content"], oracle_new_content: ["path", "content"] });
    expect(plain(table.rows)).toEqual(rows);
  });
});

describe("stacksmith curriculum", () => {
  it("orders records from easy to hard, copying lines verbatim", async () => {
    const run = await runStacksmith(["curriculum", records]);
    expect(run.code).toBe(0);
    const ordered = jsonLines(run.stdout) as { id: string; difficulty: number }[];
    expect(ordered.map((r) => r.difficulty)).toEqual([1.585, 1.585, 1.585, 4.822]);
    // Equal difficulties in id order.
    expect((ordered[0]?.id ?? "") < (ordered[1]?.id ?? "")).toBe(true);
    const original = new Set(readFileSync(records, "utf8").trimEnd().split("\n"));
    for (const line of run.stdout.trimEnd().split("\n")) expect(original.has(line)).toBe(true);
    expect(run.stderr).toBe("stage 1: 4 records, difficulty 1.58–4.82\n");
  });

  it("cuts the order into stage files", async () => {
    const dir = join(work, "stages");
    const run = await runStacksmith(["curriculum", records, "--stages", "2", "--out-dir", dir]);
    expect(run).toMatchObject({ code: 0, stderr: "stage 1: 2 records, difficulty 1.58–1.58\nstage 2: 2 records, difficulty 1.58–4.82\n" });
    expect(readdirSync(dir).sort()).toEqual(["stage-1.jsonl", "stage-2.jsonl"]);
    expect(jsonLines(readFileSync(join(dir, "stage-2.jsonl"), "utf8")).map((r) => (r as { difficulty: number }).difficulty)).toEqual([1.585, 4.822]);
  });

  it("rejects bad arguments", async () => {
    expect(await runStacksmith(["curriculum"])).toMatchObject({ code: 2, stderr: "stacksmith curriculum: give the records file (see --help)\n" });
    expect(await runStacksmith(["curriculum", records, "--stages", "0"])).toMatchObject({ code: 2, stderr: "stacksmith curriculum: --stages must be an integer of at least 1, not '0'\n" });
    const tooMany = await runStacksmith(["curriculum", records, "--stages", "500", "--out-dir", join(work, "too-many")]);
    expect(tooMany).toMatchObject({ code: 2, stderr: expect.stringMatching(/^stacksmith curriculum: --stages 500 is more than the \d+ records in .*: give at most \d+\n$/) });
    expect(existsSync(join(work, "too-many"))).toBe(false);
    expect(await runStacksmith(["schema", "--help"])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^usage: stacksmith schema/) });
    expect(await runStacksmith(["curriculum", records, "--out", "a", "--out-dir", "b"])).toMatchObject({ code: 2 });
  });
});
