import type { ChangeStats } from "../mine/mined-record.js";

/**
 * How hard a change is to reproduce, from its size alone:
 *
 *     difficulty = log2(1 + lines) + 1.5 · log2(files) + log2(hunks)
 *
 * where lines = added + removed lines, files = changed files, hunks = diff hunks (3 lines of
 * context), each at least 1. Logarithms because the tenth changed line adds less than the
 * first; files weigh 1.5 because each extra file is also a locate problem; hunks count the
 * separate places to find in a file. A one-line fix scores 1; one file, one hunk, 10 lines
 * about 3.5; three files, six hunks, 60 lines about 10.9.
 * Rounded to 3 decimals so that records files are stable across platforms.
 */
export function difficultyOf(stats: ChangeStats): number {
  const lines = stats.lines_added + stats.lines_removed;
  const score = Math.log2(1 + lines) + 1.5 * Math.log2(Math.max(1, stats.files)) + Math.log2(Math.max(1, stats.hunks));
  return Math.round(score * 1000) / 1000;
}
