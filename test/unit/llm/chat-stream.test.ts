import { describe, expect, it } from "vitest";
import { ChatStreamAssembler } from "../../../src/llm/chat-stream.js";
import { completion, streamEvents } from "../../helpers/fake-chat-server.js";

function assemble(text: string, cut: number): ChatStreamAssembler {
  const assembler = new ChatStreamAssembler();
  for (let i = 0; i < text.length; i += cut) assembler.feed(text.slice(i, i + cut));
  return assembler;
}

describe("ChatStreamAssembler", () => {
  const body = completion(
    { content: "Reading it. ünïcödé ✓", tool_calls: [{ id: "call_a", name: "read_file", arguments: { path: "calc/ops.py" } }, { id: "call_b", name: "list_files", arguments: { prefix: "src/" } }] },
    "tool_calls",
    { prompt_tokens: 321, completion_tokens: 45 },
  );
  const wire = streamEvents(body).join("");

  it("puts a streamed answer back together however the bytes are cut", () => {
    for (const cut of [1, 3, 17, wire.length]) {
      const assembler = assemble(wire, cut);
      expect(assembler.problem).toBeNull();
      expect(assembler.result()).toEqual({
        model: "local-model",
        choices: [
          {
            finish_reason: "tool_calls",
            message: {
              content: "Reading it. ünïcödé ✓",
              tool_calls: [
                { id: "call_a", function: { name: "read_file", arguments: '{"path":"calc/ops.py"}' } },
                { id: "call_b", function: { name: "list_files", arguments: '{"prefix":"src/"}' } },
              ],
            },
          },
        ],
        usage: { prompt_tokens: 321, completion_tokens: 45 },
      });
    }
  });

  it("reports an error event or a malformed one instead of a partial answer", () => {
    const failed = assemble('data: {"error": {"message": "context length exceeded"}}\n\n', 5);
    expect(failed.problem).toBe("context length exceeded");
    expect(assemble("data: {not json\n\n", 4).problem).toBe("an event that is not JSON");
    expect(assemble('data: {"choices": [{"delta": {"tool_calls": [{"index": 9999}]}}]}\n\n', 8).problem).not.toBeNull();
  });
});
