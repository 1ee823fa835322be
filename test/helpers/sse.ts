/**
 * A Messages API answer as the server streams it (server-sent events, as the Anthropic API
 * documents them): message_start, each block's start, delta and stop, message_delta with the
 * stop reason and usage, message_stop.
 */
export interface StreamedMessage {
  id: string;
  model: string;
  content: Array<{ type: "text"; text: string } | { type: "tool_use"; id: string; name: string; input: unknown }>;
  stop_reason: string;
  usage: { input_tokens: number; output_tokens: number; cache_read_input_tokens?: number; cache_creation_input_tokens?: number };
}

const event = (type: string, data: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

/** The events before any content: what a server that then stalls has sent. */
export function messageStart(m: StreamedMessage): string {
  return event("message_start", {
    message: { id: m.id, type: "message", role: "assistant", model: m.model, content: [], stop_reason: null, stop_sequence: null, usage: { ...m.usage, output_tokens: 1 } },
  });
}

export function sseOf(m: StreamedMessage): string {
  const parts = [messageStart(m)];
  m.content.forEach((block, index) => {
    if (block.type === "text") {
      parts.push(event("content_block_start", { index, content_block: { type: "text", text: "" } }));
      parts.push(event("content_block_delta", { index, delta: { type: "text_delta", text: block.text } }));
    } else {
      parts.push(event("content_block_start", { index, content_block: { type: "tool_use", id: block.id, name: block.name, input: {} } }));
      parts.push(event("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: JSON.stringify(block.input) } }));
    }
    parts.push(event("content_block_stop", { index }));
  });
  parts.push(event("message_delta", { delta: { stop_reason: m.stop_reason, stop_sequence: null }, usage: { output_tokens: m.usage.output_tokens } }));
  parts.push(event("message_stop", {}));
  return parts.join("");
}

export const SSE_HEADERS = { "content-type": "text/event-stream", "cache-control": "no-cache" };
