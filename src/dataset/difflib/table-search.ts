import type { EncodedPair } from "./sequence-encoding.js";

/**
 * Python's own longest-match search over `b2j`, on typed arrays: one step per equal pair
 * (i, j) in the rectangle, junk and popular elements of `b` excluded.
 */

const STAMP_LIMIT = 0x7fff_fff0;

/**
 * The lengths of the previous row of Python's `j2len` dictionary live in `len[j + 1]`, valid
 * only where `stamp[j + 1]` carries the previous row's tag, so rows never need clearing and the
 * buffers serve every search on the same `b`.
 */
export class TableScratch {
  readonly len: Int32Array;
  readonly stamp: Int32Array;
  tag = 0;

  constructor(bLength: number) {
    this.len = new Int32Array(bLength + 1);
    this.stamp = new Int32Array(bLength + 1);
  }
}

/** First position x in [lo, hi) with index[x] >= value (index is ascending). */
export function lowerBound(index: Int32Array, lo: number, hi: number, value: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (index[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The equal pairs in the rectangle (junk and popular excluded), counting stops once past
 * `limit`. Costs one or two binary searches per row.
 */
export function countPairs(p: EncodedPair, alo: number, ahi: number, blo: number, bhi: number, limit: number): number {
  const { aIds, b2jStart, b2jIndex } = p;
  let pairs = 0;
  for (let i = alo; i < ahi && pairs <= limit; i++) {
    const id = aIds[i]!;
    const lo = b2jStart[id]!;
    const hi = b2jStart[id + 1]!;
    if (lo !== hi) pairs += lowerBound(b2jIndex, lo, hi, bhi) - lowerBound(b2jIndex, lo, hi, blo);
  }
  return pairs;
}

/**
 * Python's loop over `b2j`. Each row walks its positions in `b` from the highest down, so a
 * single length array serves as both the previous and the current row (a write at j + 1 never
 * lands where this row still reads). Walking downwards would prefer later j among equal
 * lengths; letting a row overwrite a best of equal length that the same row set restores
 * Python's earliest-j choice.
 */
export function tableSearch(
  p: EncodedPair,
  s: TableScratch,
  alo: number,
  ahi: number,
  blo: number,
  bhi: number,
): [number, number, number] {
  const { aIds, bIds, b2jStart, b2jIndex } = p;
  const { len, stamp } = s;
  const lb = bIds.length;
  let besti = alo;
  let bestj = blo;
  let bestsize = 0;

  if (s.tag > STAMP_LIMIT - (ahi - alo) - 2) {
    stamp.fill(0);
    s.tag = 0;
  }
  // Skip one tag so the first row's "previous row" matches no stored stamp.
  let tag = ++s.tag;
  let bestTag = 0;
  for (let i = alo; i < ahi; i++) {
    const prevTag = tag;
    tag = ++s.tag;
    const id = aIds[i]!;
    let lo = b2jStart[id]!;
    let hi = b2jStart[id + 1]!;
    if (lo === hi) continue;
    if (blo > 0) lo = lowerBound(b2jIndex, lo, hi, blo);
    if (bhi < lb) hi = lowerBound(b2jIndex, lo, hi, bhi);
    for (let x = hi - 1; x >= lo; x--) {
      const j = b2jIndex[x]!;
      const k = stamp[j] === prevTag ? len[j]! + 1 : 1;
      stamp[j + 1] = tag;
      len[j + 1] = k;
      if (k > bestsize || (k === bestsize && bestTag === tag)) {
        besti = i - k + 1;
        bestj = j - k + 1;
        bestsize = k;
        bestTag = tag;
      }
    }
  }
  return [besti, bestj, bestsize];
}

