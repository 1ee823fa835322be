import { joinLines, splitLines, type Line } from "./lines.js";
import type { SimilarLines } from "./types.js";

const THRESHOLD = 0.6;
const CONTEXT = 3;
/** Bigram signatures of 256 bits: a cheap estimate of line similarity for ranking windows. */
const WORDS = 8;

function bigrams(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + 1 < text.length; i++) {
    const gram = text.slice(i, i + 2);
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** Dice coefficient over character bigrams of two trimmed lines; 1 for equal lines. */
function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const bGrams = bigrams(b);
  let shared = 0;
  for (const [gram, count] of bigrams(a)) shared += Math.min(count, bGrams.get(gram) ?? 0);
  return (2 * shared) / (a.length - 1 + (b.length - 1));
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Each line's bigram set hashed into WORDS 32-bit words, and its number of set bits. */
function signatures(lines: readonly string[]): { bits: Uint32Array; counts: Uint16Array } {
  const bits = new Uint32Array(lines.length * WORDS);
  const counts = new Uint16Array(lines.length);
  lines.forEach((line, j) => {
    for (let i = 0; i + 1 < line.length; i++) {
      const hash = (Math.imul(line.charCodeAt(i), 31) + line.charCodeAt(i + 1)) & (WORDS * 32 - 1);
      bits[j * WORDS + (hash >>> 5)] = (bits[j * WORDS + (hash >>> 5)] as number) | (1 << (hash & 31));
    }
    let count = 0;
    for (let w = 0; w < WORDS; w++) count += popcount(bits[j * WORDS + w] as number);
    counts[j] = count;
  });
  return { bits, counts };
}

/**
 * The window of the file most like the SEARCH lines, with a few lines of context, for a
 * "did you mean" hint; null when its mean line similarity (Dice over character bigrams) is
 * under 0.6. Windows are ranked with hashed bigram signatures, then the best is scored exactly.
 */
export function findSimilarLines(content: string, search: string): SimilarLines | null {
  const file = splitLines(content);
  const wanted = splitLines(search).map((line) => line.text.trim());
  if (file.length === 0 || wanted.length === 0) return null;
  const fileText = file.map((line) => line.text.trim());
  const ids = new Map<string, number>();
  const idOf = (text: string): number => {
    let id = ids.get(text);
    if (id === undefined) ids.set(text, (id = ids.size));
    return id;
  };
  const fileIds = fileText.map(idOf);
  const wantedIds = wanted.map(idOf);
  const fileSig = signatures(fileText);
  const wantedSig = signatures(wanted);
  const width = Math.min(wanted.length, file.length);

  let best = -1;
  let bestStart = 0;
  for (let start = 0; start + width <= file.length; start++) {
    let total = 0;
    for (let i = 0; i < width; i++) {
      const j = start + i;
      if (fileIds[j] === wantedIds[i]) {
        total += 1;
        continue;
      }
      const size = (fileSig.counts[j] as number) + (wantedSig.counts[i] as number);
      if (size === 0) continue;
      let shared = 0;
      for (let w = 0; w < WORDS; w++) shared += popcount((fileSig.bits[j * WORDS + w] as number) & (wantedSig.bits[i * WORDS + w] as number));
      total += (2 * shared) / size;
    }
    if (total > best) {
      best = total;
      bestStart = start;
    }
  }
  let exact = 0;
  for (let i = 0; i < width; i++) exact += similarity(wanted[i] as string, fileText[bestStart + i] as string);
  if (exact / width < THRESHOLD) return null;
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
