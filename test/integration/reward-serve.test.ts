import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonLines, runStacksmith } from "../helpers/cli-run.js";
import { buildMergeHistory, type MergeHistory } from "../helpers/merge-history.js";
import { ROOT, startNode, type NodeProcess } from "../helpers/node-process.js";
import { serveRewards } from "../../src/cli/reward-serve.js";

const run = promisify(execFile);

let history: MergeHistory;
let work: string;
let server: NodeProcess;
let url: string;
let sweRl: { code_context: Record<string, string>; oracle_new_content: Record<string, string>; oracle_answer: string }[];
let verl: { data_source: string; reward_model: { ground_truth: string }; extra_info: object }[];
let trl: Record<string, unknown>[];

/** Answers of every kind for an example: its own change (1.0), a near miss, a wrong file, a malformed one. */
function answersFor(example: (typeof sweRl)[number]): string[] {
  const near = example.oracle_answer.replace(/=======\n([^\n]*)\n/, "=======\n$1 # changed\n");
  const path = Object.keys(example.code_context)[0] ?? "README.md";
  const wrongFile = `<think>\nguess\n</think>\n<solution>\n\`\`\`\n### ${path}\n<<<<<<< SEARCH\n=======\nextra line\n>>>>>>> REPLACE\n\`\`\`\n</solution>`;
  return [example.oracle_answer, near, wrongFile, "no tags at all"];
}

beforeAll(async () => {
  history = buildMergeHistory();
  work = mkdtempSync(join(tmpdir(), "stacksmith-reward-serve-"));
  const records = join(work, "records.jsonl");
  expect((await runStacksmith(["mine", "--repo", history.dir, "--out", records, "--context-files", "1", "--quiet"])).code).toBe(0);
  const exported = async (format: string) => jsonLines((await runStacksmith(["export", "--records", records, "--format", format])).stdout);
  sweRl = (await exported("swe-rl")) as typeof sweRl;
  verl = (await exported("verl")) as typeof verl;
  trl = (await exported("trl")) as typeof trl;
  server = startNode("src/cli/main.ts", ["reward", "--serve", "--port", "0", "--workers", "2", "--deadline-ms", "2000"], {});
  await server.waitFor(/serving on (http:\/\/127\.0\.0\.1:\d+)/);
  url = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(server.output())?.[1] ?? "";
}, 60_000);
afterAll(async () => {
  if (server !== undefined && server.child.exitCode === null) {
    server.child.kill("SIGTERM");
    await server.exited;
  }
  history.cleanup();
  rmSync(work, { recursive: true, force: true });
});

