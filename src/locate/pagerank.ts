/** A weighted directed graph of files (compressed rows) and personalised PageRank over it. */

export interface FileGraph {
  readonly nodeCount: number;
  /** Out-edges of node i are targets[start[i] .. start[i+1]). */
  readonly start: Int32Array;
  readonly targets: Int32Array;
  readonly weights: Float32Array;
}

/** Builds the compressed graph from accumulated edge weights (source → target → weight). */
export function compressGraph(nodeCount: number, edges: ReadonlyMap<number, ReadonlyMap<number, number>>): FileGraph {
  let total = 0;
  for (const out of edges.values()) total += out.size;
  const start = new Int32Array(nodeCount + 1);
  const targets = new Int32Array(total);
  const weights = new Float32Array(total);
  let k = 0;
  for (let i = 0; i < nodeCount; i++) {
    start[i] = k;
    const out = edges.get(i);
    if (out === undefined) continue;
    for (const [t, w] of out) {
      targets[k] = t;
      weights[k] = w;
      k++;
    }
  }
  start[nodeCount] = k;
  return { nodeCount, start, targets, weights };
}

export interface PageRankOptions {
  /** The probability of following an edge rather than jumping back to the personalisation (0.85, as networkx). */
  damping?: number;
  iterations?: number;
  tolerance?: number;
}

/**
 * Personalised PageRank: random walks that restart at the personalisation vector (need not be normalised);
 * dangling nodes also restart there. Returns scores summing to 1, or all zeros for an empty personalisation.
 */
export function personalisedPageRank(graph: FileGraph, personalisation: Float64Array, options: PageRankOptions = {}): Float64Array {
  const n = graph.nodeCount;
  const alpha = options.damping ?? 0.85;
  const iterations = options.iterations ?? 50;
  const tolerance = options.tolerance ?? 1e-9;
  const p = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.max(0, personalisation[i] ?? 0);
  if (sum === 0) return p;
  for (let i = 0; i < n; i++) p[i] = Math.max(0, personalisation[i] ?? 0) / sum;
  const outWeight = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let w = 0;
    for (let k = graph.start[i] as number; k < (graph.start[i + 1] as number); k++) w += graph.weights[k] as number;
    outWeight[i] = w;
  }
  let rank = Float64Array.from(p);
  let next = new Float64Array(n);
  for (let it = 0; it < iterations; it++) {
    let dangling = 0;
    next.fill(0);
    for (let i = 0; i < n; i++) {
      const r = rank[i] as number;
      if (r === 0) continue;
      const w = outWeight[i] as number;
      if (w === 0) {
        dangling += r;
        continue;
      }
      for (let k = graph.start[i] as number; k < (graph.start[i + 1] as number); k++) {
        const t = graph.targets[k] as number;
        next[t] = (next[t] as number) + (alpha * r * (graph.weights[k] as number)) / w;
      }
    }
    let delta = 0;
    for (let i = 0; i < n; i++) {
      const v = (next[i] as number) + (1 - alpha + alpha * dangling) * (p[i] as number);
      delta += Math.abs(v - (rank[i] as number));
      next[i] = v;
    }
    [rank, next] = [next, rank];
    if (delta < tolerance) break;
  }
  return rank;
}
