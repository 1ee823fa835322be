import { addUsage, zeroUsage, type Usage } from "../llm/model-client.js";

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

/** The results as a fixed-width table. Pure. */
export function renderTable(rows: readonly EvalRow[]): string {
  const width = Math.max(6, ...rows.map((r) => r.id.length));
  const head = `${"record".padEnd(width)}  locate  reward  applied  tokens     cost  note`;
  const lines = rows.map((r) => {
    const locate = r.locateHit === null ? "-" : `${r.locateHit ? "hit" : "miss"} ${Math.round(100 * (r.locateRecall ?? 0))}%`;
    return `${r.id.padEnd(width)}  ${locate.padEnd(6)}  ${r.reward.toFixed(3).padStart(6)}  ${(r.applied ? "yes" : "no").padEnd(7)}  ${String(tokenCount(r.tokens)).padStart(6)}  ${money(r.costUsd).padStart(7)}  ${r.error ?? ""}`.trimEnd();
  });
  return `${[head, ...lines].join("\n")}\n`;
}

/** The one-line summary. Pure. */
export function renderSummary(s: EvalSummary): string {
  const locate = s.locateHitRate === null ? "locate n/a" : `locate hit ${pct(s.locateHitRate)}`;
  const invalid = s.invalid === 0 ? "" : `, ${s.invalid} unreadable`;
  return `${s.records} records${invalid}: mean reward ${s.meanReward.toFixed(3)}, reward 1.0 on ${pct(s.perfect)}, ${locate}, edits applied ${pct(s.applyRate)}, ${tokenCount(s.tokens)} tokens, ${money(s.costUsd)}`;
}