async function post(body: string): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${url}/reward`, { method: "POST", body, headers: { "content-type": "application/json" } });
  return { status: res.status, json: await res.json() };
}

/** `stacksmith reward` (the CLI) on the same requests. */
async function cliRewards(items: object[]): Promise<unknown[]> {
  const answered = await runStacksmith(["reward"], { stdin: items.map((i) => JSON.stringify(i)).join("\n") + "\n" });
  return jsonLines(answered.stdout);
}

describe("stacksmith reward --serve", () => {
  it("answers a batch in order, exactly as the CLI does", async () => {
    const items = sweRl.flatMap((e) => answersFor(e).map((output) => ({ code_context: e.code_context, oracle_new_content: e.oracle_new_content, output })));
    const answered = await post(JSON.stringify({ items: [...items, { a: "abcd", b: "abce" }, { old: "a\n", new: "b\n" }, { nothing: 1 }] }));
    expect(answered.status).toBe(200);
    const expected = await cliRewards([...items, { a: "abcd", b: "abce" }, { old: "a\n", new: "b\n" }, { nothing: 1 }]);
    expect((answered.json as { results: unknown[] }).results).toEqual(expected);
    const rewards = (expected.slice(0, items.length) as { reward: number }[]).map((r) => r.reward);
    // The answers span the reward's range, so agreement means something.
    expect(rewards).toContain(1);
    expect(rewards).toContain(-1);
    expect(rewards.some((r) => r > 0 && r < 1)).toBe(true);
  });

  it("answers a pathological request with its deadline, without holding up the rest of the batch, and replaces its worker", async () => {
    // Quadratic for the character-level comparison: about a minute and a half of CPU.
    const slow = Array.from({ length: 60_000 }, (_, i) => String.fromCodePoint(0x10000 + i)).join("");
    const spaced = Array.from(slow, (c) => `${c}\u0001`).join("");
    const output = `<think>\nx\n</think>\n<solution>\n\`\`\`\n### f.txt\n<<<<<<< SEARCH\nx\n=======\n${spaced}\n>>>>>>> REPLACE\n\`\`\`\n</solution>`;
    const e = sweRl[0];
    if (e === undefined) throw new Error("no example");
    const quick = { code_context: e.code_context, oracle_new_content: e.oracle_new_content, output: e.oracle_answer };
    const answered = await post(JSON.stringify({ items: [{ code_context: { "f.txt": "x\n" }, oracle_new_content: { "f.txt": `${slow}\n` }, output }, quick, quick, quick] }));
    expect(answered.json).toEqual({
      results: [{ reward: null, error: "no answer within 2000 ms: the request was stopped" }, { reward: 1, error: null }, { reward: 1, error: null }, { reward: 1, error: null }],
    });
    const health = await fetch(`${url}/health`);
    expect(await health.json()).toEqual({ status: "ok", workers: 2, busy: 0, queued: 0 });
    expect((await post(JSON.stringify({ items: [quick, quick, quick] }))).json).toEqual({ results: [{ reward: 1, error: null }, { reward: 1, error: null }, { reward: 1, error: null }] });
  });

  it("refuses what it cannot read with one JSON error", async () => {
    expect(await post("not json")).toEqual({ status: 400, json: { error: expect.stringMatching(/^the body is not JSON: /) } });
    expect(await post(JSON.stringify([1, 2]))).toEqual({ status: 400, json: { error: 'expected {"items": [{"code_context", "oracle_new_content", "output"}, ...]}' } });
    const missing = await fetch(`${url}/score`);
    expect({ status: missing.status, json: await missing.json() }).toEqual({ status: 404, json: { error: "not found: POST /reward or GET /health" } });
    const wrongMethod = await fetch(`${url}/reward`);
    expect(wrongMethod.status).toBe(405);

    const small = await serveRewards({ host: "127.0.0.1", port: 0, workers: 1, deadlineMs: 5_000, maxBodyBytes: 1_000 });
    try {
      const big = await fetch(`${small.url}/reward`, { method: "POST", body: JSON.stringify({ items: [{ a: "x".repeat(2_000), b: "y" }] }) });
      expect({ status: big.status, json: await big.json() }).toEqual({ status: 413, json: { error: "the body is larger than 1000 bytes: send smaller batches" } });
      const fits = await fetch(`${small.url}/reward`, { method: "POST", body: JSON.stringify({ items: [{ a: "ab", b: "ac" }] }) });
      expect(await fits.json()).toEqual({ results: [{ ratio: 0.5 }] });
    } finally {
      await small.close();
    }
  });

  it("says on one line when it cannot start, and stops on SIGTERM", async () => {
    const port = new URL(url).port;
    const second = startNode("src/cli/main.ts", ["reward", "--serve", "--port", port], {});
    expect(await second.exited).toEqual({ code: 1, signal: null });
    expect(second.output()).toBe(`stacksmith reward: 127.0.0.1:${port} is already in use: give another --port\n`);
    expect(await runStacksmith(["reward", "--port", "9"])).toMatchObject({ code: 2, stderr: "stacksmith reward: --port needs --serve\n" });
    expect(await runStacksmith(["reward", "--serve", "--workers", "0"])).toMatchObject({ code: 2, stderr: "stacksmith reward: --workers must be an integer of at least 1, not '0'\n" });

    const own = startNode("src/cli/main.ts", ["reward", "--serve", "--port", "0", "--workers", "1"], {});
    await own.waitFor("serving on");
    own.child.kill("SIGTERM");
    expect(await own.exited).toEqual({ code: 0, signal: null });
    expect(own.output()).toMatch(/\nstacksmith reward: stopped\n$/);
  });

  it("gives the verl and TRL examples the same floats as `stacksmith reward`, bit for bit", async () => {
    const cases = {
      verl: verl.flatMap((row, i) => answersFor(sweRl[i] as (typeof sweRl)[number]).map((answer) => ({ row, answer }))),
      trl: trl.flatMap((row, i) => answersFor(sweRl[i] as (typeof sweRl)[number]).map((answer) => ({ row, answer }))),
    };
    const file = join(work, "cases.json");
    writeFileSync(file, JSON.stringify(cases));
    const { stdout } = await run("python3", [join(ROOT, "test/fixtures/dataset/run_reward_examples.py"), join(ROOT, "examples"), file], { env: { ...process.env, STACKSMITH_REWARD_URL: url } });
    const scored = JSON.parse(stdout) as { verl: number[]; verl_batch: number[]; trl: number[] };
    const expected = (
      (await cliRewards(sweRl.flatMap((e) => answersFor(e).map((output) => ({ code_context: e.code_context, oracle_new_content: e.oracle_new_content, output }))))) as { reward: number }[]
    ).map((r) => r.reward);
    expect(expected.length).toBeGreaterThanOrEqual(12);
    for (const floats of [scored.verl, scored.verl_batch, scored.trl]) {
      expect(floats).toHaveLength(expected.length);
      floats.forEach((f, i) => expect(Object.is(f, expected[i])).toBe(true));
    }
    expect(expected.some((r) => r > 0 && r < 1 && !Number.isInteger(r * 1000))).toBe(true);
  });
});
