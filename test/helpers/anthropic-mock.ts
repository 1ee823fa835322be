import nock from "nock";
import { SSE_HEADERS, sseOf } from "./sse.js";

export const ANTHROPIC_URL = "https://api.anthropic.com";

type Block = { type: "text"; text: string } | { type: "tool_use"; id: string; name: string; input: unknown };

export interface ScriptedTurn {
  content: Block[];
  /** Runs when the request arrives, before the answer (to change the world mid-run). */
  before?: () => void;
  stop_reason?: "end_turn" | "tool_use" | "max_tokens" | "refusal";
  usage?: { input_tokens: number; output_tokens: number; cache_read_input_tokens?: number; cache_creation_input_tokens?: number };
}

export const text = (t: string): Block => ({ type: "text", text: t });
export const toolUse = (id: string, name: string, input: unknown): Block => ({ type: "tool_use", id, name, input });

/** The Anthropic Messages API, replaying one scripted response per request. Request bodies are recorded. */
export function scriptAnthropic(turns: ScriptedTurn[], model = "claude-sonnet-5-5"): { requests: Array<Record<string, unknown>> } {
  const requests: Array<Record<string, unknown>> = [];
  turns.forEach((turn, i) => {
    nock(ANTHROPIC_URL)
      .post("/v1/messages")
      .reply((_uri, body) => {
        requests.push(body as Record<string, unknown>);
        turn.before?.();
        const stop = turn.stop_reason ?? (turn.content.some((b) => b.type === "tool_use") ? "tool_use" : "end_turn");
        const message = {
          id: `msg_${i}`,
          model,
          content: turn.content,
          stop_reason: stop,
          usage: { input_tokens: 100, output_tokens: 50, cache_read_input_tokens: 0, cache_creation_input_tokens: 0, ...turn.usage },
        };
        // A streamed request gets the answer as server-sent events, as the API sends it.
        if ((body as { stream?: boolean }).stream === true) return [200, sseOf(message), SSE_HEADERS];
        return [200, { ...message, type: "message", role: "assistant", stop_sequence: null }];
      });
  });
  return { requests };
}
