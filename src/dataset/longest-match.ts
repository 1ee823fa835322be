import type { EncodedPair } from "./sequence-encoding.js";

/** `a[a .. a + size)` equals `b[b .. b + size)`. */
export interface Match {
  readonly a: number;
  readonly b: number;
  readonly size: number;
}

const STAMP_LIMIT = 0x7fff_fff0;

/**
 * Reusable scratch for the longest-match search. The lengths of the previous row of Python's
 * `j2len` dictionary live in `len[j + 1]`, valid only where `stamp[j + 1]` carries the previous
 * row's tag, so rows never need clearing.
 */
export class MatchScratch {
  readonly len: Int32Array;
  readonly stamp: Int32Array;
  tag = 0;

  constructor(bLength: number) {
    this.len = new Int32Array(bLength + 1);
    this.stamp = new Int32Array(bLength + 1);
  }
}

/** First position x in [lo, hi) with index[x] >= value (index is ascending). */
function lowerBound(index: Int32Array, lo: number, hi: number, value: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (index[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Python's `SequenceMatcher.find_longest_match(alo, ahi, blo, bhi)`: the longest block of
 * non-junk, non-popular elements, the earliest in `a` and then in `b` among equals, then widened
 * by equal non-junk elements (popular ones included) and then by equal junk elements.
 *
 * Cost: one step per pair (i, j) in the rectangle with a[i] == b[j] and b[j] neither junk nor
 * popular, so O((ahi - alo) * (bhi - blo)) at worst.
 *
 * Each row walks its positions in `b` from the highest down, so a single length array serves as
 * both the previous and the current row (a write at j + 1 never lands where this row still
 * reads). Walking downwards would prefer later j among equal lengths; letting a row overwrite a
 * best of equal length that the same row set restores Python's earliest-j choice.
 */
export function findLongestMatch(
  p: EncodedPair,
  s: MatchScratch,
  alo: number,
  ahi: number,
  blo: number,
  bhi: number,
): Match {
  const { aIds, bIds, b2jStart, b2jIndex, junk } = p;
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

  while (besti > alo && bestj > blo && junk[bIds[bestj - 1]!] === 0 && aIds[besti - 1] === bIds[bestj - 1]) {
    besti--;
    bestj--;
    bestsize++;
  }
  while (
    besti + bestsize < ahi &&
    bestj + bestsize < bhi &&
    junk[bIds[bestj + bestsize]!] === 0 &&
    aIds[besti + bestsize] === bIds[bestj + bestsize]
  ) {
    bestsize++;
  }
  while (besti > alo && bestj > blo && junk[bIds[bestj - 1]!] === 1 && aIds[besti - 1] === bIds[bestj - 1]) {
    besti--;
    bestj--;
    bestsize++;
  }
  while (
    besti + bestsize < ahi &&
    bestj + bestsize < bhi &&
    junk[bIds[bestj + bestsize]!] === 1 &&
    aIds[besti + bestsize] === bIds[bestj + bestsize]
  ) {
    bestsize++;
  }
  return { a: besti, b: bestj, size: bestsize };
}

/**
 * Python's `get_matching_blocks()`: longest matches found recursively left and right of each
 * match (the order does not matter, the blocks are sorted), adjacent blocks merged, and the
 * sentinel `{a: la, b: lb, size: 0}` appended.
 */
export function matchingBlocks(p: EncodedPair, s: MatchScratch = new MatchScratch(p.bIds.length)): Match[] {
  const la = p.aIds.length;
  const lb = p.bIds.length;
  const found: Match[] = [];
  const queue: number[] = [0, la, 0, lb];
  while (queue.length > 0) {
    const bhi = queue.pop()!;
    const blo = queue.pop()!;
    const ahi = queue.pop()!;
    const alo = queue.pop()!;
    const m = findLongestMatch(p, s, alo, ahi, blo, bhi);
    if (m.size === 0) continue;
    found.push(m);
    if (alo < m.a && blo < m.b) queue.push(alo, m.a, blo, m.b);
    if (m.a + m.size < ahi && m.b + m.size < bhi) queue.push(m.a + m.size, ahi, m.b + m.size, bhi);
  }
  found.sort((x, y) => x.a - y.a || x.b - y.b || x.size - y.size);

  const blocks: Match[] = [];
  let i1 = 0;
  let j1 = 0;
  let k1 = 0;
  for (const { a: i2, b: j2, size: k2 } of found) {
    if (i1 + k1 === i2 && j1 + k1 === j2) {
      k1 += k2;
    } else {
      if (k1 > 0) blocks.push({ a: i1, b: j1, size: k1 });
      i1 = i2;
      j1 = j2;
      k1 = k2;
    }
  }
  if (k1 > 0) blocks.push({ a: i1, b: j1, size: k1 });
  blocks.push({ a: la, b: lb, size: 0 });
  return blocks;
}
