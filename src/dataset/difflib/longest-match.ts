import { StacksmithError } from "../../shared/errors.js";
import type { EncodedPair } from "./sequence-encoding.js";
import { SuffixAutomaton } from "./suffix-automaton.js";
import { countPairs, tableSearch, TableScratch } from "./table-search.js";

/** `a[a .. a + size)` equals `b[b .. b + size)`. */
export interface Match {
  readonly a: number;
  readonly b: number;
  readonly size: number;
}

/** How `findLongestMatch` searches; every choice gives the same result. */
export type SearchStrategy = "auto" | "table" | "automaton";

/** Below this many cells a rectangle is always searched with the table. */
const SMALL_RECTANGLE = 4096;
/**
 * The table is used while its equal pairs stay under this many times the rectangle's sides;
 * an automaton step costs roughly this many table steps.
 */
const PAIRS_PER_SIDE = 8;

/**
 * Per-matcher state: the table's buffers, the automaton and its symbol arrays (made on first
 * use), and the steps spent against the budget (see `findLongestMatch`).
 */
export class MatchScratch {
  readonly table: TableScratch;
  readonly strategy: SearchStrategy;
  readonly maxSteps: number;
  steps = 0;
  automaton: SuffixAutomaton | undefined;
  aSymbols: Int32Array | undefined;
  bSymbols: Int32Array | undefined;

  constructor(bLength: number, strategy: SearchStrategy = "auto", maxSteps = Number.POSITIVE_INFINITY) {
    this.table = new TableScratch(bLength);
    this.strategy = strategy;
    this.maxSteps = maxSteps;
  }
}

/**
 * Python's `SequenceMatcher.find_longest_match(alo, ahi, blo, bhi)`: the longest block of
 * non-junk, non-popular elements, the earliest in `a` and then in `b` among equals, then widened
 * by equal non-junk elements (popular ones included) and then by equal junk elements.
 *
 * Two exact searches: Python's own table (`tableSearch`, one step per equal pair in the
 * rectangle, so up to (ahi - alo) * (bhi - blo)), and a suffix automaton of `b[blo .. bhi)`
 * (`automatonSearch`, linear in the rectangle's sides). "auto" counts the rectangle's equal
 * pairs first and takes the table while they are few.
 *
 * Each search is counted in `s.steps` before it runs (rows, plus equal pairs for the table or 8
 * per symbol for the automaton); past `s.maxSteps` it throws a StacksmithError with code
 * INVALID_INPUT instead of running.
 */
export function findLongestMatch(
  p: EncodedPair,
  s: MatchScratch,
  alo: number,
  ahi: number,
  blo: number,
  bhi: number,
): Match {
  const rows = ahi - alo;
  const automatonCost = PAIRS_PER_SIDE * (rows + bhi - blo);
  let useAutomaton: boolean;
  let cost: number;
  if (s.strategy === "automaton") {
    useAutomaton = true;
    cost = rows + automatonCost;
  } else if (s.strategy === "table") {
    useAutomaton = false;
    cost = rows + countPairs(p, alo, ahi, blo, bhi, Number.POSITIVE_INFINITY);
  } else if (rows * (bhi - blo) <= SMALL_RECTANGLE) {
    useAutomaton = false;
    cost = rows + rows * (bhi - blo);
  } else {
    const pairs = countPairs(p, alo, ahi, blo, bhi, automatonCost);
    useAutomaton = pairs > automatonCost;
    cost = rows + (useAutomaton ? automatonCost : pairs);
  }
  s.steps += cost;
  if (s.steps > s.maxSteps) {
    throw new StacksmithError("INVALID_INPUT", "sequence comparison exceeds its step budget", {
      la: p.aIds.length,
      lb: p.bIds.length,
    });
  }
  const [i, j, k] = useAutomaton ? automatonSearch(p, s, alo, ahi, blo, bhi) : tableSearch(p, s.table, alo, ahi, blo, bhi);
  return widen(p, alo, ahi, blo, bhi, i, j, k);
}

/**
 * The same block from a suffix automaton of `b[blo .. bhi)`: Python's table keeps the first
 * row i whose longest run beats every earlier row, and in that row the smallest j; that is the
 * earliest-ending longest common substring of `a[alo .. ahi)`, at its first occurrence in `b`.
 * Junk and popular elements cannot be part of it: in `b` they become one separator symbol that
 * `a` never has, in `a` a symbol that matches nothing.
 */
function automatonSearch(
  p: EncodedPair,
  s: MatchScratch,
  alo: number,
  ahi: number,
  blo: number,
  bhi: number,
): [number, number, number] {
  if (s.aSymbols === undefined || s.bSymbols === undefined) {
    const { aIds, bIds, junk, popular, idCount } = p;
    const aSymbols = new Int32Array(aIds.length);
    for (let i = 0; i < aIds.length; i++) {
      const id = aIds[i]!;
      aSymbols[i] = junk[id] === 1 || popular[id] === 1 ? -1 : id;
    }
    const bSymbols = new Int32Array(bIds.length);
    for (let j = 0; j < bIds.length; j++) {
      const id = bIds[j]!;
      bSymbols[j] = junk[id] === 1 || popular[id] === 1 ? idCount : id;
    }
    s.aSymbols = aSymbols;
    s.bSymbols = bSymbols;
  }
  s.automaton ??= new SuffixAutomaton();
  s.automaton.build(s.bSymbols, blo, bhi);
  const [i, jFromBlo, k] = s.automaton.longestMatch(s.aSymbols, alo, ahi);
  return k === 0 ? [alo, blo, 0] : [i, blo + jFromBlo, k];
}

/** Python's four widening loops: equal non-junk neighbours first (both sides), then equal junk ones. */
function widen(
  p: EncodedPair,
  alo: number,
  ahi: number,
  blo: number,
  bhi: number,
  i: number,
  j: number,
  k: number,
): Match {
  let match: Match = { a: i, b: j, size: k };
  match = widenWhere(p, alo, ahi, blo, bhi, match, 0);
  return widenWhere(p, alo, ahi, blo, bhi, match, 1);
}

/** Grows a match backwards, then forwards, over equal elements whose junk flag in `b` is `junkFlag`. */
function widenWhere(p: EncodedPair, alo: number, ahi: number, blo: number, bhi: number, m: Match, junkFlag: 0 | 1): Match {
  const { aIds, bIds, junk } = p;
  let { a: besti, b: bestj, size: bestsize } = m;
  while (besti > alo && bestj > blo && junk[bIds[bestj - 1]!] === junkFlag && aIds[besti - 1] === bIds[bestj - 1]) {
    besti--;
    bestj--;
    bestsize++;
  }
  while (
    besti + bestsize < ahi &&
    bestj + bestsize < bhi &&
    junk[bIds[bestj + bestsize]!] === junkFlag &&
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
export function matchingBlocks(p: EncodedPair, s: MatchScratch): Match[] {
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
