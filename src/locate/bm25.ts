/** Okapi BM25 over whole files, with compact postings (typed arrays) so large repositories fit. */

export interface Bm25Options {
  k1?: number;
  b?: number;
}

export interface Bm25Index {
  readonly docCount: number;
  readonly termIds: ReadonlyMap<string, number>;
  readonly postingDocs: readonly Int32Array[];
  readonly postingFreqs: readonly Uint16Array[];
  readonly docLengths: Float32Array;
  readonly avgDocLength: number;
  readonly k1: number;
  readonly b: number;
}

/** Indexes each document's terms (documents are identified by their position). */
export function buildBm25(docs: Iterable<readonly string[]>, options: Bm25Options = {}): Bm25Index {
  const termIds = new Map<string, number>();
  const docsOf: number[][] = [];
  const freqsOf: number[][] = [];
  const lengths: number[] = [];
  const counts = new Map<number, number>();
  let doc = 0;
  for (const terms of docs) {
    counts.clear();
    for (const term of terms) {
      let id = termIds.get(term);
      if (id === undefined) {
        id = termIds.size;
        termIds.set(term, id);
        docsOf.push([]);
        freqsOf.push([]);
      }
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const [id, tf] of counts) {
      (docsOf[id] as number[]).push(doc);
      (freqsOf[id] as number[]).push(Math.min(tf, 65535));
    }
    lengths.push(terms.length);
    doc++;
  }
  const total = lengths.reduce((a, b) => a + b, 0);
  return {
    docCount: doc,
    termIds,
    postingDocs: docsOf.map((d) => Int32Array.from(d)),
    postingFreqs: freqsOf.map((f) => Uint16Array.from(f)),
    docLengths: Float32Array.from(lengths),
    avgDocLength: doc === 0 ? 0 : total / doc,
    k1: options.k1 ?? 1.2,
    b: options.b ?? 0.75,
  };
}

export function inverseDocumentFrequency(index: Bm25Index, term: string): number {
  const id = index.termIds.get(term);
  const df = id === undefined ? 0 : (index.postingDocs[id]?.length ?? 0);
  return Math.log(1 + (index.docCount - df + 0.5) / (df + 0.5));
}

/** Query term weights: a repeated term counts with diminishing weight (1 + ln count). */
export function termWeights(queryTerms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of queryTerms) counts.set(t, (counts.get(t) ?? 0) + 1);
  for (const [t, c] of counts) counts.set(t, 1 + Math.log(c));
  return counts;
}

/** Scores every document for the query terms. */
export function scoreBm25(index: Bm25Index, queryTerms: readonly string[]): Float64Array {
  return scoreBm25Weighted(index, termWeights(queryTerms));
}

/** Scores every document for weighted query terms (term → weight multiplying its IDF). */
export function scoreBm25Weighted(index: Bm25Index, query: ReadonlyMap<string, number>): Float64Array {
  const scores = new Float64Array(index.docCount);
  const { k1, b, avgDocLength, docLengths } = index;
  for (const [term, queryWeight] of query) {
    const id = index.termIds.get(term);
    if (id === undefined || queryWeight <= 0) continue;
    const docs = index.postingDocs[id] as Int32Array;
    const freqs = index.postingFreqs[id] as Uint16Array;
    const idf = Math.log(1 + (index.docCount - docs.length + 0.5) / (docs.length + 0.5));
    const weight = idf * queryWeight;
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i] as number;
      const tf = freqs[i] as number;
      const norm = k1 * (1 - b + (b * (docLengths[d] as number)) / (avgDocLength || 1));
      scores[d] = (scores[d] as number) + (weight * (tf * (k1 + 1))) / (tf + norm);
    }
  }
  return scores;
}
