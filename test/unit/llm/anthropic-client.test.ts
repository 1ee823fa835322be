import nock from "nock";
import { describe, expect, it } from "vitest";
import { AnthropicModelClient } from "../../../src/llm/anthropic-client.js";
import { ANTHROPIC_URL, scriptAnthropic, text, toolUse } from "../../helpers/anthropic-mock.js";
import { useHttpMocks } from "../../helpers/http-mock.js";

useHttpMocks();

const client = () => new AnthropicModelClient({ apiKey: "sk-ant-test", model: "claude-sonnet-5-5", maxRetries: 0 });

describe("AnthropicModelClient", () => {
  it("sends the system prompt and tools marked for caching, and maps the answer back", async () => {
    const model = scriptAnthropic([
      { content: [text("Reading."), toolUse("tu_1", "read_file", { path: "a.py" })], usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 900, cache_creation_input_tokens: 100 } },
    ]);
    const response = await client().complete({
      system: "You fix issues.",
      purpose: "edit",
      maxTokens: 1000,
      tools: [
        { name: "list_files", description: "List", inputSchema: { type: "object", properties: {} } },
        { name: "read_file", description: "Read", inputSchema: { type: "object", properties: { path: { type: "string" } }, required: ["path"] } },
      ],
      messages: [
        { role: "user", content: [{ type: "text", text: "Fix it" }] },
        { role: "assistant", content: [{ type: "tool_use", id: "tu_0", name: "list_files", input: {} }] },
        { role: "user", content: [{ type: "tool_result", toolUseId: "tu_0", content: "a.py", isError: false }] },
      ],
    });
    const sent = model.requests[0] ?? {};
    expect(sent.model).toBe("claude-sonnet-5-5");
    expect(sent.max_tokens).toBe(1000);
    expect(sent.system).toEqual([{ type: "text", text: "You fix issues.", cache_control: { type: "ephemeral" } }]);
    const tools = sent.tools as Array<Record<string, unknown>>;
    expect(tools[0]).not.toHaveProperty("cache_control");
    expect(tools[1]).toMatchObject({ name: "read_file", cache_control: { type: "ephemeral" } });
    expect((sent.messages as unknown[])[0]).toEqual({ role: "user", content: [{ type: "text", text: "Fix it" }] });
    expect((sent.messages as unknown[])[2]).toEqual({
      role: "user",
      content: [{ type: "tool_result", tool_use_id: "tu_0", content: "a.py", is_error: false, cache_control: { type: "ephemeral" } }],
    });
    expect(response).toEqual({
      content: [{ type: "text", text: "Reading." }, { type: "tool_use", id: "tu_1", name: "read_file", input: { path: "a.py" } }],
      stopReason: "tool_use",
      model: "claude-sonnet-5-5",
      usage: { inputTokens: 10, outputTokens: 5, cacheReadTokens: 900, cacheWriteTokens: 100 },
    });
  });

  it("maps stop reasons the agent must handle", async () => {
    scriptAnthropic([{ content: [text("partial")], stop_reason: "max_tokens" }, { content: [], stop_reason: "refusal" }]);
    const request = { system: "s", purpose: "t", maxTokens: 10, messages: [{ role: "user" as const, content: [{ type: "text" as const, text: "x" }] }] };
    expect((await client().complete(request)).stopReason).toBe("max_tokens");
    expect((await client().complete(request)).stopReason).toBe("refusal");
  });

  it("turns API errors into MODEL_FAILED without leaking the key", async () => {
    nock(ANTHROPIC_URL).post("/v1/messages").reply(401, { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } });
    const attempt = client().complete({ system: "s", purpose: "t", maxTokens: 10, messages: [{ role: "user", content: [{ type: "text", text: "x" }] }] });
    await expect(attempt).rejects.toMatchObject({ code: "MODEL_FAILED", message: "the model request failed (HTTP 401): the API key was refused" });
  });

  const request = { system: "s", purpose: "t", maxTokens: 10, messages: [{ role: "user" as const, content: [{ type: "text" as const, text: "x" }] }] };

  it("retries an overloaded (529) or rate-limited (429) answer after the API's retry-after, then goes on", async () => {
    nock(ANTHROPIC_URL).post("/v1/messages").reply(529, { type: "error", error: { type: "overloaded_error", message: "Overloaded" } }, { "retry-after-ms": "20" });
    nock(ANTHROPIC_URL).post("/v1/messages").reply(429, { type: "error", error: { type: "rate_limit_error", message: "slow down" } }, { "retry-after-ms": "20" });
    scriptAnthropic([{ content: [text("done")] }]);
    const retrying = new AnthropicModelClient({ apiKey: "sk-ant-test", model: "claude-sonnet-5-5", maxRetries: 2 });
    expect((await retrying.complete(request)).content).toEqual([{ type: "text", text: "done" }]);
  });

  it("says the prompt is past the context window instead of a generic failure", async () => {
    nock(ANTHROPIC_URL)
      .post("/v1/messages")
      .reply(400, { type: "error", error: { type: "invalid_request_error", message: "prompt is too long: 215000 tokens > 200000 maximum" } });
    await expect(client().complete(request)).rejects.toMatchObject({
      code: "CONTEXT_OVERFLOW",
      message: "the prompt is larger than the model's context window (prompt is too long: 215000 tokens > 200000 maximum)",
    });
  });

  it("counts a request's input tokens with the token-counting endpoint, tools included", async () => {
    let sent: Record<string, unknown> = {};
    nock(ANTHROPIC_URL)
      .post("/v1/messages/count_tokens")
      .reply(200, (_uri, body) => {
        sent = body as Record<string, unknown>;
        return { input_tokens: 4242 };
      });
    const tools = [{ name: "read_file", description: "Read", inputSchema: { type: "object" as const, properties: {} } }];
    expect(await client().countTokens({ ...request, tools })).toBe(4242);
    expect(sent).toMatchObject({ model: "claude-sonnet-5-5", system: "s", tools: [{ name: "read_file" }] });
    expect(sent).not.toHaveProperty("max_tokens");
  });
});
