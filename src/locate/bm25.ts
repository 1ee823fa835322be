/** Okapi BM25 over whole files, with compact postings (typed arrays) so large repositories fit. */

export interface Bm25Options {
  k1?: number;
  b?: number;
}

export interface Bm25Index {
  readonly docCount: number;
  readonly termIds: ReadonlyMap<string, number>;
  /** Postings of term t are [postingStart[t], postingStart[t+1]) in postingDocs / postingFreqs (one flat array each). */
  readonly postingStart: Int32Array;
  readonly postingDocs: Int32Array;
  readonly postingFreqs: Uint16Array;
  readonly docLengths: Float32Array;
  readonly avgDocLength: number;
  readonly k1: number;
  readonly b: number;
}

/** A growable typed array, so building needs no per-term JavaScript arrays. */
class GrowableInt32 {
  data = new Int32Array(1 << 16);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
}

/**
 * Builds an index document by document from term ids (ids index a vocabulary the caller grows), so a file
 * tokenised once can feed several indexes (whole files and their passages). Postings are collected as
 * flat (term, doc, frequency) triples and sorted by term once at the end.
 */
export class Bm25Builder {
  readonly #terms = new GrowableInt32();
  readonly #docs = new GrowableInt32();
  readonly #freqs = new GrowableInt32();
  readonly #lengths = new GrowableInt32();
  #counts = new Int32Array(1024);
  readonly #touched: number[] = [];

  /** Adds one document made of ids[start..end). Returns its document number. */
  add(ids: ArrayLike<number>, start = 0, end = ids.length): number {
    const doc = this.#lengths.length;
    for (let k = start; k < end; k++) {
      const id = ids[k] as number;
      if (id >= this.#counts.length) {
        const grown = new Int32Array(Math.max(id + 1, this.#counts.length * 2));
        grown.set(this.#counts);
        this.#counts = grown;
      }
      if (this.#counts[id] === 0) this.#touched.push(id);
      this.#counts[id] = (this.#counts[id] as number) + 1;
    }
    for (const id of this.#touched) {
      this.#terms.push(id);
      this.#docs.push(doc);
      this.#freqs.push(Math.min(this.#counts[id] as number, 65535));
      this.#counts[id] = 0;
    }
    this.#touched.length = 0;
    this.#lengths.push(end - start);
    return doc;
  }

  finish(termIds: ReadonlyMap<string, number>, options: Bm25Options = {}): Bm25Index {
    const n = this.#lengths.length;
    const vocabulary = termIds.size;
    const total = this.#terms.length;
    const postingStart = new Int32Array(vocabulary + 1);
    for (let k = 0; k < total; k++) {
      const slot = (this.#terms.data[k] as number) + 1;
      postingStart[slot] = (postingStart[slot] as number) + 1;
    }
    for (let t = 0; t < vocabulary; t++) postingStart[t + 1] = (postingStart[t + 1] as number) + (postingStart[t] as number);
    const next = postingStart.slice(0, vocabulary);
    const postingDocs = new Int32Array(total);
    const postingFreqs = new Uint16Array(total);
    // Triples arrive in document order, so each term's postings stay sorted by document.
    for (let k = 0; k < total; k++) {
      const t = this.#terms.data[k] as number;
      const at = next[t] as number;
      next[t] = at + 1;
      postingDocs[at] = this.#docs.data[k] as number;
      postingFreqs[at] = this.#freqs.data[k] as number;
    }
    let lengthSum = 0;
    for (let d = 0; d < n; d++) lengthSum += this.#lengths.data[d] as number;
    return {
      docCount: n,
      termIds,
      postingStart,
      postingDocs,
      postingFreqs,
      docLengths: Float32Array.from(this.#lengths.data.subarray(0, n)),
      avgDocLength: n === 0 ? 0 : lengthSum / n,
      k1: options.k1 ?? 1.2,
      b: options.b ?? 0.75,
    };
  }
}

/** Indexes each document's terms (documents are identified by their position). */
export function buildBm25(docs: Iterable<readonly string[]>, options: Bm25Options = {}): Bm25Index {
  const termIds = new Map<string, number>();
  const builder = new Bm25Builder();
  for (const terms of docs) {
    const ids = terms.map((t) => {
      let id = termIds.get(t);
      if (id === undefined) {
        id = termIds.size;
        termIds.set(t, id);
      }
      return id;
    });
    builder.add(ids);
  }
  return builder.finish(termIds, options);
}

/** How many documents contain the term. */
export function documentFrequency(index: Bm25Index, term: string): number {
  const id = index.termIds.get(term);
  if (id === undefined || id + 1 >= index.postingStart.length) return 0;
  return (index.postingStart[id + 1] as number) - (index.postingStart[id] as number);
}

export function inverseDocumentFrequency(index: Bm25Index, term: string): number {
  const df = documentFrequency(index, term);
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
    if (id === undefined || queryWeight <= 0 || id + 1 >= index.postingStart.length) continue;
    const from = index.postingStart[id] as number;
    const to = index.postingStart[id + 1] as number;
    if (to === from) continue;
    const idf = Math.log(1 + (index.docCount - (to - from) + 0.5) / (to - from + 0.5));
    const weight = idf * queryWeight;
    for (let k = from; k < to; k++) {
      const d = index.postingDocs[k] as number;
      const tf = index.postingFreqs[k] as number;
      const norm = k1 * (1 - b + (b * (docLengths[d] as number)) / (avgDocLength || 1));
      scores[d] = (scores[d] as number) + (weight * (tf * (k1 + 1))) / (tf + norm);
    }
  }
  return scores;
}
