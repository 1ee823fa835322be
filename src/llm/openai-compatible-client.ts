import { z } from "zod";
import { StacksmithError } from "../shared/errors.js";
import { ChatStreamAssembler } from "./chat-stream.js";
import { CONTEXT_OVERFLOW, type ContentBlock, type Message, type ModelClient, type ModelRequest, type ModelResponse, type StopReason } from "./model-client.js";

/**
 * ModelClient over any OpenAI-compatible chat completions endpoint (vLLM, llama.cpp's server,
 * Ollama, OpenAI itself), with plain `fetch`: one streamed POST per turn, validated at this
 * edge. The `openai` package would add a dependency for a single call whose shape we pin here
 * anyway. A server that ignores `stream` and answers with one JSON body is read as such.
 */

export interface OpenAiCompatibleOptions {
  /** The API root, e.g. http://127.0.0.1:8000/v1; `/chat/completions` is appended. */
  baseUrl: string;
  model: string;
  /** Sent as a Bearer token when given (local servers usually need none). */
  apiKey?: string;
  fetch?: typeof fetch;
  /** How long the answer may go silent (before it starts, or between chunks) before the call stops; default 3 minutes. */
  timeoutMs?: number;
  /** Retries after HTTP 429 or 5xx, with a growing pause; default 2. */
  maxRetries?: number;
}

type ChatMessage =
  | { role: "system" | "user"; content: string }
  | { role: "assistant"; content: string | null; tool_calls?: { id: string; type: "function"; function: { name: string; arguments: string } }[] }
  | { role: "tool"; tool_call_id: string; content: string };

const ChatResponse = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        finish_reason: z.string().nullable().optional(),
        message: z.object({
          content: z.string().nullable().optional(),
          tool_calls: z
            .array(z.object({ id: z.string(), function: z.object({ name: z.string(), arguments: z.string() }) }))
            .nullable()
            .optional(),
        }),
      }),
    )
    .min(1),
  usage: z
    .object({
      prompt_tokens: z.number().default(0),
      completion_tokens: z.number().default(0),
      prompt_tokens_details: z.object({ cached_tokens: z.number().default(0) }).nullable().optional(),
    })
    .nullable()
    .optional(),
});

/** The port's messages in the chat completions shape: tool results become `tool` messages. */
export function toChatMessages(system: string, messages: readonly Message[]): ChatMessage[] {
  const out: ChatMessage[] = [{ role: "system", content: system }];
  for (const message of messages) {
    const text = message.content.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("");
    if (message.role === "assistant") {
      const calls = message.content.flatMap((b) =>
        b.type === "tool_use" ? [{ id: b.id, type: "function" as const, function: { name: b.name, arguments: JSON.stringify(b.input ?? {}) } }] : [],
      );
      out.push({ role: "assistant", content: text === "" ? null : text, ...(calls.length > 0 ? { tool_calls: calls } : {}) });
      continue;
    }
    for (const b of message.content) {
      if (b.type === "tool_result") out.push({ role: "tool", tool_call_id: b.toolUseId, content: b.isError === true ? `Error: ${b.content}` : b.content });
    }
    if (text !== "") out.push({ role: "user", content: text });
  }
  return out;
}

