import { mkdtempSync, rmSync } from "node:fs";
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
  it("runs locate and the edit loop at each record's base, in memory, and scores them", async () => {
    server = await startFakeChatServer([
      // Record 1 (the farewell change). Locate: the prefilter's map, then the model's pick.
      (body) => {
        expect(body.tools?.map((t) => t.function.name)).toContain("submit_files");
        expect(body.messages[1]?.content).toContain("Add a logo and a warmer farewell");
        return { body: completion({ tool_calls: [{ id: "loc_1", name: "submit_files", arguments: { edit: ["src/app.py"], read: ["README.md"] } }] }, "tool_calls") };
      },
      // The edit loop: the model reads app.py, then answers with the right edit.
      (body) => {
        const user = body.messages[1]?.content ?? "";
        expect(body.messages[0]?.content).toContain("You are Stacksmith");
        expect(user).toMatch(/--- BEGIN ISSUE #0 \[[0-9a-f]{24}\] ---\nAdd a logo and a warmer farewell/);
        expect(user).toContain("Likely files: src/app.py, README.md");
        expect(body.tools?.map((t) => t.function.name)).toEqual(["list_files", "read_file"]);
        return { body: completion({ tool_calls: [{ id: "call_1", name: "read_file", arguments: { path: "src/app.py" } }] }, "tool_calls") };
      },
      (body) => {
        // The file reaches the model framed as data, with the job's id.
        expect(body.messages.at(-1)).toEqual({ role: "tool", tool_call_id: "call_1", content: expect.stringMatching(/^--- BEGIN TOOL RESULT \[[0-9a-f]{24}\] ---\nsrc\/app\.py:\n/) });
        expect(body.messages.at(-1)?.content).toContain(`src/app.py:\n${APP_V2}`);
        return { body: completion({ content: FAREWELL_FIX }, "stop") };
      },
      // Record 2 (the rename): locate misses the new file; an edit that matches nothing, and no second chance.
      () => ({ body: completion({ tool_calls: [{ id: "loc_2", name: "submit_files", arguments: { edit: ["src/util.py"] } }] }, "tool_calls") }),
      () => ({ body: completion({ content: "```python\n### src/util.py\n<<<<<<< SEARCH\ndef nothing():\n=======\ndef something():\n>>>>>>> REPLACE\n```" }, "stop") }),
    ]);
    const run = await runStacksmith(
      ["eval", "--records", records, "--limit", "2", "--base-url", server.url, "--model", "local-model", "--max-edit-rounds", "1", "--json", "--quiet"],
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
        tokens: { inputTokens: 300, outputTokens: 60, cacheReadTokens: 0, cacheWriteTokens: 0 },
        costUsd: null,
        error: null,
      },
      {
        id: expect.stringMatching(/@/),
        locateHit: false,
        locateRecall: 0.5,
        reward: -1,
        applied: false,
        tokens: { inputTokens: 200, outputTokens: 40, cacheReadTokens: 0, cacheWriteTokens: 0 },
        costUsd: null,
        error: expect.stringMatching(/^the model's edits did not apply: the lines it meant to replace in `[^`]+` are not there$/),
      },
    ]);
    expect(report.summary).toMatchObject({ records: 2, meanReward: 0, perfect: 0.5, applyRate: 0.5, locateHitRate: 0.5, costUsd: null });
    server.assertDone();
  });

  it("with --locate prefilter, hands the prefilter's top files to the edit step without a locate call", async () => {
    server = await startFakeChatServer([
      (body) => {
        expect(body.tools?.map((t) => t.function.name)).toEqual(["list_files", "read_file"]);
        expect(body.messages[1]?.content).toMatch(/Likely files: [^\n]*src\/app\.py/);
        return { body: completion({ content: FAREWELL_FIX }, "stop") };
      },
    ]);
    const run = await runStacksmith(["eval", "--records", records, "--limit", "1", "--base-url", server.url, "--model", "qwen-swe-rl", "--locate", "prefilter", "--quiet"], { env: {} });
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe("1 records: mean reward 1.000, reward 1.0 on 100.0%, locate hit 100.0%, edits applied 100.0%, 120 tokens, -");
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
