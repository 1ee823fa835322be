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
  /** Makes room for `more` values past the current length. */
  reserve(more: number): Int32Array<ArrayBuffer> {
    if (this.length + more > this.data.length) {
      const grown = new Int32Array(Math.max(this.length + more, this.data.length * 2));
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    return this.data;
  }
  push(value: number): void {
    this.reserve(1)[this.length++] = value;
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
  /** The distinct ids of the document being added, in order of first appearance. */
  #touched = new Int32Array(1024);

  /**
   * Adds one document made of ids[start..end) (after `prefix`, when given: a document of two parts, such as
   * a file's path words and its text). Returns its document number.
   */
  add(ids: ArrayLike<number>, start = 0, end = ids.length, prefix?: ArrayLike<number>): number {
    const doc = this.#lengths.length;
    let distinct = 0;
    let length = end - start;
    for (let part = prefix === undefined ? 1 : 0; part < 2; part++) {
      const from = part === 0 ? 0 : start;
      const to = part === 0 ? (prefix as ArrayLike<number>).length : end;
      const source = part === 0 ? (prefix as ArrayLike<number>) : ids;
      if (part === 0) length += to;
      let counts = this.#counts;
      let touched = this.#touched;
      for (let k = from; k < to; k++) {
        const id = source[k] as number;
        if (id >= counts.length) counts = this.#growCounts(id);
        const c = counts[id] as number;
        if (c === 0) {
          if (distinct === touched.length) touched = this.#growTouched();
          touched[distinct++] = id;
        }
        counts[id] = c + 1;
      }
    }
    const counts = this.#counts;
    const touched = this.#touched;
    const base = this.#terms.length;
    const terms = this.#terms.reserve(distinct);
    const docs = this.#docs.reserve(distinct);
    const freqs = this.#freqs.reserve(distinct);
    for (let k = 0; k < distinct; k++) {
      const id = touched[k] as number;
      terms[base + k] = id;
      docs[base + k] = doc;
      freqs[base + k] = Math.min(counts[id] as number, 65535);
      counts[id] = 0;
    }
    this.#terms.length = this.#docs.length = this.#freqs.length = base + distinct;
    this.#lengths.push(length);
    return doc;
  }

  #growCounts(id: number): Int32Array<ArrayBuffer> {
    const grown = new Int32Array(Math.max(id + 1, this.#counts.length * 2));
    grown.set(this.#counts);
    this.#counts = grown;
    return grown;
  }

  #growTouched(): Int32Array<ArrayBuffer> {
    const grown = new Int32Array(this.#touched.length * 2);
    grown.set(this.#touched);
    this.#touched = grown;
    return grown;
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
