/**
 * Prompt caching, measured on a scripted run: the edit loop talks through the real Anthropic
 * adapter to a local stand-in for the Messages API that bills like the real one (tokens
 * written to the cache at each breakpoint, read back at the longest cached prefix). The run
 * reads six files over six turns, then answers. The same run is billed again with every
 * token at the full input price, as it would be without caching.
 *
 * Token counts are estimated at 4 characters a token, for both sides alike.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { runEditLoop } from "../src/agent/edit-loop.js";
import { REPO_TOOLS } from "../src/agent/repo-tools.js";
import { RepoView } from "../src/agent/repo-view.js";
import { EDIT_SYSTEM_PROMPT } from "../src/agent/prompts.js";
import type { FileEntry, Workspace } from "../src/git/workspace.js";
import { AnthropicModelClient } from "../src/llm/anthropic-client.js";
import { addUsage, zeroUsage, type Usage } from "../src/llm/model-client.js";
import { costOf } from "../src/llm/pricing.js";

const MODEL = "claude-sonnet-5-5";
const FILES = 6;

function sourceFile(i: number): string {
  const lines: string[] = [];
  for (let f = 0; f < 60; f++) lines.push(`def function_${i}_${f}(value, other):\n    """Compute step ${f} of module ${i}."""\n    return value * ${f} + other - ${i}\n`);
  return lines.join("\n");
}

const files = new Map<string, string>(Array.from({ length: FILES }, (_, i) => [`pkg/module_${i}.py`, sourceFile(i)]));
const workspace: Workspace = {
  head: "c0",
  listFiles: async () => [...files.keys()].map((path): FileEntry => ({ path, oid: path, mode: "100644" })),
  readFile: async (_c, path) => (files.has(path) ? Buffer.from(files.get(path) ?? "") : null),
  commit: async () => "c1",
  push: async () => undefined,
  fetchBranch: async () => null,
  hasCommit: async () => true,
  parentsOf: async () => null,
};

const tokens = (text: string) => Math.ceil(text.length / 4);

/** Billing like the Messages API: cache entries at breakpoints, reads at the longest cached block prefix. */
class CacheBiller {
  readonly #cache = new Map<string, number>();

  bill(body: { tools?: unknown[]; system?: unknown[]; messages: Array<{ content: unknown[] }> }): Usage {
    const blocks: unknown[] = [...(body.tools ?? []), ...(body.system ?? []), ...body.messages.flatMap((m) => m.content)];
    const hash = createHash("sha256");
    let total = 0;
    let read = 0;
    let lastBreakpoint = 0;
    const breakpoints: Array<[string, number]> = [];
    for (const block of blocks) {
      const { cache_control: marked, ...content } = block as Record<string, unknown>;
      const json = JSON.stringify(content);
      hash.update(json);
      total += tokens(json);
      const key = hash.copy().digest("hex");
      if (this.#cache.has(key)) read = total;
      if (marked !== undefined) {
        lastBreakpoint = total;
        breakpoints.push([key, total]);
      }
    }
    for (const [key, at] of breakpoints) this.#cache.set(key, at);
    const write = Math.max(0, lastBreakpoint - read);
    return { inputTokens: total - read - write, outputTokens: 0, cacheReadTokens: read, cacheWriteTokens: write };
  }
}

async function body(req: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of req) text += String(chunk);
  return text;
}

function reply(turn: number): { content: unknown[]; stop_reason: string; output: string } {
  if (turn < FILES) {
    return { content: [{ type: "tool_use", id: `t${turn}`, name: "read_file", input: { path: `pkg/module_${turn}.py` } }], stop_reason: "tool_use", output: "{}" };
  }
  const answer = "Fix.\n```\n### pkg/module_0.py\n<<<<<<< SEARCH\n    return value * 0 + other - 0\n=======\n    return value + other\n>>>>>>> REPLACE\n```";
  return { content: [{ type: "text", text: answer }], stop_reason: "end_turn", output: answer };
}

async function main(): Promise<void> {
  const biller = new CacheBiller();
  let turn = 0;
  let uncached = zeroUsage;
  const server = createServer((req, res) => {
    void body(req).then((text) => {
      const request = JSON.parse(text) as Parameters<CacheBiller["bill"]>[0];
      const usage = biller.bill(request);
      uncached = addUsage(uncached, { inputTokens: usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 });
      const r = reply(turn++);
      const output = tokens(r.output);
      uncached = addUsage(uncached, { ...zeroUsage, outputTokens: output });
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          id: `msg_${turn}`,
          type: "message",
          role: "assistant",
          model: MODEL,
          content: r.content,
          stop_reason: r.stop_reason,
          stop_sequence: null,
          usage: { input_tokens: usage.inputTokens, output_tokens: output, cache_read_input_tokens: usage.cacheReadTokens, cache_creation_input_tokens: usage.cacheWriteTokens },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const model = new AnthropicModelClient({ apiKey: "sk-ant-bench", model: MODEL, baseURL: `http://127.0.0.1:${port}`, maxRetries: 0 });
  let cached = zeroUsage;
  const result = await runEditLoop({
    model,
    view: await RepoView.open(workspace, "c0"),
    system: EDIT_SYSTEM_PROMPT,
    prompt: "Issue: module 0 computes the wrong value. Read the modules, then fix it.",
    tools: REPO_TOOLS,
    maxToolTurns: 10,
    maxEditRounds: 1,
    maxOutputTokens: 4000,
    isProtected: () => false,
    onUsage: (u) => {
      cached = addUsage(cached, u);
    },
  });
  server.close();
  if (result.kind !== "edited") throw new Error(`the scripted run did not finish: ${result.reason}`);
  const withCache = costOf(cached, MODEL) ?? 0;
  const without = costOf(uncached, MODEL) ?? 0;
  const input = cached.inputTokens + cached.cacheReadTokens + cached.cacheWriteTokens;
  process.stdout.write(
    [
      `turns: ${turn}, input tokens: ${input.toLocaleString("en-US")} (read from cache ${cached.cacheReadTokens.toLocaleString("en-US")}, written ${cached.cacheWriteTokens.toLocaleString("en-US")}, uncached ${cached.inputTokens.toLocaleString("en-US")})`,
      `baseline, same run without caching: $${without.toFixed(4)}; with caching: $${withCache.toFixed(4)}`,
      `cache: cost_ratio=${(withCache / without).toFixed(3)} saving=${((1 - withCache / without) * 100).toFixed(1)}% cache_read_share=${(cached.cacheReadTokens / input).toFixed(3)}`,
      "",
    ].join("\n"),
  );
}

await main();
