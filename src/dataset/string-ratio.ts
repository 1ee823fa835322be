import { SequenceMatcher } from "./sequence-matcher.js";

/** A string's code points, the elements Python's difflib sees (lone surrogates included). */
export function codePoints(text: string): string[] {
  return Array.from(text);
}

export interface StringRatioOptions {
  /** Python's default is true; SWE-RL's character-level similarity turns it off. */
  autojunk?: boolean;
}

/** `difflib.SequenceMatcher(None, a, b, autojunk).ratio()` over code points. */
export function stringRatio(a: string, b: string, options: StringRatioOptions = {}): number {
  return new SequenceMatcher(codePoints(a), codePoints(b), { autojunk: options.autojunk ?? true }).ratio();
}

/**
 * The number of steps the first longest-match search over the whole of `a` and `b` takes: the
 * pairs (i, j) with a[i] == b[j], popular elements of `b` excluded. Deeper searches work on
 * disjoint parts, so each level of the recursion costs at most this much. Linear time.
 */
export function matchWork(a: string, b: string, options: StringRatioOptions = {}): number {
  const bCount = new Map<string, number>();
  const bPoints = codePoints(b);
  for (const c of bPoints) bCount.set(c, (bCount.get(c) ?? 0) + 1);
  const n = bPoints.length;
  const ntest = Math.floor(n / 100) + 1;
  const autojunk = (options.autojunk ?? true) && n >= 200;
  let work = 0;
  for (const c of codePoints(a)) {
    const count = bCount.get(c) ?? 0;
    if (!(autojunk && count > ntest)) work += count;
  }
  return work;
}

/** Work above which `cappedStringRatio` refuses: about a second of CPU for this port. */
export const DEFAULT_MAX_MATCH_WORK = 200_000_000;

export type CappedRatio =
  | { readonly kind: "ratio"; readonly ratio: number }
  | { readonly kind: "too-large"; readonly work: number; readonly maxWork: number };

/**
 * `stringRatio` for inputs of unknown size on the event loop: refuses, as a value, when the first
 * search level alone would exceed `maxWork` steps (see `matchWork`). The whole run can take a
 * few times the first level; run it in a worker (`ratio-in-worker.ts`) when it must not block.
 */
export function cappedStringRatio(
  a: string,
  b: string,
  options: StringRatioOptions & { maxWork?: number } = {},
): CappedRatio {
  const maxWork = options.maxWork ?? DEFAULT_MAX_MATCH_WORK;
  const work = matchWork(a, b, options);
  if (work > maxWork) return { kind: "too-large", work, maxWork };
  return { kind: "ratio", ratio: stringRatio(a, b, options) };
}
