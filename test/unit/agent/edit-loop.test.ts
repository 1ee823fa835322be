import { describe, expect, it } from "vitest";
import { runEditLoop, summaryOf } from "../../../src/agent/edit-loop.js";
import { REPO_TOOLS } from "../../../src/agent/repo-tools.js";
import { RepoView } from "../../../src/agent/repo-view.js";
import type { ModelClient, ModelRequest, ModelResponse } from "../../../src/llm/model-client.js";
import { workspaceOf } from "../../helpers/file-workspace.js";
import { block } from "../../helpers/edit-answer.js";

/** Replays responses in order and records the requests. */
function scripted(responses: Array<Omit<ModelResponse, "model" | "usage">>): ModelClient & { requests: ModelRequest[] } {
  const requests: ModelRequest[] = [];
  return {
    model: "scripted",
    requests,
    complete: async (request) => {
      requests.push(structuredClone(request));
      const next = responses[requests.length - 1];
      if (next === undefined) throw new Error("the script has no more responses");
      return { ...next, model: "scripted", usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 } };
    },
  };
}


async function loop(model: ModelClient, files: Record<string, string>, overrides: Partial<Parameters<typeof runEditLoop>[0]> = {}) {
  let calls = 0;
  const result = await runEditLoop({
    model,
    view: await RepoView.open(workspaceOf(files), "c0"),
    system: "s",
    prompt: "p",
    tools: REPO_TOOLS,
    maxToolTurns: 2,
    maxEditRounds: 2,
    maxOutputTokens: 100,
    isProtected: (p) => p.startsWith(".github/workflows/"),
    onUsage: () => void (calls += 1),
    ...overrides,
  });
  return { result, calls };
}

