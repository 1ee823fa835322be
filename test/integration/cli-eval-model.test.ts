import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runStacksmith } from "../helpers/cli-run.js";
import { completion, startFakeChatServer, type FakeChatServer } from "../helpers/fake-chat-server.js";
import { APP_V2, buildKnownHistory, type KnownHistory } from "../helpers/known-history.js";

let history: KnownHistory;
let work: string;
let records: string;
let server: FakeChatServer | undefined;

beforeAll(async () => {
  history = buildKnownHistory();
  work = mkdtempSync(join(tmpdir(), "stacksmith-eval-"));
  records = join(work, "records.jsonl");
  // The commits up to the farewell change: the scripted model answers for them in order.
  const run = await runStacksmith(["mine", "--repo", history.dir, "--ref", history.sha.binary ?? "", "--out", records, "--context-files", "0", "--quiet"]);
  if (run.code !== 0) throw new Error(run.stderr);
});
/** Every loose object and ref of the repository, to show a run wrote none. */
function listRefs(): string {
  return execFileSync("sh", ["-c", "find .git/objects .git/refs -type f | sort"], { cwd: history.dir, encoding: "utf8" });
}

afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(async () => {
  history.cleanup();
  rmSync(work, { recursive: true, force: true });
});

const FAREWELL_FIX = [
  "The farewell now reads warmly.",
  "",
  "```python",
  "### src/app.py",
  "<<<<<<< SEARCH",
  '    return "Bye " + name',
  "=======",
  '    return f"Goodbye, {name}."',
  ">>>>>>> REPLACE",
  "```",
].join("\n");

