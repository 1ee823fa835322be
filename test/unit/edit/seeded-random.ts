/** A small seeded PRNG (mulberry32) for property tests that replay the same cases every run. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[int(items.length)] as T;
    },
    chance: (p: number): boolean => next() < p,
  };
}

const WORDS = ["x = 1", "y = 2", "return x", "pass", "if x:", "else:", "def f():", "print(y)", "# note", "x = 1  # again", ""];

/** Random code-like lines from a small vocabulary, so repeats and near-misses are common. */
export function randomLines(random: Random, count: number): string[] {
  return Array.from({ length: count }, () => {
    const word = random.pick(WORDS);
    return word === "" ? "" : " ".repeat(4 * random.int(3)) + word;
  });
}

/** Joins lines into file text with the given line ending, optionally without a final one. */
export function toFile(lines: readonly string[], eol: "\n" | "\r\n", finalNewline: boolean): string {
  if (lines.length === 0) return "";
  return lines.join(eol) + (finalNewline ? eol : "");
}
