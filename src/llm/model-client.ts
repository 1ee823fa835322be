/** A provider-neutral chat model with tools. Adapters translate to each provider's API. */

export type ContentBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: unknown }
  | { type: "tool_result"; toolUseId: string; content: string; isError?: boolean };

export interface Message {
  role: "user" | "assistant";
  content: ContentBlock[];
}

export interface ToolSpec {
  name: string;
  description: string;
  /** JSON schema of the tool's input object. */
  inputSchema: { type: "object"; properties: Record<string, unknown>; required?: string[] };
}

export interface ModelRequest {
  /** Stable instructions; adapters cache this prefix where the provider supports it. */
  system: string;
  messages: Message[];
  tools?: ToolSpec[];
  maxTokens: number;
  /** Which step asked (locate, plan, edit…), for usage accounting and logs. */
  purpose: string;
}

export type StopReason = "end_turn" | "tool_use" | "max_tokens" | "refusal" | "other";

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export interface ModelResponse {
  content: ContentBlock[];
  stopReason: StopReason;
  usage: Usage;
  model: string;
}

export interface ModelClient {
  readonly model: string;
  complete(request: ModelRequest): Promise<ModelResponse>;
  /** The input tokens the request would take, counted by the provider without running it; absent where it cannot. */
  countTokens?(request: ModelRequest): Promise<number>;
}

/** How model APIs word a prompt past the context window. */
export const CONTEXT_OVERFLOW = /prompt is too long|context (?:window|length)|maximum context|too many (?:input )?tokens/i;

/** A cheap estimate of a request's input tokens (about 3.5 characters a token for code and prose), to decide whether to count. */
export function estimateInputTokens(request: ModelRequest): number {
  let chars = request.system.length;
  for (const message of request.messages) {
    for (const block of message.content) chars += block.type === "text" ? block.text.length : block.type === "tool_result" ? block.content.length : JSON.stringify(block.input ?? null).length;
  }
  for (const tool of request.tools ?? []) chars += tool.description.length + JSON.stringify(tool.inputSchema).length;
  return Math.ceil(chars / 3.5);
}

export const zeroUsage: Usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
  };
}

export function textOf(content: readonly ContentBlock[]): string {
  return content
    .filter((b): b is Extract<ContentBlock, { type: "text" }> => b.type === "text")
    .map((b) => b.text)
    .join("");
}
