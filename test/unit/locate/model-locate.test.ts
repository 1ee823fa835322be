import { describe, expect, it } from "vitest";
import type { ContentBlock, ModelClient, ModelRequest, ModelResponse } from "../../../src/llm/model-client.js";
import { locateWithModel, parseTextAnswer } from "../../../src/locate/model-locate.js";
import { indexOf } from "./helpers.js";

const REPO = {
  "acme/client.py": "from .transport import Transport\n\nclass Client:\n    def get(self, url):\n        return Transport().send(url)\n",
  "acme/transport.py": "class Transport:\n    def send(self, url):\n        raise TimeoutError(url)\n",
  "acme/errors.py": "class TimeoutError(Exception):\n    pass\n",
  "tests/test_client.py": "def test_get():\n    pass\n",
};
const ISSUE = "Client.get hangs\nA timeout in Transport.send is never raised to the caller.";

/** A fake model that replays a transcript: each call returns the next scripted turn and records the request. */
class ScriptedModel implements ModelClient {
  readonly model = "scripted";
  readonly requests: ModelRequest[] = [];
  readonly #turns: ContentBlock[][];

  constructor(turns: ContentBlock[][]) {
    this.#turns = turns;
  }

  async complete(request: ModelRequest): Promise<ModelResponse> {
    this.requests.push(structuredClone(request));
    const content = this.#turns[this.requests.length - 1];
    if (content === undefined) throw new Error(`unscripted call ${this.requests.length}`);
    return {
      content,
      stopReason: content.some((b) => b.type === "tool_use") ? "tool_use" : "end_turn",
      usage: { inputTokens: 100, outputTokens: 10, cacheReadTokens: 5, cacheWriteTokens: 1 },
      model: this.model,
    };
  }

  get unused(): number {
    return this.#turns.length - this.requests.length;
  }
}

const use = (id: string, name: string, input: unknown): ContentBlock => ({ type: "tool_use", id, name, input });
const submit = (id: string, edit: string[], read: string[]): ContentBlock => use(id, "submit_files", { edit, read });

function toolResults(request: ModelRequest | undefined): Extract<ContentBlock, { type: "tool_result" }>[] {
  const last = request?.messages[request.messages.length - 1];
  return (last?.content ?? []).filter((b): b is Extract<ContentBlock, { type: "tool_result" }> => b.type === "tool_result");
}

