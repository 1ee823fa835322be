import { startFakeHttp, type FakeHttp } from "./fake-http.js";
import { sseOf } from "./sse.js";

/** One scripted answer of the Messages API (text, or one tool call), or `hold`: the request is never answered. */
export type FakeTurn = { text: string } | { tool: string; input: unknown } | "hold";

/** The Anthropic Messages API as a stand-in server (ANTHROPIC_BASE_URL), answering requests in order. */
export async function startFakeAnthropic(turns: FakeTurn[], model = "claude-sonnet-5-5"): Promise<FakeHttp> {
  let next = 0;
  return startFakeHttp([
    {
      method: "POST",
      path: /^\/v1\/messages$/,
      reply: (req) => {
        const turn = turns[next++];
        if (turn === undefined) return { status: 500, json: { type: "error", error: { type: "api_error", message: "the test scripted no more answers" } } };
        if (turn === "hold") return "hold";
        const message = {
          id: `msg_${next}`,
          model,
          content: "text" in turn ? [{ type: "text" as const, text: turn.text }] : [{ type: "tool_use" as const, id: `toolu_${next}`, name: turn.tool, input: turn.input }],
          stop_reason: "text" in turn ? "end_turn" : "tool_use",
          usage: { input_tokens: 100, output_tokens: 50, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
        };
        // A streamed request gets the answer as server-sent events, as the API sends it.
        if ((req.body as { stream?: boolean } | null)?.stream === true) return { status: 200, text: sseOf(message), type: "text/event-stream" };
        return { status: 200, json: { ...message, type: "message", role: "assistant", stop_sequence: null } };
      },
    },
  ]);
}
