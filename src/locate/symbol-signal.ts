/** Signal: files that define the classes and functions the issue names. */
import { inverseDocumentFrequency, type Bm25Index } from "./bm25.js";
import { splitIdentifier, stem } from "./tokenize.js";

export interface SymbolContext {
  definers: ReadonlyMap<string, readonly number[]>;
  /** The content index, for how common a name is across the repository (its IDF). */
  bm25: Bm25Index;
}

/** The retrieval term of an identifier, as `codeTerms` would produce it. */
function termOf(name: string): string {
  return splitIdentifier(name).length > 1 ? name.toLowerCase().replace(/^_+|_+$/g, "") : stem(name.toLowerCase());
}

/**
 * Each defining file gets, per mentioned name, weight × IDF(name) / (number of files defining it): a rare name
 * defined once is strong evidence, `run` defined in twelve files is not. Raw sums, not normalised.
 */
export function symbolScores(mentioned: ReadonlyMap<string, number>, context: SymbolContext): Map<number, number> {
  const scores = new Map<number, number>();
  for (const [name, weight] of mentioned) {
    const files = context.definers.get(name);
    if (files === undefined || files.length === 0) continue;
    const idf = inverseDocumentFrequency(context.bm25, termOf(name));
    const share = (weight * idf) / files.length;
    for (const f of files) scores.set(f, (scores.get(f) ?? 0) + share);
  }
  return scores;
}