describe("locateWithModel", () => {
  it("runs the tools the model asks for and returns both lists with the summed usage", async () => {
    const model = new ScriptedModel([
      [{ type: "text", text: "Let me look." }, use("t1", "search_code", { query: "TimeoutError" }), use("t2", "list_dir", { path: "acme" })],
      [use("t3", "read_file", { path: "acme/transport.py", start: 1, end: 3 })],
      [submit("t4", ["acme/transport.py", "acme/client.py"], ["acme/errors.py"])],
    ]);
    const result = await locateWithModel({ model, index: indexOf(REPO), issue: ISSUE });
    expect(result).toMatchObject({ edit: ["acme/transport.py", "acme/client.py"], read: ["acme/errors.py"], rejected: [], turns: 3, toolTurns: 2, stop: "submitted" });
    expect(result.usage).toEqual({ inputTokens: 300, outputTokens: 30, cacheReadTokens: 15, cacheWriteTokens: 3 });
    expect(model.unused).toBe(0);

    const first = model.requests[0];
    const prompt = first?.messages[0]?.content[0];
    expect(prompt?.type === "text" && prompt.text).toMatch(/--- BEGIN ISSUE \[[0-9a-f]{24}\] ---\nClient\.get hangs/);
    expect(prompt?.type === "text" && prompt.text).toContain("acme/transport.py");
    expect(first?.tools?.map((t) => t.name)).toEqual(["search_code", "read_file", "list_dir", "submit_files"]);
    expect(first?.purpose).toBe("locate");

    const [search, list] = toolResults(model.requests[1]);
    expect(search?.content).toContain("acme/errors.py:1: class TimeoutError(Exception):");
    expect(list?.content).toMatch(/^--- BEGIN TOOL RESULT \[[0-9a-f]{24}\] ---\nclient\.py\nerrors\.py\ntransport\.py\n--- END TOOL RESULT \[[0-9a-f]{24}\] ---$/);
    const [read] = toolResults(model.requests[2]);
    expect(read?.content).toContain("acme/transport.py (lines 1-3 of 4):");
    expect(read?.content).toContain("    3         raise TimeoutError(url)");
  });

  it("rejects paths that are not files of the repository", async () => {
    const model = new ScriptedModel([[submit("t1", ["acme/transport.py", "acme/nope.py", "../../etc/passwd", "./acme/client.py"], ["acme", "acme/errors.py"])]]);
    const result = await locateWithModel({ model, index: indexOf(REPO), issue: ISSUE });
    expect(result.edit).toEqual(["acme/transport.py", "acme/client.py"]);
    expect(result.read).toEqual(["acme/errors.py"]);
    expect(result.rejected).toEqual(["acme/nope.py", "../../etc/passwd", "acme"]);
  });

  it("asks again when no file to edit is valid, and accepts the corrected answer", async () => {
    const model = new ScriptedModel([[submit("t1", ["transport.py"], [])], [submit("t2", ["acme/transport.py"], [])]]);
    const result = await locateWithModel({ model, index: indexOf(REPO), issue: ISSUE });
    expect(result).toMatchObject({ edit: ["acme/transport.py"], rejected: ["transport.py"], turns: 2, stop: "submitted" });
    const [error] = toolResults(model.requests[1]);
    expect(error).toMatchObject({ toolUseId: "t1", isError: true });
    expect(error?.content).toContain('"transport.py"');
  });

  it("bounds the tool turns: later tool calls are refused and the model is told to submit", async () => {
    const explore = (id: string): ContentBlock[] => [use(id, "search_code", { query: "send" })];
    const model = new ScriptedModel([explore("a"), explore("b"), explore("c"), [submit("d", ["acme/client.py"], [])]]);
    const result = await locateWithModel({ model, index: indexOf(REPO), issue: ISSUE, maxToolTurns: 2 });
    expect(result).toMatchObject({ edit: ["acme/client.py"], turns: 4, toolTurns: 2, stop: "submitted" });
    expect(toolResults(model.requests[1])[0]?.isError).toBeUndefined();
    expect(toolResults(model.requests[3])[0]).toMatchObject({ isError: true, content: "No tool turns left: call submit_files now." });
  });

  it("falls back to the prefilter's top source files when the model never submits, without calling past the bound", async () => {
    const explore = (id: string): ContentBlock[] => [use(id, "read_file", { path: "acme/client.py" })];
    const model = new ScriptedModel([explore("a"), explore("b"), explore("c"), explore("d"), explore("e")]);
    const result = await locateWithModel({ model, index: indexOf(REPO), issue: ISSUE, maxToolTurns: 1 });
    expect(result.stop).toBe("fallback");
    expect(result.turns).toBe(3);
    expect(model.unused).toBe(2);
    expect(result.edit.length).toBeGreaterThan(0);
    expect(result.edit.every((p) => p.startsWith("acme/"))).toBe(true);
  });

  it("accepts a JSON answer in text", async () => {
    const model = new ScriptedModel([[{ type: "text", text: 'Done.\n```json\n{"edit": ["acme/transport.py"], "read": ["acme/nope.py"]}\n```' }]]);
    const result = await locateWithModel({ model, index: indexOf(REPO), issue: ISSUE });
    expect(result).toMatchObject({ edit: ["acme/transport.py"], read: [], rejected: ["acme/nope.py"], stop: "answered-in-text" });
  });

  it("reports tool errors to the model as errors", async () => {
    const model = new ScriptedModel([[use("a", "read_file", { path: "missing.py" }), use("b", "rm", {})], [submit("c", ["acme/client.py"], [])]]);
    await locateWithModel({ model, index: indexOf(REPO), issue: ISSUE });
    const results = toolResults(model.requests[1]);
    expect(results.map((r) => [r.toolUseId, r.isError])).toEqual([
      ["a", true],
      ["b", true],
    ]);
  });
});

describe("parseTextAnswer", () => {
  it("reads bare or fenced JSON and ignores other text", () => {
    expect(parseTextAnswer('{"edit": ["a.py"], "read": []}')).toEqual({ edit: ["a.py"], read: [] });
    expect(parseTextAnswer("I think a.py")).toBeNull();
    expect(parseTextAnswer('{"files": ["a.py"]}')).toBeNull();
  });
});
