import { describe, expect, it } from "vitest";
import { BudgetedModel, type RunLimits } from "../../../src/agent/budgeted-model.js";
import { MemoryUsageLedger } from "../../../src/agent/usage-ledger.js";
import type { ModelClient, ModelRequest } from "../../../src/llm/model-client.js";

const LIMITS: RunLimits = { maxModelCalls: 10, maxInputTokens: 1_000, maxOutputTokens: 1_000, maxUsd: 5, maxRunsPerDay: 10, maxUsdPerDay: 50 };
const PRICE = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 };
const ask = (chars: number): ModelRequest => ({ system: "s", purpose: "edit", maxTokens: 100, messages: [{ role: "user", content: [{ type: "text", text: "x".repeat(chars) }] }] });

function inner(counted: number | null): ModelClient & { completed: number; counted: number } {
  const client = {
    model: "m",
    completed: 0,
    counted: 0,
    complete: async () => {
      client.completed += 1;
      return { content: [], stopReason: "end_turn" as const, model: "m", usage: { inputTokens: 10, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 } };
    },
    ...(counted === null
      ? {}
      : {
          countTokens: async () => {
            client.counted += 1;
            return counted;
          },
        }),
  };
  return client;
}

function budgeted(model: ModelClient): BudgetedModel {
  return new BudgetedModel({ inner: model, price: PRICE, repo: "o/r", ledger: new MemoryUsageLedger(), clock: { now: () => new Date("2026-12-03T12:00:00Z") }, limits: LIMITS, onCall: () => {} });
}

describe("BudgetedModel: a prompt that may not fit the input budget is counted before it is paid for", () => {
  it("sends a small prompt without counting it", async () => {
    const model = inner(1);
    await budgeted(model).complete(ask(100));
    expect({ completed: model.completed, counted: model.counted }).toEqual({ completed: 1, counted: 0 });
  });

  it("refuses a large prompt the provider counts past what is left, before the call", async () => {
    const model = inner(1_200);
    await expect(budgeted(model).complete(ask(3_000))).rejects.toMatchObject({ code: "BUDGET_EXCEEDED", message: "the next prompt holds 1,200 input tokens, more than the 1,000 left of the run's budget" });
    expect({ completed: model.completed, counted: model.counted }).toEqual({ completed: 0, counted: 1 });
  });

  it("sends a large prompt that the count shows fits", async () => {
    const model = inner(900);
    await budgeted(model).complete(ask(3_000));
    expect({ completed: model.completed, counted: model.counted }).toEqual({ completed: 1, counted: 1 });
  });

  it("judges by the estimate where the provider cannot count", async () => {
    const model = inner(null);
    await expect(budgeted(model).complete(ask(7_000))).rejects.toMatchObject({ code: "BUDGET_EXCEEDED" });
    expect(model.completed).toBe(0);
  });
});
