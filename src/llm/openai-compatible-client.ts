import { z } from "zod";
import { StacksmithError } from "../shared/errors.js";
import type { ContentBlock, Message, ModelClient, ModelRequest, ModelResponse, StopReason } from "./model-client.js";

/**
 * ModelClient over any OpenAI-compatible chat completions endpoint (vLLM, llama.cpp's server,
 * OpenAI itself), with plain `fetch`: one POST per turn, validated at this edge. The `openai`
 * package would add a dependency for a single call whose shape we pin here anyway.
 */

export interface OpenAiCompatibleOptions {
  /** The API root, e.g. http://127.0.0.1:8000/v1; `/chat/completions` is appended. */
  baseUrl: string;
  model: string;
  /** Sent as a Bearer token when given (local servers usually need none). */
  apiKey?: string;
  fetch?: typeof fetch;
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
    this.#timeoutMs = options.timeoutMs ?? 10 * 60 * 1000;
    this.#maxRetries = options.maxRetries ?? 2;
  }

  async complete(request: ModelRequest): Promise<ModelResponse> {
    const body = {
      model: this.model,
      max_tokens: request.maxTokens,
      messages: toChatMessages(request.system, request.messages),
      ...(request.tools !== undefined && request.tools.length > 0
        ? { tools: request.tools.map((t) => ({ type: "function", function: { name: t.name, description: t.description, parameters: t.inputSchema } })) }
        : {}),
    };
    const json = await this.#post(JSON.stringify(body));
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

  async #post(body: string): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.#fetch(this.#url, {
          method: "POST",
          headers: { "content-type": "application/json", ...(this.#apiKey === undefined ? {} : { authorization: `Bearer ${this.#apiKey}` }) },
          body,
          signal: AbortSignal.timeout(this.#timeoutMs),
        });
      } catch (err) {
        throw new StacksmithError("MODEL_FAILED", `the model request to ${this.#url} failed: ${err instanceof Error ? err.message : String(err)}`, {}, { cause: err });
      }
      if (response.ok) return response.json();
      const retryable = response.status === 429 || response.status >= 500;
      if (retryable && attempt < this.#maxRetries) {
        await response.body?.cancel();
        await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
        continue;
      }
      const detail = await response.text().then(
        (t) => {
          try {
            const e = JSON.parse(t) as { error?: { message?: unknown } | string };
            return typeof e.error === "string" ? e.error : typeof e.error?.message === "string" ? e.error.message : t.slice(0, 200);
          } catch {
            return t.slice(0, 200);
          }
        },
        () => "",
      );
      throw new StacksmithError("MODEL_FAILED", `the model request failed (HTTP ${response.status})${detail === "" ? "" : `: ${detail}`}`, { status: response.status });
    }
  }
}
