/** The baseline: plain BM25 over whole files with word tokens, no splitting, no other signal. */
import { buildBm25, scoreBm25, type Bm25Index } from "./bm25.js";
import { plainTerms } from "./tokenize.js";
import type { SourceFile } from "./types.js";

export interface PlainBm25 {
  paths: readonly string[];
  bm25: Bm25Index;
}

export function buildPlainBm25(files: readonly SourceFile[]): PlainBm25 {
  return { paths: files.map((f) => f.path), bm25: buildBm25(files.map((f) => plainTerms(f.text))) };
}

/** Paths by descending score; ties keep path order. */
export function rankPlainBm25(index: PlainBm25, issueText: string): string[] {
  const scores = scoreBm25(index.bm25, plainTerms(issueText));
  return index.paths
    .map((path, i) => ({ path, score: scores[i] as number }))
    .sort((a, b) => b.score - a.score || (a.path < b.path ? -1 : 1))
    .map((r) => r.path);
}
