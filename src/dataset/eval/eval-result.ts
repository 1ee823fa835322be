import { addUsage, zeroUsage, type Usage } from "../../llm/model-client.js";

/** One record's evaluation. */
export interface EvalRow {
  id: string;
  /** Whether the located files include every file the change touched; null when locate did not run. */
  locateHit: boolean | null;
  /** Share of the changed files that locate found; null when locate did not run. */
  locateRecall: number | null;
  /** SWE-RL's reward: -1 (no usable answer) or the patch similarity in [0, 1]. */
  reward: number;
  /** Whether the edits applied. */
  applied: boolean;
  tokens: Usage;
  /** US dollars, or null when the model's price is unknown. */
  costUsd: number | null;
  error: string | null;
}

export interface EvalSummary {
  records: number;
  /** Records that could not be read (bad lines). */
  invalid: number;
  meanReward: number;
  /** Share of records with reward exactly 1. */
  perfect: number;
  /** Share of records whose locate hit all changed files, over those where locate ran (null: none did). */
  locateHitRate: number | null;
  applyRate: number;
  tokens: Usage;
  costUsd: number | null;
}

export function summarise(rows: readonly EvalRow[], invalid: number): EvalSummary {
  const n = rows.length;
  const located = rows.filter((r) => r.locateHit !== null);
  const costs = rows.map((r) => r.costUsd);
  return {
    records: n,
    invalid,
    meanReward: n === 0 ? 0 : rows.reduce((s, r) => s + r.reward, 0) / n,
    perfect: n === 0 ? 0 : rows.filter((r) => r.reward === 1).length / n,
    locateHitRate: located.length === 0 ? null : located.filter((r) => r.locateHit === true).length / located.length,
    applyRate: n === 0 ? 0 : rows.filter((r) => r.applied).length / n,
    tokens: rows.reduce((t, r) => addUsage(t, r.tokens), zeroUsage),
    costUsd: costs.some((c) => c === null) ? null : costs.reduce<number>((s, c) => s + (c ?? 0), 0),
  };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const money = (x: number | null): string => (x === null ? "-" : `$${x.toFixed(4)}`);
const tokenCount = (u: Usage): number => u.inputTokens + u.outputTokens + u.cacheReadTokens + u.cacheWriteTokens;

/** The table's columns: heading, how a row reads in it, and which side it is aligned to. */
const COLUMNS: ReadonlyArray<{ head: string; align: "left" | "right"; cell: (r: EvalRow) => string }> = [
  { head: "record", align: "left", cell: (r) => r.id },
  { head: "locate", align: "left", cell: (r) => (r.locateHit === null ? "-" : `${r.locateHit ? "hit" : "miss"} ${Math.round(100 * (r.locateRecall ?? 0))}%`) },
  { head: "reward", align: "right", cell: (r) => r.reward.toFixed(3) },
  { head: "applied", align: "left", cell: (r) => (r.applied ? "yes" : "no") },
  { head: "tokens", align: "right", cell: (r) => String(tokenCount(r.tokens)) },
  { head: "cost", align: "right", cell: (r) => money(r.costUsd) },
  { head: "note", align: "left", cell: (r) => r.error ?? "" },
];

/**
 * The results as a fixed-width table: each column as wide as its widest cell (or heading), so
 * no value shifts the columns after it; the last column (the note) is left unpadded. Pure.
 */
export function renderTable(rows: readonly EvalRow[]): string {
  const cells = [COLUMNS.map((c) => c.head), ...rows.map((r) => COLUMNS.map((c) => c.cell(r)))];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((line) => line[i]?.length ?? 0)));
  const lines = cells.map((line) =>
    line
      .map((cell, i) => (i === COLUMNS.length - 1 ? cell : COLUMNS[i]?.align === "right" ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
  return `${lines.join("\n")}\n`;
}

/** The one-line summary. Pure. */
export function renderSummary(s: EvalSummary): string {
  const locate = s.locateHitRate === null ? "locate n/a" : `locate hit ${pct(s.locateHitRate)}`;
  const invalid = s.invalid === 0 ? "" : `, ${s.invalid} unreadable`;
  return `${s.records} records${invalid}: mean reward ${s.meanReward.toFixed(3)}, reward 1.0 on ${pct(s.perfect)}, ${locate}, edits applied ${pct(s.applyRate)}, ${tokenCount(s.tokens)} tokens, ${money(s.costUsd)}`;
}
