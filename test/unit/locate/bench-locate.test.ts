import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBenchLocate, type ModelFactory } from "../../../src/cli/bench-locate.js";
import type { CliIo } from "../../../src/cli/io.js";
import type { ModelClient, ModelResponse } from "../../../src/llm/model-client.js";

let dir: string;
let commit: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "bench-locate-"));
  const repo = join(dir, "repos", "acme__widget");
  mkdirSync(join(repo, "widget"), { recursive: true });
  mkdirSync(join(repo, "tests"));
  writeFileSync(join(repo, "widget", "render.py"), "def render_frame(canvas):\n    return canvas.flush()\n");
  writeFileSync(join(repo, "widget", "layout.py"), "def compute_layout(boxes):\n    return sorted(boxes)\n");
  writeFileSync(join(repo, "tests", "test_render.py"), "def test_render_frame():\n    render_frame(None)\n");
  const git = (...args: string[]): string =>
    execFileSync("git", ["-C", repo, "-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { encoding: "utf8" }).trim();
  git("init", "-q");
  git("add", ".");
  git("commit", "-qm", "init");
  commit = git("rev-parse", "HEAD");
  const tasks = [
    { instance_id: "acme__widget-1", repo: "acme/widget", base_commit: commit, problem_statement: "render_frame flickers\nThe frame render flushes the canvas twice.", gold_files: ["widget/render.py"] },
    { instance_id: "acme__widget-2", repo: "acme/widget", base_commit: commit, problem_statement: "Layout of boxes is unstable\ncompute_layout sorts boxes wrongly.", gold_files: ["widget/layout.py"] },
  ];
  writeFileSync(join(dir, "tasks.jsonl"), tasks.map((t) => JSON.stringify(t)).join("\n"));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(): { io: CliIo; out: () => string } {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on("data", (c: Buffer) => chunks.push(c));
  return { io: { stdin: new PassThrough(), stdout, stderr: new PassThrough(), env: {}, cwd: dir }, out: () => Buffer.concat(chunks).toString("utf8") };
}

describe("stacksmith bench locate", () => {
  it("reads each task's tree through the git layer and prints the table and the summary line", async () => {
    const { io: cli, out } = io();
    const code = await runBenchLocate(["--tasks", "tasks.jsonl", "--repos", "repos"], cli, () => {
      throw new Error("no model without --model");
    });
    expect(code).toBe(0);
    const text = out();
    expect(text).toMatch(/^plain BM25 \(baseline\)\s/m);
    expect(text).toMatch(/^alone: trace\s/m);
    expect(text).toMatch(/^combination\s+100\.0\s+100\.0/m);
    const lines = text.trimEnd().split("\n");
    expect(lines[lines.length - 1]).toMatch(/^locate: Acc@1=100\.0 Acc@3=100\.0 Acc@5=100\.0 Acc@10=100\.0 MRR=1\.000 n=2 ms_per_task=\d+$/);
  });

  it("runs the model step with --model and reports its accuracy and tokens", async () => {
    const calls: string[] = [];
    const factory: ModelFactory = (modelId) => {
      const client: ModelClient = {
        model: modelId,
        complete: async (request): Promise<ModelResponse> => {
          const prompt = request.messages[0]?.content[0];
          const text = prompt?.type === "text" ? prompt.text : "";
          calls.push(text);
          const edit = text.includes("render_frame flickers") ? ["widget/render.py"] : ["widget/nope.py", "widget/render.py"];
          return { content: [{ type: "tool_use", id: "s", name: "submit_files", input: { edit, read: [] } }], stopReason: "tool_use", usage: { inputTokens: 1000, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 0 }, model: modelId };
        },
      };
      return client;
    };
    const { io: cli, out } = io();
    await runBenchLocate(["--tasks", "tasks.jsonl", "--repos", "repos", "--model", "--model-id", "scripted"], cli, factory);
    expect(calls).toHaveLength(2);
    expect(out()).toMatch(/^model \(scripted\)\s+50\.0\s+50\.0\s+50\.0\s+50\.0\s+0\.500/m);
    expect(out()).toContain("1000 input and 20 output tokens per task");
  });
});
