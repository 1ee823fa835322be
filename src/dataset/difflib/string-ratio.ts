import { isStacksmithError } from "../../shared/errors.js";
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
 * Default step budget of `cappedStringRatio`. A step is one table cell or an eighth of an
 * automaton symbol, a few nanoseconds either way, so this is about a second of CPU. Realistic
 * patch pairs of 13 KB (autojunk off) take about a million steps, 50 KB about nine million.
 */
export const DEFAULT_MAX_STEPS = 200_000_000;

export type CappedRatio =
  | { readonly kind: "ratio"; readonly ratio: number }
  | { readonly kind: "too-large"; readonly maxSteps: number };

/**
 * `stringRatio` for inputs of unknown size on the event loop: gives up, as a value, once the
 * search has used `maxSteps` steps (see `SequenceMatcher`'s complexity note), so its running
 * time is bounded whatever the input's shape.
 */
export function cappedStringRatio(
  a: string,
  b: string,
  options: StringRatioOptions & { maxSteps?: number } = {},
): CappedRatio {
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const matcher = new SequenceMatcher(codePoints(a), codePoints(b), { autojunk: options.autojunk ?? true, maxSteps });
  try {
    return { kind: "ratio", ratio: matcher.ratio() };
  } catch (err) {
    if (isStacksmithError(err) && err.code === "INVALID_INPUT") return { kind: "too-large", maxSteps };
    throw err;
  }
}
