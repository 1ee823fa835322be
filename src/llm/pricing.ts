import type { Usage } from "./model-client.js";

/** US dollars per million tokens. `cacheWrite` is the 5-minute rate: the Anthropic adapter sets no cache ttl. */
export interface Rates {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/** A model's rates; a request whose prompt is over `longPrompt.overTokens` pays the long rates on all of its tokens. */
export interface ModelPrice extends Rates {
  longPrompt?: Rates & { overTokens: number };
}

/** Model id → price. A key ending in `*` prices every id that starts with the rest of it. */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/** Rates with the cache priced as Anthropic does by default: writes (5 minutes) 1.25× input, reads 0.1× input. */
function rates(input: number, output: number, cacheRead = input * 0.1, cacheWrite = input * 1.25): Rates {
  return { input, output, cacheRead, cacheWrite };
}

/**
 * List prices of the Claude API by model id, from Anthropic's pricing page
 * (https://platform.claude.com/docs/en/about-claude/pricing, "Model pricing" and "Prompt caching",
 * checked 2026-12) and each model's overview page. An id also covers its dated snapshots
 * (`claude-opus-4-20250514` is `claude-opus-4`). 1-hour cache writes (2× input) are not used.
 * Operators add or replace prices with STACKSMITH_PRICES; a model with no price is refused.
 */
export const DEFAULT_PRICES: PriceTable = {
  "claude-fable-5-2": rates(8, 40, 0.2),
  "claude-mythos-5-2": rates(8, 40, 0.2),
  "claude-fable-5-1": rates(10, 50, 0.25),
  "claude-mythos-5-1": rates(10, 50, 0.25),
  "claude-fable-5": rates(10, 50),
  "claude-mythos-5": rates(10, 50),
  "claude-opus-5-5": rates(4, 20, 0.2),
  "claude-opus-5": rates(5, 25),
  "claude-opus-4-8": rates(5, 25),
  "claude-opus-4-7": rates(5, 25),
  "claude-opus-4-6": rates(5, 25),
  "claude-opus-4-5": rates(5, 25),
  "claude-opus-4-1": rates(15, 75),
  "claude-opus-4-0": rates(15, 75),
  "claude-opus-4": rates(15, 75),
  // Sonnet 5.5's cache reads were cut to 0.05× input on 2026-10-07.
  "claude-sonnet-5-5": rates(2, 10, 0.1),
  "claude-sonnet-5": rates(2, 10),
  "claude-sonnet-4-6": rates(3, 15),
  "claude-sonnet-4-5": rates(3, 15),
  "claude-sonnet-4-0": rates(3, 15),
  "claude-sonnet-4": rates(3, 15),
  "claude-3-7-sonnet": rates(3, 15),
  // Haiku 5.5: a prompt (input, cache reads and writes) over 100,000 tokens is billed at 5× on every token.
  "claude-haiku-5-5": { ...rates(0.1, 0.5), longPrompt: { ...rates(0.5, 2.5), overTokens: 100_000 } },
  "claude-haiku-4-5": rates(1, 5),
  "claude-3-5-haiku": rates(0.8, 4),
  "claude-3-haiku": rates(0.25, 1.25, 0.03, 0.3),
};

/** `<key>` itself, or `<key>-<yyyymmdd>` (a dated snapshot). */
const SNAPSHOT = /^-\d{8}$/;

/**
 * The price of a model id: its own entry or its snapshot's, else the longest `*` family that
 * covers it. Ids are matched whole, so `claude-opus-4-10` is not `claude-opus-4-1` or `claude-opus-4`.
 */
export function priceFor(model: string, table: PriceTable = DEFAULT_PRICES): ModelPrice | null {
  if (model === "") return null;
  const own = Object.hasOwn(table, model) ? table[model] : undefined;
  if (own !== undefined) return own;
  let family: string | null = null;
  for (const key of Object.keys(table)) {
    if (key.endsWith("*")) {
      const prefix = key.slice(0, -1);
      if (model.startsWith(prefix) && (family === null || key.length > family.length)) family = key;
    } else if (model.startsWith(key) && SNAPSHOT.test(model.slice(key.length))) {
      return table[key] ?? null;
    }
  }
  return family === null ? null : (table[family] ?? null);
}

/** The rates one request pays: a long prompt can cost more per token. */
function ratesFor(usage: Usage, price: ModelPrice): Rates {
  const prompt = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
  return price.longPrompt !== undefined && prompt > price.longPrompt.overTokens ? price.longPrompt : price;
}

/** The cost in US dollars of one request's usage at a price. */
export function costAt(usage: Usage, price: ModelPrice): number {
  const r = ratesFor(usage, price);
  return (usage.inputTokens * r.input + usage.outputTokens * r.output + usage.cacheReadTokens * r.cacheRead + usage.cacheWriteTokens * r.cacheWrite) / 1_000_000;
}

/**
 * Cost in US dollars of one request's usage, or null when the model has no known price.
 * Usage summed over several requests is priced as if it were one (a long-prompt rate may then apply).
 */
export function costOf(usage: Usage, model: string, table?: PriceTable): number | null {
  const p = priceFor(model, table);
  return p === null ? null : costAt(usage, p);
}