describe("runEditLoop", () => {
  it("applies a second round's blocks on top of the first round's", async () => {
    const model = scripted([
      { stopReason: "end_turn", content: [{ type: "text", text: `Fix.\n${block("a.txt", "one", "ONE")}\n${block("a.txt", "missing", "x")}` }] },
      { stopReason: "end_turn", content: [{ type: "text", text: block("a.txt", "two", "TWO") }] },
    ]);
    const { result, calls } = await loop(model, { "a.txt": "one\ntwo\n" });
    expect(result).toEqual({ kind: "edited", changes: new Map([["a.txt", "ONE\nTWO\n"]]), summary: "Fix.", rounds: 2 });
    expect(calls).toBe(2);
    const feedback = JSON.stringify(model.requests[1]?.messages.at(-1));
    expect(feedback).toContain("Block 1 (a.txt): applied.");
    expect(feedback).toContain("Block 2 (a.txt): FAILED");
  });

  it("answers tool calls, then stops the model once its tool turns are used up", async () => {
    const read = { type: "tool_use" as const, id: "t", name: "read_file", input: { path: "a.txt" } };
    const model = scripted([
      { stopReason: "tool_use", content: [read] },
      { stopReason: "tool_use", content: [read] },
      { stopReason: "tool_use", content: [read] },
      { stopReason: "tool_use", content: [read] },
    ]);
    const { result } = await loop(model, { "a.txt": "one\n" });
    expect(result).toEqual({ kind: "failed", reason: "the model kept reading files past its limit of 2 tool turns without proposing a change" });
    expect(JSON.stringify(model.requests[1]?.messages.at(-1))).toContain("a.txt:\\none\\n");
    expect(JSON.stringify(model.requests[3]?.messages.at(-1))).toContain("Tool budget used up");
  });

  it("fails clearly on a truncated answer, a refusal, and a protected path", async () => {
    expect((await loop(scripted([{ stopReason: "max_tokens", content: [{ type: "text", text: "```\n### a.txt\n<<<<<<< SEARCH" }] }]), { "a.txt": "x\n" })).result).toEqual({
      kind: "failed",
      reason: "the model's answer was cut off at the output token limit before it finished its edits",
    });
    expect((await loop(scripted([{ stopReason: "refusal", content: [] }]), {})).result).toEqual({ kind: "failed", reason: "the model declined to work on this issue" });
    const workflow = block(".github/workflows/ci.yml", "", "on: push");
    const { result } = await loop(scripted([{ stopReason: "end_turn", content: [{ type: "text", text: workflow }] }, { stopReason: "end_turn", content: [{ type: "text", text: workflow }] }]), {});
    expect(result.kind).toBe("failed");
    // The reason is for a person: what failed and where, without the model's instructions.
    expect(result.kind === "failed" ? result.reason : "").toBe("the model's edits still did not apply after 2 attempts: `.github/workflows/ci.yml` is protected (see `protectedPaths`)");
  });

  it("answers malformed and unknown tool calls with an error the model can act on", async () => {
    const model = scripted([
      {
        stopReason: "tool_use",
        content: [
          { type: "tool_use", id: "a", name: "read_file", input: "a.txt" },
          { type: "tool_use", id: "b", name: "read_file", input: { path: 42 } },
          { type: "tool_use", id: "c", name: "read_file", input: { path: "a.txt", start_line: "one" } },
          { type: "tool_use", id: "d", name: "run_shell", input: { cmd: "cat /etc/passwd" } },
          { type: "tool_use", id: "e", name: "read_file", input: { path: "nope.txt" } },
        ],
      },
      { stopReason: "end_turn", content: [{ type: "text", text: block("a.txt", "one", "two") }] },
    ]);
    const { result } = await loop(model, { "a.txt": "one\n" }, { nonce: "f00dfeedcafe" });
    expect(result.kind).toBe("edited");
    const results = model.requests[1]?.messages.at(-1)?.content ?? [];
    // Every tool answer reaches the model framed as data with the job's id.
    const framed = (text: string) => `--- BEGIN TOOL RESULT [f00dfeedcafe] ---\n${text}\n--- END TOOL RESULT [f00dfeedcafe] ---`;
    expect(results).toEqual([
      { type: "tool_result", toolUseId: "a", content: framed("`path` is required and must be a string."), isError: true },
      { type: "tool_result", toolUseId: "b", content: framed("`path` is required and must be a string."), isError: true },
      { type: "tool_result", toolUseId: "c", content: framed("`start_line` and `end_line` must be integers."), isError: true },
      { type: "tool_result", toolUseId: "d", content: framed("Unknown tool run_shell. Use list_files or read_file."), isError: true },
      { type: "tool_result", toolUseId: "e", content: framed("No file nope.txt in the repository."), isError: true },
    ]);
  });

  it("sends a syntax error the edit added back with its line, and ends when the fix parses", async () => {
    const files = { "calc/ops.py": "def divide(a, b):\n    return a / b\n" };
    const model = scripted([
      { stopReason: "end_turn", content: [{ type: "text", text: `Guard.\n${block("calc/ops.py", "    return a / b", "    if b == 0:\n        raise ValueError(\"zero\"\n    return a / b")}` }] },
      { stopReason: "end_turn", content: [{ type: "text", text: block("calc/ops.py", '        raise ValueError("zero"', '        raise ValueError("zero")') }] },
    ]);
    const { result } = await loop(model, files);
    expect(result).toEqual({
      kind: "edited",
      changes: new Map([["calc/ops.py", 'def divide(a, b):\n    if b == 0:\n        raise ValueError("zero")\n    return a / b\n']]),
      summary: "Guard.",
      rounds: 2,
    });
    const feedback = JSON.stringify(model.requests[1]?.messages.at(-1));
    expect(feedback).toContain("All blocks applied.");
    expect(feedback).toMatch(/calc\/ops\.py, line [234], column \d+.*: a syntax error/);
    expect(feedback).toContain('raise ValueError(\\\"zero\\\"');
  });

  it("fails with one sentence when the model never fixes what its edit broke", async () => {
    const broken = { stopReason: "end_turn" as const, content: [{ type: "text" as const, text: block("a.py", "x = 1", "x = (1") }] };
    const { result } = await loop(scripted([broken, { stopReason: "end_turn", content: [{ type: "text", text: block("a.py", "x = (1", "x = [1") }] }]), { "a.py": "x = 1\n" });
    expect(result.kind).toBe("failed");
    const reason = result.kind === "failed" ? result.reason : "";
    expect(reason).toMatch(/^after 2 attempts the model's edits still leave a syntax error in a\.py at line 1, column \d+/);
    expect(reason).not.toContain("\n");
  });

  it("shows a warning once: an answer without blocks confirms it, and warnings never stop a part", async () => {
    const warning = { rule: "unknown-call" as const, severity: "warning" as const, path: "a.txt", line: 0, column: 0, message: "a call of a name defined nowhere" };
    const checks = { check: async () => [warning] };
    const model = scripted([
      { stopReason: "end_turn", content: [{ type: "text", text: block("a.txt", "one", "ONE") }] },
      { stopReason: "end_turn", content: [{ type: "text", text: "CONFIRMED" }] },
    ]);
    const { result } = await loop(model, { "a.txt": "one\n" }, { checks });
    expect(result).toMatchObject({ kind: "edited", changes: new Map([["a.txt", "ONE\n"]]), rounds: 2 });
    expect(JSON.stringify(model.requests[1]?.messages.at(-1))).toContain("answer `CONFIRMED` with no blocks");
    // A model that edits again is not asked twice about the same warning.
    const again = scripted([
      { stopReason: "end_turn", content: [{ type: "text", text: block("a.txt", "one", "ONE") }] },
      { stopReason: "end_turn", content: [{ type: "text", text: block("a.txt", "ONE", "One") }] },
    ]);
    expect((await loop(again, { "a.txt": "one\n" }, { checks })).result).toMatchObject({ kind: "edited", changes: new Map([["a.txt", "One\n"]]) });
  });

  it("keeps a file free of trailing whitespace when the model's lines have some", async () => {
    const model = scripted([{ stopReason: "end_turn", content: [{ type: "text", text: block("a.txt", "one", "ONE  \nextra\t") }] }]);
    const { result } = await loop(model, { "a.txt": "one\r\ntwo\r\n" });
    expect(result).toMatchObject({ kind: "edited", changes: new Map([["a.txt", "ONE\r\nextra\r\ntwo\r\n"]]) });
  });

  it("takes the explanation before the first block as the summary", () => {
    expect(summaryOf("Explain.\n\n```python\n### a.py\n")).toBe("Explain.");
    expect(summaryOf("### a.py\n<<<<<<< SEARCH")).toBe("");
  });
});
