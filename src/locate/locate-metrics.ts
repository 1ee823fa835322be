/** Retrieval metrics for the locate benchmark: Acc@k (a gold file in the top k) and mean reciprocal rank. */

export const ACC_KS = [1, 3, 5, 10] as const;

export interface LocateMetrics {
  n: number;
  acc: Record<(typeof ACC_KS)[number], number>;
  mrr: number;
}

/** The 1-based rank of the first gold file, or undefined when none is ranked. */
export function firstGoldRank(ranked: readonly string[], gold: readonly string[]): number | undefined {
  const goldSet = new Set(gold);
  const i = ranked.findIndex((p) => goldSet.has(p));
  return i < 0 ? undefined : i + 1;
}

export function summarise(ranks: readonly (number | undefined)[]): LocateMetrics {
  const n = ranks.length;
  const acc = { 1: 0, 3: 0, 5: 0, 10: 0 };
  let mrr = 0;
  for (const r of ranks) {
    if (r === undefined) continue;
    for (const k of ACC_KS) if (r <= k) acc[k]++;
    mrr += 1 / r;
  }
  if (n > 0) for (const k of ACC_KS) acc[k] /= n;
  return { n, acc, mrr: n === 0 ? 0 : mrr / n };
}
