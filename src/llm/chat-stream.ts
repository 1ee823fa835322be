import { createParser } from "eventsource-parser";
import { z } from "zod";

/**
 * A streamed chat completion (`stream: true`), put back together as the one answer the
 * non-streamed API would have sent: text and tool-call arguments arrive as deltas, the usage
 * in the last chunk (`stream_options.include_usage`).
 */

const Chunk = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        delta: z
          .object({
            content: z.string().nullable().optional(),
            tool_calls: z
              .array(z.object({ index: z.number().int().min(0).max(127), id: z.string().optional(), function: z.object({ name: z.string().optional(), arguments: z.string().optional() }).optional() }))
              .nullable()
              .optional(),
          })
          .nullable()
          .optional(),
        finish_reason: z.string().nullable().optional(),
      }),
    )
    .default([]),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number(), prompt_tokens_details: z.object({ cached_tokens: z.number() }).nullable().optional() }).nullable().optional(),
  error: z.unknown().optional(),
});

export interface AssembledCompletion {
  model?: string;
  choices: [{ finish_reason: string | null; message: { content: string; tool_calls: { id: string; function: { name: string; arguments: string } }[] } }];
  usage?: { prompt_tokens: number; completion_tokens: number; prompt_tokens_details?: { cached_tokens: number } | null };
}

/** Feeds server-sent events in as they arrive; `result` is the answer so far, `problem` a malformed or error event. */
export class ChatStreamAssembler {
  #text = "";
  #calls: Array<{ id: string; name: string; arguments: string }> = [];
  #finish: string | null = null;
  #model: string | undefined;
  #usage: AssembledCompletion["usage"];
  problem: string | null = null;
  readonly #parser = createParser({ onEvent: (event) => this.#onData(event.data) });

  feed(text: string): void {
    this.#parser.feed(text);
  }

  #onData(data: string): void {
    if (data === "[DONE]" || this.problem !== null) return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      this.problem = "an event that is not JSON";
      return;
    }
    const chunk = Chunk.safeParse(json);
    if (!chunk.success) {
      this.problem = chunk.error.issues[0]?.message ?? "an unexpected event";
      return;
    }
    if (chunk.data.error !== undefined) {
      const e = chunk.data.error;
      this.problem = typeof e === "object" && e !== null && "message" in e && typeof e.message === "string" ? e.message : JSON.stringify(e).slice(0, 200);
      return;
    }
    this.#model ??= chunk.data.model;
    if (chunk.data.usage !== undefined && chunk.data.usage !== null) this.#usage = chunk.data.usage;
    const choice = chunk.data.choices[0];
    if (choice === undefined) return;
    if (choice.finish_reason !== undefined && choice.finish_reason !== null) this.#finish = choice.finish_reason;
    this.#text += choice.delta?.content ?? "";
    for (const part of choice.delta?.tool_calls ?? []) {
      const call = (this.#calls[part.index] ??= { id: "", name: "", arguments: "" });
      if (part.id !== undefined) call.id = part.id;
      call.name += part.function?.name ?? "";
      call.arguments += part.function?.arguments ?? "";
    }
  }

  result(): AssembledCompletion {
    const calls = this.#calls.filter((c) => c !== undefined).map((c, i) => ({ id: c.id === "" ? `call_${i}` : c.id, function: { name: c.name, arguments: c.arguments } }));
    return {
      ...(this.#model === undefined ? {} : { model: this.#model }),
      choices: [{ finish_reason: this.#finish, message: { content: this.#text, tool_calls: calls } }],
      ...(this.#usage === undefined ? {} : { usage: this.#usage }),
    };
  }
}
