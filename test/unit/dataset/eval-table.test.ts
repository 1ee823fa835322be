import { describe, expect, it } from "vitest";
import { renderTable, type EvalRow } from "../../../src/dataset/eval/eval-result.js";
import { zeroUsage } from "../../../src/llm/model-client.js";

const row = (fields: Partial<EvalRow>): EvalRow => ({ id: "a@1", locateHit: null, locateRecall: null, reward: 1, applied: true, tokens: zeroUsage, costUsd: 0, error: null, ...fields });

describe("eval's table", () => {
  it("keeps every column where its heading is, whatever the widest cell", () => {
    const rows = [
      row({ id: "short@1", locateHit: true, locateRecall: 1, reward: 1, tokens: { ...zeroUsage, inputTokens: 12 }, costUsd: 0.0012 }),
      row({ id: "a-much-longer-record-id@2", locateHit: false, locateRecall: 0.333, reward: -1, applied: false, tokens: { ...zeroUsage, inputTokens: 1_234_567, outputTokens: 8_901 }, costUsd: 123.4567, error: "the model proposed no edits" }),
      row({ id: "x@3", costUsd: null }),
    ];
    const lines = renderTable(rows).trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    const head = lines[0] ?? "";
    // Left-aligned columns start under their heading; right-aligned ones end under its last letter.
    const startOf = (name: string) => head.indexOf(name);
    const endOf = (name: string) => head.indexOf(name) + name.length;
    for (const line of lines.slice(1)) {
      expect(line[startOf("locate") - 1]).toBe(" ");
      expect(line.slice(startOf("locate")).trimStart().length).toBe(line.slice(startOf("locate")).length);
      for (const name of ["reward", "tokens", "cost"]) {
        expect(line[endOf(name) - 1], `${name} in ${line}`).not.toBe(" ");
        expect([" ", undefined], `${name} in ${line}`).toContain(line[endOf(name)]);
      }
      expect(line.slice(startOf("applied"), startOf("applied") + 2)).toMatch(/^(ye|no)$/);
    }
    expect(lines[2]).toContain("miss 33%");
    expect(lines[2]).toContain("1243468");
    expect(lines[2]).toContain("$123.4567");
    expect(lines[2]?.endsWith("  the model proposed no edits")).toBe(true);
    // No trailing spaces where the note is empty.
    expect(lines[3]).toBe(lines[3]?.trimEnd());
  });
});