describe("stacksmith eval with an OpenAI-compatible model server", () => {
  it("runs the app's pipeline on each record at its base, in memory, and scores the stack it writes", async () => {
    const plan = (title: string) => ({ body: completion({ tool_calls: [{ id: "p", name: "submit_plan", arguments: { subtasks: [{ title, goal: "Resolve it.", files: ["src/app.py"], why: "" }] } }] }, "tool_calls") });
    server = await startFakeChatServer([
      // Record 1 (the farewell change). Locate: the ranking's map, then the model's pick.
      (body) => {
        expect(body.tools?.map((t) => t.function.name)).toContain("submit_files");
        expect(body.messages[1]?.content).toContain("Add a logo and a warmer farewell");
        return { body: completion({ tool_calls: [{ id: "loc_1", name: "submit_files", arguments: { edit: ["src/app.py"], read: ["README.md"] } }] }, "tool_calls") };
      },
      // The app's planner, with the issue framed as on GitHub.
      (body) => {
        expect(body.messages[1]?.content).toMatch(/--- BEGIN ISSUE \[[0-9a-f]{24}\] ---\nAdd a logo and a warmer farewell/);
        expect(body.tools?.map((t) => t.function.name)).toEqual(["list_files", "read_file", "submit_plan"]);
        return plan("Warmer farewell");
      },
      // The part: the model reads app.py, then answers with the right edit.
      (body) => {
        const user = body.messages[1]?.content ?? "";
        expect(body.messages[0]?.content).toContain("You are Stacksmith");
        // One part: the prompt, with the planned file shown whole.
        expect(user).toContain(`--- BEGIN FILE src/app.py [`);
        expect(body.tools?.map((t) => t.function.name)).toEqual(["list_files", "read_file"]);
        return { body: completion({ tool_calls: [{ id: "call_1", name: "read_file", arguments: { path: "src/app.py" } }] }, "tool_calls") };
      },
      (body) => {
        // The file reaches the model framed as data, with the job's id.
        expect(body.messages.at(-1)).toEqual({ role: "tool", tool_call_id: "call_1", content: expect.stringMatching(/^--- BEGIN TOOL RESULT \[[0-9a-f]{24}\] ---\nsrc\/app\.py:\n/) });
        expect(body.messages.at(-1)?.content).toContain(`src/app.py:\n${APP_V2}`);
        return { body: completion({ content: FAREWELL_FIX }, "stop") };
      },
      // Record 2 (the rename): locate misses the new file; one part; an edit that matches nothing, and no second chance.
      () => ({ body: completion({ tool_calls: [{ id: "loc_2", name: "submit_files", arguments: { edit: ["src/util.py"] } }] }, "tool_calls") }),
      () => plan("Rename the helpers"),
      () => ({ body: completion({ content: "```python\n### src/util.py\n<<<<<<< SEARCH\ndef nothing():\n=======\ndef something():\n>>>>>>> REPLACE\n```" }, "stop") }),
    ]);
    const before = listRefs();
    const run = await runStacksmith(
      ["eval", "--records", records, "--limit", "2", "--base-url", server.url, "--model", "local-model", "--max-edit-rounds", "1", "--locate", "model", "--json", "--quiet"],
      { env: {} },
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { results: Record<string, unknown>[]; summary: Record<string, unknown> };
    expect(report.results).toEqual([
      {
        id: expect.stringMatching(/@/),
        locateHit: true,
        locateRecall: 1,
        reward: 1,
        applied: true,
        tokens: { inputTokens: 400, outputTokens: 80, cacheReadTokens: 0, cacheWriteTokens: 0 },
        costUsd: null,
        error: null,
      },
      {
        id: expect.stringMatching(/@/),
        locateHit: false,
        locateRecall: 0.5,
        reward: -1,
        applied: false,
        tokens: { inputTokens: 300, outputTokens: 60, cacheReadTokens: 0, cacheWriteTokens: 0 },
        costUsd: null,
        error: expect.stringMatching(/^the model's edits did not apply: the lines it meant to replace in `[^`]+` are not there/),
      },
    ]);
    expect(report.summary).toMatchObject({ records: 2, meanReward: 0, perfect: 0.5, applyRate: 0.5, locateHitRate: 0.5, costUsd: null });
    server.assertDone();
    // Every write stayed in memory: the repository has the objects and refs it had.
    expect(listRefs()).toEqual(before);
  });

  it("with --locate prefilter, plans from the ranking's top files without a locate call", async () => {
    server = await startFakeChatServer([
      (body) => {
        expect(body.tools?.map((t) => t.function.name)).toEqual(["list_files", "read_file", "submit_plan"]);
        expect(body.messages[1]?.content).toMatch(/Files most likely to change:\n[^]*- src\/app\.py\n/);
        return { body: completion({ tool_calls: [{ id: "p", name: "submit_plan", arguments: { subtasks: [{ title: "Warmer farewell", goal: "g", files: [], why: "" }] } }] }, "tool_calls") };
      },
      () => ({ body: completion({ content: FAREWELL_FIX }, "stop") }),
    ]);
    const run = await runStacksmith(["eval", "--records", records, "--limit", "1", "--base-url", server.url, "--model", "qwen-swe-rl", "--locate", "prefilter", "--quiet"], { env: {} });
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe("1 records: mean reward 1.000, reward 1.0 on 100.0%, locate hit 100.0%, edits applied 100.0%, 240 tokens, -");
    server.assertDone();
  });

  it("scores a record whose base commit is not in the repository as a failure, without a model call", async () => {
    server = await startFakeChatServer([]);
    const first = readFileSync(records, "utf8").split("\n")[0] ?? "";
    const stray = join(work, "stray.jsonl");
    writeFileSync(stray, `${first.replace(/"base_sha":"[0-9a-f]{40}"/, `"base_sha":"${"e".repeat(40)}"`)}\n`);
    const run = await runStacksmith(["eval", "--records", stray, "--base-url", server.url, "--model", "m", "--json", "--quiet"], { env: {} });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { results: Record<string, unknown>[] };
    expect(report.results).toEqual([expect.objectContaining({ reward: -1, applied: false, error: "the record's base commit eeeeeeeeeeee is not in the repository" })]);
    server.assertDone();
  });

  it("says what is missing when no model is configured", async () => {
    const run = await runStacksmith(["eval", "--records", records], { env: {} });
    expect(run).toMatchObject({ code: 1, stderr: "stacksmith eval: no ANTHROPIC_API_KEY is set (or give --base-url for an OpenAI-compatible server)\n" });
    const noModel = await runStacksmith(["eval", "--records", records, "--base-url", "http://127.0.0.1:9/v1"], { env: {} });
    expect(noModel).toMatchObject({ code: 2, stderr: "stacksmith eval: an OpenAI-compatible server needs --model (the name it serves the model under)\n" });
    const badLocate = await runStacksmith(["eval", "--records", records, "--locate", "grep"], { env: {} });
    expect(badLocate).toMatchObject({ code: 2, stderr: "stacksmith eval: --locate must be model or prefilter, not 'grep'\n" });
  });
});
