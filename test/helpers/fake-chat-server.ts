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

export type ChatStep = (body: ChatRequestBody, headers: Record<string, string | string[] | undefined>) => { status?: number; body: unknown };

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