function toStopReason(reason: string | null | undefined, hasCalls: boolean): StopReason {
  if (hasCalls) return "tool_use";
  switch (reason) {
    case "stop":
    case "eos":
      return "end_turn";
    case "tool_calls":
    case "function_call":
      return "tool_use";
    case "length":
      return "max_tokens";
    case "content_filter":
      return "refusal";
    default:
      return reason === null || reason === undefined ? "end_turn" : "other";
  }
}

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export class OpenAiCompatibleClient implements ModelClient {
  readonly model: string;
  readonly #url: string;
  readonly #apiKey: string | undefined;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;

  constructor(options: OpenAiCompatibleOptions) {
    this.model = options.model;
    this.#url = `${options.baseUrl.replace(/\/+$/, "")}/chat/completions`;
    this.#apiKey = options.apiKey;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#timeoutMs = options.timeoutMs ?? 3 * 60 * 1000;
    this.#maxRetries = options.maxRetries ?? 2;
  }

  async complete(request: ModelRequest): Promise<ModelResponse> {
    const withTools = request.tools !== undefined && request.tools.length > 0;
    const body = {
      model: this.model,
      max_tokens: request.maxTokens,
      messages: toChatMessages(request.system, request.messages),
      ...(withTools ? { tools: request.tools?.map((t) => ({ type: "function", function: { name: t.name, description: t.description, parameters: t.inputSchema } })) } : {}),
      stream: true,
      stream_options: { include_usage: true },
    };
    const json = await this.#post(JSON.stringify(body), withTools);
    const parsed = ChatResponse.safeParse(json);
    if (!parsed.success) throw new StacksmithError("MODEL_FAILED", `the model server sent an unexpected answer: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    const choice = parsed.data.choices[0];
    const message = choice?.message;
    const content: ContentBlock[] = [];
    if (message?.content !== undefined && message.content !== null && message.content !== "") content.push({ type: "text", text: message.content });
    for (const call of message?.tool_calls ?? []) content.push({ type: "tool_use", id: call.id, name: call.function.name, input: parseArguments(call.function.arguments) });
    const usage = parsed.data.usage;
    const cached = usage?.prompt_tokens_details?.cached_tokens ?? 0;
    return {
      content,
      stopReason: toStopReason(choice?.finish_reason, (message?.tool_calls ?? []).length > 0),
      model: parsed.data.model ?? this.model,
      usage: { inputTokens: (usage?.prompt_tokens ?? 0) - cached, outputTokens: usage?.completion_tokens ?? 0, cacheReadTokens: cached, cacheWriteTokens: 0 },
    };
  }

  /** POSTs with retries on 429 and 5xx; the idle timer runs from the request to the answer's last byte. */
  async #post(body: string, withTools: boolean): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const idle = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const arm = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => idle.abort(), this.#timeoutMs);
      };
      try {
        arm();
        let response: Response;
        try {
          response = await this.#fetch(this.#url, {
            method: "POST",
            headers: { "content-type": "application/json", accept: "text/event-stream, application/json", ...(this.#apiKey === undefined ? {} : { authorization: `Bearer ${this.#apiKey}` }) },
            body,
            signal: idle.signal,
          });
        } catch (err) {
          if (idle.signal.aborted) throw this.#timeout();
          throw new StacksmithError("MODEL_FAILED", `the model request to ${this.#url} failed: ${err instanceof Error ? err.message : String(err)}`, {}, { cause: err });
        }
        if (response.ok) return await this.#read(response, arm, idle.signal);
        const retryable = response.status === 429 || response.status >= 500;
        if (retryable && attempt < this.#maxRetries) {
          await response.body?.cancel();
          clearTimeout(timer);
          await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
          continue;
        }
        const detail = await response.text().then(errorDetail, () => "");
        if (response.status === 400 && CONTEXT_OVERFLOW.test(detail)) {
          throw new StacksmithError("CONTEXT_OVERFLOW", `the prompt is larger than the model's context window (${detail})`, { status: response.status });
        }
        if (withTools && response.status >= 400 && response.status < 500 && /tool|function/i.test(detail)) {
          throw new StacksmithError(
            "MODEL_FAILED",
            `the model server refused tool calls (HTTP ${response.status}: ${detail}); Stacksmith needs them to locate, plan and edit, so start the server with tool calling on (vLLM: --enable-auto-tool-choice --tool-call-parser; llama.cpp: --jinja)`,
            { status: response.status },
          );
        }
        throw new StacksmithError("MODEL_FAILED", `the model request failed (HTTP ${response.status})${detail === "" ? "" : `: ${detail}`}`, { status: response.status });
      } finally {
        clearTimeout(timer);
      }
    }
  }

  async #read(response: Response, arm: () => void, signal: AbortSignal): Promise<unknown> {
    const streamed = (response.headers.get("content-type") ?? "").includes("text/event-stream");
    try {
      if (!streamed) return await response.json();
      const assembler = new ChatStreamAssembler();
      const decoder = new TextDecoder();
      for await (const chunk of response.body ?? []) {
        arm();
        assembler.feed(decoder.decode(chunk, { stream: true }));
        if (assembler.problem !== null) throw new StacksmithError("MODEL_FAILED", `the model server's stream broke off: ${assembler.problem}`);
      }
      return assembler.result();
    } catch (err) {
      if (signal.aborted) throw this.#timeout();
      if (err instanceof StacksmithError) throw err;
      throw new StacksmithError("MODEL_FAILED", `the model server's answer could not be read: ${err instanceof Error ? err.message : String(err)}`, {}, { cause: err });
    }
  }

  #timeout(): StacksmithError {
    return new StacksmithError("MODEL_TIMEOUT", `the model sent nothing for ${Math.round(this.#timeoutMs / 1000)} s, so the call was stopped (STACKSMITH_MODEL_TIMEOUT_MS)`, { idleMs: this.#timeoutMs });
  }
}

/** The message of an error body, or its first 200 characters. */
function errorDetail(text: string): string {
  try {
    const e = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    if (typeof e.error === "string") return e.error.slice(0, 300);
    if (typeof e.error?.message === "string") return e.error.message.slice(0, 300);
    if (typeof e.message === "string") return e.message.slice(0, 300);
  } catch {
    // not JSON: the text itself
  }
  return text.slice(0, 200);
}
