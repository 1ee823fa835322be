/** Ordering records from easy to hard, and cutting the order into stages. Pure. */

export interface Ranked {
  id: string;
  difficulty: number;
}

/** Easiest first; equal difficulties in id order, so the order is the same on every run. */
export function byDifficulty<T extends Ranked>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.difficulty - b.difficulty || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The stage (1-based) of each position in an ordered list of `n` items cut into `k` stages of
 * as equal size as can be (the first `n mod k` stages hold one more).
 */
export function stageOf(position: number, n: number, k: number): number {
  const size = Math.floor(n / k);
  const bigger = n % k;
  const edge = bigger * (size + 1);
  return position < edge ? Math.floor(position / (size + 1)) + 1 : bigger + Math.floor((position - edge) / Math.max(1, size)) + 1;
}
