import { joinLines, splitLines, type Line } from "./lines.js";
import type { SimilarLines } from "./types.js";

const THRESHOLD = 0.6;
const CONTEXT = 3;
/** Scoring cost bound (search lines × file lines); longer SEARCH texts are scored on their first lines. */
const BUDGET = 4_000_000;

function bigrams(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + 1 < text.length; i++) {
    const gram = text.slice(i, i + 2);
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** Dice coefficient over character bigrams of the trimmed lines; 1 for equal lines. */
function similarity(a: string, b: string, aGrams: Map<string, number>, bGrams: Map<string, number>): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  let shared = 0;
  for (const [gram, count] of aGrams) shared += Math.min(count, bGrams.get(gram) ?? 0);
  return (2 * shared) / (a.length - 1 + (b.length - 1));
}

/**
 * The window of the file most like the SEARCH lines (mean line similarity at least 0.6),
 * with a few lines of context, for a "did you mean" hint. Null when nothing is close.
 */
export function findSimilarLines(content: string, search: string): SimilarLines | null {
  const file = splitLines(content);
  const wanted = splitLines(search).map((line) => line.text.trim());
  if (file.length === 0 || wanted.length === 0) return null;
  const rows = Math.max(1, Math.min(wanted.length, Math.floor(BUDGET / file.length)));
  const probe = wanted.slice(0, rows);
  const fileText = file.map((line) => line.text.trim());
  const fileGrams = fileText.map(bigrams);
  const probeGrams = probe.map(bigrams);
  const width = Math.min(wanted.length, file.length);
  let best = -1;
  let bestStart = 0;
  for (let start = 0; start + width <= file.length; start++) {
    let total = 0;
    const scored = Math.min(width, probe.length);
    for (let i = 0; i < scored; i++) {
      total += similarity(probe[i] as string, fileText[start + i] as string, probeGrams[i] as Map<string, number>, fileGrams[start + i] as Map<string, number>);
    }
    const score = total / scored;
    if (score > best) {
      best = score;
      bestStart = start;
    }
  }
  if (best < THRESHOLD) return null;
  const from = Math.max(0, bestStart - CONTEXT);
  const to = Math.min(file.length, bestStart + width + CONTEXT);
  const shown: Line[] = file.slice(from, to);
  return { startLine: bestStart + 1, endLine: bestStart + width, text: joinLines(shown), textStartLine: from + 1 };
}

/** True when the REPLACE lines (ignoring surrounding whitespace) already stand in the file, in a row. */
export function containsLines(content: string, replace: string): boolean {
  const wanted = splitLines(replace).map((line) => line.text.trim());
  if (wanted.every((line) => line === "")) return false;
  const file = splitLines(content).map((line) => line.text.trim());
  for (let start = 0; start + wanted.length <= file.length; start++) {
    if (wanted.every((line, i) => file[start + i] === line)) return true;
  }
  return false;
}
