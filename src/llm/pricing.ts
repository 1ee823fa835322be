import type { Usage } from "./model-client.js";

/** US dollars per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

function price(input: number, output: number): ModelPrice {
  return { input, output, cacheRead: input * 0.1, cacheWrite: input * 1.25 };
}

/**
 * List prices by model family, matched by the longest prefix of the model id.
 * Operators override or extend them with STACKSMITH_PRICES (JSON) or the repo config.
 */
export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = {
  "claude-opus-4-1": price(15, 75),
  "claude-opus-4-0": price(15, 75),
  "claude-opus": price(5, 25),
  "claude-sonnet": price(3, 15),
  "claude-haiku-3": price(0.25, 1.25),
  "claude-haiku": price(1, 5),
};

export function priceFor(model: string, table: Readonly<Record<string, ModelPrice>> = DEFAULT_PRICES): ModelPrice | null {
  let best: string | null = null;
  for (const prefix of Object.keys(table)) {
    if (model.startsWith(prefix) && (best === null || prefix.length > best.length)) best = prefix;
  }
  return best === null ? null : (table[best] ?? null);
}

/** Cost in US dollars, or null when the model has no known price. */
export function costOf(usage: Usage, model: string, table?: Readonly<Record<string, ModelPrice>>): number | null {
  const p = priceFor(model, table);
  if (p === null) return null;
  return (
    (usage.inputTokens * p.input + usage.outputTokens * p.output + usage.cacheReadTokens * p.cacheRead + usage.cacheWriteTokens * p.cacheWrite) / 1_000_000
  );
}
