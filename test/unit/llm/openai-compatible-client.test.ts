import { afterEach, describe, expect, it } from "vitest";
import { OpenAiCompatibleClient } from "../../../src/llm/openai-compatible-client.js";
import { createModelClient, providerFor } from "../../../src/llm/provider.js";
import { AnthropicModelClient } from "../../../src/llm/anthropic-client.js";
import { completion, startFakeChatServer, type FakeChatServer } from "../../helpers/fake-chat-server.js";

let server: FakeChatServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const TOOLS = [{ name: "read_file", description: "Read a file.", inputSchema: { type: "object" as const, properties: { path: { type: "string" } }, required: ["path"] } }];

describe("OpenAiCompatibleClient against a local chat completions server", () => {
  it("sends the system prompt, tools and a tool round trip, and maps answers and usage back", async () => {
    server = await startFakeChatServer([
      (body, headers) => {
        expect(headers.authorization).toBe("Bearer sk-local");
        expect(body.model).toBe("my-model");
        expect(body.max_tokens).toBe(500);
        expect(body.messages).toEqual([
          { role: "system", content: "Be careful." },
          { role: "user", content: "Fix it." },
        ]);
        expect(body.tools).toEqual([{ type: "function", function: { name: "read_file", description: "Read a file.", parameters: TOOLS[0]?.inputSchema } }]);
        return { body: completion({ content: "Reading.", tool_calls: [{ id: "call_1", name: "read_file", arguments: { path: "a.py" } }] }, "tool_calls") };
      },
      (body) => {
        expect(body.messages.slice(2)).toEqual([
          { role: "assistant", content: "Reading.", tool_calls: [{ id: "call_1", type: "function", function: { name: "read_file", arguments: '{"path":"a.py"}' } }] },
          { role: "tool", tool_call_id: "call_1", content: "a.py:\nx = 1" },
          { role: "tool", tool_call_id: "call_2", content: "Error: No file b.py in the repository." },
          { role: "user", content: "Now answer." },
        ]);
        return { body: completion({ content: "Done." }, "stop", { prompt_tokens: 300, completion_tokens: 5 }) };
      },
    ]);
    const client = new OpenAiCompatibleClient({ baseUrl: server.url, model: "my-model", apiKey: "sk-local", maxRetries: 0 });
    const first = await client.complete({ system: "Be careful.", messages: [{ role: "user", content: [{ type: "text", text: "Fix it." }] }], tools: TOOLS, maxTokens: 500, purpose: "edit" });
    expect(first).toEqual({
      content: [
        { type: "text", text: "Reading." },
        { type: "tool_use", id: "call_1", name: "read_file", input: { path: "a.py" } },
      ],
      stopReason: "tool_use",
      model: "local-model",
      usage: { inputTokens: 100, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 0 },
    });
    const second = await client.complete({
      system: "Be careful.",
      messages: [
        { role: "user", content: [{ type: "text", text: "Fix it." }] },
        { role: "assistant", content: first.content },
        {
          role: "user",
          content: [
            { type: "tool_result", toolUseId: "call_1", content: "a.py:\nx = 1" },
            { type: "tool_result", toolUseId: "call_2", content: "No file b.py in the repository.", isError: true },
            { type: "text", text: "Now answer." },
          ],
        },
      ],
      tools: TOOLS,
      maxTokens: 500,
      purpose: "edit",
    });
    expect(second).toMatchObject({ content: [{ type: "text", text: "Done." }], stopReason: "end_turn", usage: { inputTokens: 300, outputTokens: 5 } });
    server.assertDone();
  });

  it("maps length and cached tokens, and keeps unparsable tool arguments as text", async () => {
    server = await startFakeChatServer([
      () => ({ body: { ...(completion({ tool_calls: [{ id: "c", name: "read_file", arguments: "{not json" }] }, "tool_calls") as object), usage: { prompt_tokens: 50, completion_tokens: 1, prompt_tokens_details: { cached_tokens: 40 } } } }),
      () => ({ body: completion({ content: "cut" }, "length") }),
    ]);
    const client = new OpenAiCompatibleClient({ baseUrl: `${server.url}/`, model: "m", maxRetries: 0 });
    const request = { system: "s", messages: [{ role: "user" as const, content: [{ type: "text" as const, text: "hi" }] }], maxTokens: 10, purpose: "edit" };
    const a = await client.complete(request);
    expect(a.content).toEqual([{ type: "tool_use", id: "c", name: "read_file", input: "{not json" }]);
    expect(a.usage).toEqual({ inputTokens: 10, outputTokens: 1, cacheReadTokens: 40, cacheWriteTokens: 0 });
    expect((await client.complete(request)).stopReason).toBe("max_tokens");
    expect(server.requests[0]?.tools).toBeUndefined();
    server.assertDone();
  });

  it("turns HTTP errors into MODEL_FAILED with the server's message, retrying 5xx", async () => {
    server = await startFakeChatServer([
      () => ({ status: 503, body: { error: { message: "loading" } } }),
      () => ({ status: 400, body: { error: { message: "temperature must be at most 2" } } }),
    ]);
    const client = new OpenAiCompatibleClient({ baseUrl: server.url, model: "m", maxRetries: 1 });
    await expect(client.complete({ system: "s", messages: [], maxTokens: 1, purpose: "edit" })).rejects.toMatchObject({
      code: "MODEL_FAILED",
      message: "the model request failed (HTTP 400): temperature must be at most 2",
    });
    server.assertDone();
  });

  it("says the prompt is past the context window", async () => {
    server = await startFakeChatServer([
      () => ({ status: 400, body: { error: { message: "This model's maximum context length is 32768 tokens. However, you requested 40000 tokens." } } }),
    ]);
    const client = new OpenAiCompatibleClient({ baseUrl: server.url, model: "m", maxRetries: 0 });
    await expect(client.complete({ system: "s", messages: [], maxTokens: 1, purpose: "edit" })).rejects.toMatchObject({
      code: "CONTEXT_OVERFLOW",
      message: "the prompt is larger than the model's context window (This model's maximum context length is 32768 tokens. However, you requested 40000 tokens.)",
    });
    server.assertDone();
  });

  it("rejects an answer that is not a chat completion", async () => {
    server = await startFakeChatServer([() => ({ body: { choices: [] } })]);
    const client = new OpenAiCompatibleClient({ baseUrl: server.url, model: "m", maxRetries: 0 });
    await expect(client.complete({ system: "s", messages: [], maxTokens: 1, purpose: "edit" })).rejects.toMatchObject({ code: "MODEL_FAILED" });
    server.assertDone();
  });
});

describe("provider factory", () => {
  it("chooses the provider from an explicit name or a base URL", () => {
    expect(providerFor(undefined, undefined)).toBe("anthropic");
    expect(providerFor(undefined, "http://127.0.0.1:8000/v1")).toBe("openai");
    expect(providerFor("anthropic", "https://gateway.example/anthropic")).toBe("anthropic");
    expect(() => providerFor("cohere", undefined)).toThrow("unknown model provider 'cohere'");
  });

  it("builds each client, and says what is missing", () => {
    expect(createModelClient({ provider: "openai", model: "m", baseUrl: "http://127.0.0.1:1/v1" })).toBeInstanceOf(OpenAiCompatibleClient);
    expect(createModelClient({ provider: "anthropic", model: "claude-sonnet-5-5", apiKey: "k" })).toBeInstanceOf(AnthropicModelClient);
    expect(() => createModelClient({ provider: "anthropic", model: "m" })).toThrow(expect.objectContaining({ code: "MODEL_NOT_CONFIGURED" }));
    expect(() => createModelClient({ provider: "openai", model: "m" })).toThrow(expect.objectContaining({ code: "MODEL_NOT_CONFIGURED" }));
  });
});
