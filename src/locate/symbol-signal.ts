/** Signal: files that define the classes and functions the issue names. */
import { inverseDocumentFrequency, type Bm25Index } from "./bm25.js";
import { splitIdentifier, stem, trimUnderscores } from "./tokenize.js";

export interface SymbolContext {
  /** The files defining a name. */
  definers: (name: string) => readonly number[];
  /** The content index, for how common a name is across the repository (its IDF). */
  bm25: Bm25Index;
}

/** The retrieval term of an identifier, as `codeTerms` would produce it. */
function termOf(name: string): string {
  return splitIdentifier(name).length > 1 ? trimUnderscores(name.toLowerCase()) : stem(name.toLowerCase());
}

/**
 * How much a mentioned name points at each file defining it, in [0, 1]: its IDF relative to the highest
 * possible (a name used in one file scores near 1, one used everywhere near 0), shared among its definers.
 * A file's evidence from several names combines as a noisy-or, so it stays in [0, 1] and is comparable
 * across issues: a rare name defined once is strong evidence, `run` defined in twelve files is not.
 */
export function symbolScores(mentioned: ReadonlyMap<string, number>, context: SymbolContext): Map<number, number> {
  const miss = new Map<number, number>();
  const maxIdf = Math.log(1 + (context.bm25.docCount - 0.5) / 1.5);
  if (maxIdf <= 0) return new Map();
  for (const [name, weight] of mentioned) {
    const files = context.definers(name);
    if (files.length === 0) continue;
    const specificity = Math.min(1, inverseDocumentFrequency(context.bm25, termOf(name)) / maxIdf);
    const strength = Math.min(1, weight * specificity) / files.length;
    for (const f of files) miss.set(f, (miss.get(f) ?? 1) * (1 - strength));
  }
  const scores = new Map<number, number>();
  for (const [f, m] of miss) scores.set(f, 1 - m);
  return scores;
}
