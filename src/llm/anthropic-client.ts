import Anthropic from "@anthropic-ai/sdk";
import type { ContentBlockParam, MessageParam, Tool } from "@anthropic-ai/sdk/resources/messages";
import { StacksmithError } from "../shared/errors.js";
import { CONTEXT_OVERFLOW, type ContentBlock, type Message, type ModelClient, type ModelRequest, type ModelResponse, type StopReason } from "./model-client.js";

export interface AnthropicClientOptions {
  apiKey: string;
  model: string;
  baseURL?: string;
  maxRetries?: number;
  fetch?: typeof fetch;
  /**
   * The longest the answer may go silent: no byte of it for this long ends the call
   * (STACKSMITH_MODEL_TIMEOUT_MS). An answer still arriving is never cut.
   */
  timeoutMs?: number;
}

/** Three minutes: long enough for the first token of a large prompt, short enough to notice a dead call. */
export const DEFAULT_MODEL_TIMEOUT_MS = 3 * 60 * 1000;

function toParam(block: ContentBlock): ContentBlockParam {
  switch (block.type) {
    case "text":
      return { type: "text", text: block.text };
    case "tool_use":
      return { type: "tool_use", id: block.id, name: block.name, input: block.input };
    case "tool_result":
      return { type: "tool_result", tool_use_id: block.toolUseId, content: block.content, is_error: block.isError ?? false };
  }
}

function toMessageParam(message: Message): MessageParam {
  return { role: message.role, content: message.content.map(toParam) };
}

/**
 * The conversation with a cache breakpoint on its last block, so the next turn of the same
 * run reads everything before it from the cache instead of paying for it again.
 */
function withHistoryBreakpoint(messages: Message[]): MessageParam[] {
  const params = messages.map(toMessageParam);
  const last = params.at(-1);
  if (last === undefined || typeof last.content === "string") return params;
  const block = last.content.at(-1);
  if (block !== undefined && (block.type === "text" || block.type === "tool_result" || block.type === "tool_use")) {
    last.content[last.content.length - 1] = { ...block, cache_control: { type: "ephemeral" } };
  }
  return params;
}

function toStopReason(reason: string | null): StopReason {
  switch (reason) {
    case "end_turn":
    case "stop_sequence":
      return "end_turn";
    case "tool_use":
      return "tool_use";
    case "max_tokens":
    case "model_context_window_exceeded":
      return "max_tokens";
    case "refusal":
      return "refusal";
    default:
      return "other";
  }
}

/**
 * ModelClient over the Anthropic Messages API, with prompt caching: the system prompt, the
 * tool list and the conversation so far are cache breakpoints, so each turn of a run pays
 * full price only for what is new since the last one.
 */
export class AnthropicModelClient implements ModelClient {
  readonly model: string;
  readonly #client: Anthropic;
  readonly #idleMs: number;

  constructor(options: AnthropicClientOptions) {
    this.model = options.model;
    this.#idleMs = options.timeoutMs ?? DEFAULT_MODEL_TIMEOUT_MS;
    this.#client = new Anthropic({
      apiKey: options.apiKey,
      baseURL: options.baseURL ?? null,
      maxRetries: options.maxRetries ?? 2,
      // The SDK's own timeout covers the wait for the answer to start; the idle timer below, the rest.
      timeout: this.#idleMs,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  async countTokens(request: ModelRequest): Promise<number> {
    try {
      const tools = request.tools?.map((tool) => ({ name: tool.name, description: tool.description, input_schema: tool.inputSchema }));
      const counted = await this.#client.messages.countTokens({
        model: this.model,
        system: request.system,
        messages: request.messages.map(toMessageParam),
        ...(tools !== undefined && tools.length > 0 ? { tools } : {}),
      });
      return counted.input_tokens;
    } catch (err) {
      throw modelError(err);
    }
  }

  async complete(request: ModelRequest): Promise<ModelResponse> {
    const tools: Tool[] | undefined = request.tools?.map((tool, i, all) => ({
      name: tool.name,
      description: tool.description,
      input_schema: tool.inputSchema,
      ...(i === all.length - 1 ? { cache_control: { type: "ephemeral" as const } } : {}),
    }));
    // Streamed, so a call is judged by whether its answer keeps coming, not by how long it takes.
    const idle = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => idle.abort(), this.#idleMs);
    };
    let response: Anthropic.Message;
    try {
      arm();
      const stream = this.#client.messages.stream(
        {
          model: this.model,
          max_tokens: request.maxTokens,
          system: [{ type: "text", text: request.system, cache_control: { type: "ephemeral" } }],
          messages: withHistoryBreakpoint(request.messages),
          ...(tools !== undefined && tools.length > 0 ? { tools } : {}),
        },
        { signal: idle.signal },
      );
      stream.on("streamEvent", arm);
      response = await stream.finalMessage();
    } catch (err) {
      if (idle.signal.aborted) {
        throw new StacksmithError("MODEL_TIMEOUT", `the model sent nothing for ${Math.round(this.#idleMs / 1000)} s, so the call was stopped (STACKSMITH_MODEL_TIMEOUT_MS)`, {
          idleMs: this.#idleMs,
        });
      }
      throw modelError(err);
    } finally {
      clearTimeout(timer);
    }
    const content: ContentBlock[] = [];
    for (const block of response.content) {
      if (block.type === "text") content.push({ type: "text", text: block.text });
      else if (block.type === "tool_use") content.push({ type: "tool_use", id: block.id, name: block.name, input: block.input });
    }
    return {
      content,
      stopReason: toStopReason(response.stop_reason),
      model: response.model,
      usage: {
        inputTokens: response.usage.input_tokens,
        outputTokens: response.usage.output_tokens,
        cacheReadTokens: response.usage.cache_read_input_tokens ?? 0,
        cacheWriteTokens: response.usage.cache_creation_input_tokens ?? 0,
      },
    };
  }
}

/** The API's own message from an error body ({type: "error", error: {message}}), else the SDK's. */
function apiMessage(err: InstanceType<typeof Anthropic.APIError>): string {
  const body: unknown = err.error;
  if (typeof body === "object" && body !== null && "error" in body) {
    const inner: unknown = body.error;
    if (typeof inner === "object" && inner !== null && "message" in inner && typeof inner.message === "string") return inner.message;
  }
  return err.message;
}

function modelError(err: unknown): StacksmithError {
  if (err instanceof Anthropic.APIError) {
    const status = err.status ?? 0;
    if (status === 400 && CONTEXT_OVERFLOW.test(err.message)) {
      return new StacksmithError("CONTEXT_OVERFLOW", `the prompt is larger than the model's context window (${apiMessage(err).slice(0, 200)})`, { status }, { cause: err });
    }
    const detail = status === 401 ? "the API key was refused" : status === 429 ? "rate limited" : status >= 500 ? "the service failed" : err.message;
    return new StacksmithError("MODEL_FAILED", `the model request failed (HTTP ${status || "error"}): ${detail}`, { status }, { cause: err });
  }
  return new StacksmithError("MODEL_FAILED", `the model request failed: ${err instanceof Error ? err.message : String(err)}`, {}, { cause: err });
}
