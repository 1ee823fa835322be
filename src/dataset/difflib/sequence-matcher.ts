import { findLongestMatch, matchingBlocks, MatchScratch, type Match, type SearchStrategy } from "./longest-match.js";
import { groupOpcodes, opcodesFromBlocks, type Opcode } from "./opcodes.js";
import { encodePair, type EncodedPair, type EncodeOptions } from "./sequence-encoding.js";

export type { Match, SearchStrategy } from "./longest-match.js";
export type { Opcode, OpcodeTag } from "./opcodes.js";

export interface SequenceMatcherOptions<T> extends EncodeOptions<T> {
  /** How longest matches are searched; all give Python's results ("auto" picks the faster). */
  strategy?: SearchStrategy | undefined;
  /**
   * A budget of search steps for this matcher (default: none). Past it, `findLongestMatch` and
   * everything built on it throw a StacksmithError with code INVALID_INPUT.
   */
  maxSteps?: number | undefined;
}

/** Python's `_calculate_ratio`: 2M / T, and 1.0 for two empty sequences. */
export function calculateRatio(matches: number, length: number): number {
  return length > 0 ? (2.0 * matches) / length : 1.0;
}

/**
 * A port of CPython 3.11's `difflib.SequenceMatcher(isjunk, a, b, autojunk)` over any element
 * type (elements are compared as Map keys, so by SameValueZero). For text, pass code points
 * (`Array.from(text)`, see `string-ratio.ts`): Python counts code points, not UTF-16 units.
 *
 * Same results as CPython, including the autojunk heuristic (when `b` has at least 200 elements,
 * an element of `b` occurring more than `floor(len(b) / 100) + 1` times is "popular": it cannot
 * start a match, only extend one; `a` is never examined), the earliest-in-a-then-b tie-break of
 * `find_longest_match`, and the non-symmetry of `ratio`.
 *
 * Complexity. Elements are first mapped to small integer ids (linear, one Map lookup each).
 * `getMatchingBlocks` then runs Python's recursion: a longest-match search on the whole
 * rectangle, then on the parts left and right of each match found, so the rectangles of one
 * recursion level are disjoint. CPython's search costs one step per equal pair (i, j) in its
 * rectangle: up to len(a) * len(b) per level, which is what makes character-level comparison
 * without autojunk slow (every space pairs with every space). Here each search costs
 * about O(min(equal pairs, sides)): the same table while the pairs are few, otherwise a suffix
 * automaton of the `b` side, linear in the rectangle's sides (see `longest-match.ts`). One
 * level is therefore about O(len(a) + len(b)), and the whole run that times the recursion
 * depth: typically tens of levels, at worst min(len(a), len(b)) levels (inputs where every
 * match is a single element at one edge), i.e. quadratic, where CPython's table can cost
 * len(a) * len(b) per level. `maxSteps` bounds the
 * work; `cappedStringRatio` turns the overrun into a value, and `reward-in-worker.ts` moves the
 * whole reward off the event loop with a deadline.
 */
export class SequenceMatcher<T> {
  readonly a: readonly T[];
  readonly b: readonly T[];
  private readonly pair: EncodedPair;
  private readonly elements: readonly T[];
  private readonly strategy: SearchStrategy;
  private readonly maxSteps: number;
  private scratch: MatchScratch | undefined;
  private blocks: Match[] | undefined;
  private opcodes: Opcode[] | undefined;

  constructor(a: readonly T[], b: readonly T[], options: SequenceMatcherOptions<T> = {}) {
    this.a = a;
    this.b = b;
    const { pair, elements } = encodePair(a, b, options);
    this.pair = pair;
    this.elements = elements;
    this.strategy = options.strategy ?? "auto";
    this.maxSteps = options.maxSteps ?? Number.POSITIVE_INFINITY;
  }

  /** Elements of `b` that `isjunk` rejected (Python's `bjunk`). */
  get bjunk(): Set<T> {
    return this.elementsFlagged(this.pair.junk);
  }

  /** Elements of `b` removed by the autojunk heuristic (Python's `bpopular`). */
  get bpopular(): Set<T> {
    return this.elementsFlagged(this.pair.popular);
  }

  findLongestMatch(alo = 0, ahi = this.a.length, blo = 0, bhi = this.b.length): Match {
    this.scratch ??= new MatchScratch(this.b.length, this.strategy, this.maxSteps);
    return findLongestMatch(this.pair, this.scratch, alo, ahi, blo, bhi);
  }

  getMatchingBlocks(): readonly Match[] {
    this.scratch ??= new MatchScratch(this.b.length, this.strategy, this.maxSteps);
    this.blocks ??= matchingBlocks(this.pair, this.scratch);
    return this.blocks;
  }

  getOpcodes(): readonly Opcode[] {
    this.opcodes ??= opcodesFromBlocks(this.getMatchingBlocks());
    return this.opcodes;
  }

  getGroupedOpcodes(n = 3): Opcode[][] {
    return groupOpcodes(this.getOpcodes(), n);
  }

  /** Search steps spent so far (the unit of `maxSteps`). */
  stepsUsed(): number {
    return this.scratch?.steps ?? 0;
  }

  ratio(): number {
    let matches = 0;
    for (const block of this.getMatchingBlocks()) matches += block.size;
    return calculateRatio(matches, this.a.length + this.b.length);
  }

  /** An upper bound on `ratio()` from element counts alone. */
  quickRatio(): number {
    const { aIds, bCount } = this.pair;
    const avail = bCount.slice();
    let matches = 0;
    for (const id of aIds) {
      if (avail[id]! > 0) matches++;
      avail[id]! -= 1;
    }
    return calculateRatio(matches, this.a.length + this.b.length);
  }

  /** An upper bound on `ratio()` from lengths alone. */
  realQuickRatio(): number {
    const la = this.a.length;
    const lb = this.b.length;
    return calculateRatio(Math.min(la, lb), la + lb);
  }

  private elementsFlagged(flags: Uint8Array): Set<T> {
    const out = new Set<T>();
    flags.forEach((flag, id) => {
      if (flag === 1) out.add(this.elements[id] as T);
    });
    return out;
  }
}
