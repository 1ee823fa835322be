import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real HTTP server on 127.0.0.1 speaking OpenAI's /v1/chat/completions, answering from a
 * script: each request takes the next step, which checks the request and returns the reply.
 * A request past the script, or to another path, gets 500 and is recorded as unexpected;
 * `assertDone` fails when steps are left over or anything unexpected came.
 */
export interface ChatRequestBody {
  model: string;
  max_tokens: number;
  messages: { role: string; content: string | null; tool_calls?: { id: string; function: { name: string; arguments: string } }[]; tool_call_id?: string }[];
  tools?: { type: string; function: { name: string; description: string; parameters: unknown } }[];
}

/**
 * A step's reply: `body` as one JSON answer; with `stream`, a completion() body sent as the
 * server-sent events a streaming server sends (text in pieces, tool-call arguments as deltas,
 * usage last); `stallAfter` stops sending after that many events and leaves the answer open.
 */
export type ChatReply = { status?: number; body: unknown; stream?: boolean; stallAfter?: number };
export type ChatStep = (body: ChatRequestBody & { stream?: boolean }, headers: Record<string, string | string[] | undefined>) => ChatReply;

type CompletionBody = {
  model: string;
  choices: [{ finish_reason: string; message: { content: string | null; tool_calls?: { id: string; function: { name: string; arguments: string } }[] } }];
  usage: unknown;
};

/** The events a streaming server sends for a completion: pieces of at most 7 characters. */
export function streamEvents(completionBody: unknown): string[] {
  const body = completionBody as CompletionBody;
  const choice = body.choices[0];
  const pieces = (text: string): string[] => text.match(/[\s\S]{1,7}/g) ?? [];
  const chunk = (delta: unknown, finish: string | null = null) => ({ id: "chatcmpl-test", object: "chat.completion.chunk", model: body.model, choices: [{ index: 0, delta, finish_reason: finish }] });
  const events: unknown[] = [chunk({ role: "assistant" })];
  for (const piece of pieces(choice.message.content ?? "")) events.push(chunk({ content: piece }));
  (choice.message.tool_calls ?? []).forEach((call, index) => {
    events.push(chunk({ tool_calls: [{ index, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } }] }));
    for (const piece of pieces(call.function.arguments)) events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
  });
  events.push(chunk({}, choice.finish_reason));
  events.push({ id: "chatcmpl-test", object: "chat.completion.chunk", model: body.model, choices: [], usage: body.usage });
  return [...events.map((e) => `data: ${JSON.stringify(e)}\n\n`), "data: [DONE]\n\n"];
}

export interface FakeChatServer {
  /** The API root, ending in /v1. */
  url: string;
  requests: ChatRequestBody[];
  assertDone(): void;
  close(): Promise<void>;
}

export async function startFakeChatServer(script: ChatStep[]): Promise<FakeChatServer> {
  const steps = [...script];
  const requests: ChatRequestBody[] = [];
  const unexpected: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const fail = (why: string): void => {
        unexpected.push(why);
        res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: why } }));
      };
      if (req.method !== "POST" || req.url !== "/v1/chat/completions") return fail(`${req.method ?? "?"} ${req.url ?? "?"}`);
      const step = steps.shift();
      if (step === undefined) return fail("a request past the script");
      let body: ChatRequestBody;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ChatRequestBody;
      } catch {
        return fail("a body that is not JSON");
      }
      requests.push(body);
      try {
        const reply = step(body, req.headers);
        if (reply.stream === true) {
          res.writeHead(reply.status ?? 200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
          const events = streamEvents(reply.body);
          for (const event of events.slice(0, reply.stallAfter ?? events.length)) res.write(event);
          if (reply.stallAfter === undefined) res.end();
          return;
        }
        res.writeHead(reply.status ?? 200, { "content-type": "application/json" }).end(JSON.stringify(reply.body));
      } catch (err) {
        fail(`step ${requests.length} rejected the request: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    assertDone: () => {
      if (unexpected.length > 0) throw new Error(`unexpected requests: ${unexpected.join("; ")}`);
      if (steps.length > 0) throw new Error(`${steps.length} scripted replies were never requested`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A chat completion reply. */
export function completion(message: { content?: string | null; tool_calls?: { id: string; name: string; arguments: unknown }[] }, finish: string, usage = { prompt_tokens: 100, completion_tokens: 20 }): unknown {
  return {
    id: "chatcmpl-test",
    object: "chat.completion",
    model: "local-model",
    choices: [
      {
        index: 0,
        finish_reason: finish,
        message: {
          role: "assistant",
          content: message.content ?? null,
          ...(message.tool_calls === undefined
            ? {}
            : { tool_calls: message.tool_calls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: typeof c.arguments === "string" ? c.arguments : JSON.stringify(c.arguments) } })) }),
        },
      },
    ],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}
