/** Stage 1 of locate: rank every file for an issue by combining the signals, without a model. */
import { timed, type LocateIndex } from "./build-index.js";
import { scoreBm25Weighted } from "./bm25.js";
import { issueSections } from "./issue-sections.js";
import { mentionedIdentifiers } from "./issue-identifiers.js";
import { personalisedPageRank } from "./pagerank.js";
import { pathMentionScores } from "./path-mentions.js";
import { parseStackFrames } from "./stack-trace.js";
import { symbolScores } from "./symbol-signal.js";
import { codeTerms } from "./tokenize.js";
import { traceScores } from "./trace-signal.js";
import { SIGNALS, type FileRole, type RankedFile, type SignalName, type SignalScores } from "./types.js";

/**
 * The BM25 signal mixes passage and whole-file evidence (Callan, SIGIR 1994): the best 40-line window's score
 * (so one relevant function in a long module is not diluted) and the whole file's, each scaled to [0, 1].
 */
export const PASSAGE_SHARE = 0.75;
export type SignalWeights = Record<SignalName, number>;

/**
 * Every signal is in [0, 1], so a weight is that signal's full say. Lexical relevance is the base; each
 * explicit signal (a named path, a stack frame, a named symbol, a graph neighbour of those) can lift a file
 * by up to a quarter of the best lexical score: enough to reorder close candidates, not to promote a file
 * that the text does not support (issues name many files and symbols that are not where the fix goes).
 */
export const DEFAULT_WEIGHTS: SignalWeights = { bm25: 1, path: 0.25, trace: 0.25, symbol: 0.25, graph: 0.25 };

/** Multipliers by file role: fixes rarely live in tests or docs. */
export const DEFAULT_ROLE_PRIOR: Record<FileRole, number> = { source: 1, test: 0.3, doc: 0.3, support: 0.5 };

export interface RankOptions {
  weights?: Partial<SignalWeights>;
  rolePrior?: Partial<Record<FileRole, number>>;
  /** How many files to return (all by default). */
  limit?: number;
}

/** Each signal's raw scores for every file, scaled to [0, 1]. */
export function computeSignals(
  index: LocateIndex,
  issueText: string,
  clock: { now?: () => number; timings?: Record<string, number> } = {},
): Record<SignalName, Float64Array> {
  const n = index.files.length;
  const bm25 = timed(clock, "bm25", () => {
    const query = issueQuery(issueText);
    const whole = maxNormalise(scoreBm25Weighted(index.bm25, query));
    const chunks = scoreBm25Weighted(index.chunkBm25, query);
    const best = new Float64Array(n);
    for (let c = 0; c < chunks.length; c++) {
      const f = index.chunkFile[c] as number;
      if ((chunks[c] as number) > (best[f] as number)) best[f] = chunks[c] as number;
    }
    maxNormalise(best);
    for (let i = 0; i < n; i++) whole[i] = (1 - PASSAGE_SHARE) * (whole[i] as number) + PASSAGE_SHARE * (best[i] as number);
    return whole;
  });
  const path = timed(clock, "path", () => fromMap(n, pathMentionScores(issueText, index.lookup)));
  const defines = (file: number, name: string): boolean => index.tags.defines(file, name);
  const trace = timed(clock, "trace", () => fromMap(n, traceScores(parseStackFrames(issueText), { lookup: index.lookup, defines })));
  const symbol = timed(clock, "symbol", () => fromMap(n, symbolScores(mentionedIdentifiers(issueText), { definers: (name) => index.tags.definers(name), bm25: index.bm25 })));
  const graph = timed(clock, "graph", () => graphScores(index, path, trace));
  return { bm25, path, trace, symbol, graph };
}

export function rankFiles(index: LocateIndex, issueText: string, options: RankOptions = {}): RankedFile[] {
  const weights = { ...DEFAULT_WEIGHTS, ...options.weights };
  const prior = { ...DEFAULT_ROLE_PRIOR, ...options.rolePrior };
  return combineSignals(index, computeSignals(index, issueText), weights, prior, options.limit);
}

/**
 * Weighted sum of the signals, times the role prior; ties go to the higher BM25 score, then the path
 * (`tieBreak: "path"` skips BM25, to measure a signal truly alone).
 */
export function combineSignals(
  index: LocateIndex,
  signals: Record<SignalName, Float64Array>,
  weights: SignalWeights,
  prior: Record<FileRole, number>,
  limit?: number,
  tieBreak: "bm25" | "path" = "bm25",
): RankedFile[] {
  const ranked: RankedFile[] = index.files.map((file, i) => {
    const scores = {} as SignalScores;
    let score = 0;
    for (const s of SIGNALS) {
      const v = signals[s][i] as number;
      scores[s] = v;
      score += weights[s] * v;
    }

    const role = index.roles[i] as FileRole;
    return { path: file.path, score: score * prior[role], signals: scores, role };
  });
  const byBm25 = tieBreak === "bm25" ? 1 : 0;
  ranked.sort((a, b) => b.score - a.score || byBm25 * (b.signals.bm25 - a.signals.bm25) || (a.path < b.path ? -1 : 1));
  return limit === undefined ? ranked : ranked.slice(0, limit);
}

/**
 * The graph spreads the file-level evidence (files the issue names, files its stack traces pass through) along
 * dependencies, as aider's repo map does: personalised PageRank seeded with that evidence. (Seeding with
 * symbol matches as well spreads their noise: issues name many API symbols unrelated to the fix.)
 * A file's score is what reaches it along edges at the fixed point (not the restarts, which the other signals
 * already count), scaled so the best-reached file gets the strongest seed's score: weak evidence spreads
 * weakly, no evidence spreads nothing.
 */
export function graphScores(index: LocateIndex, ...evidence: Float64Array[]): Float64Array {
  const n = index.files.length;
  const seeds = new Float64Array(n);
  let strongest = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (const e of evidence) s = Math.max(s, e[i] as number);
    seeds[i] = s;
    total += s;
    strongest = Math.max(strongest, s);
  }
  if (total === 0) return new Float64Array(n);
  const damping = 0.85;
  const rank = personalisedPageRank(index.graph, seeds, { damping });
  // What flows in along edges at the fixed point (restarts and dangling mass returning to the seeds excluded).
  const { start, targets, weights } = index.graph;
  const inflow = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    const r = rank[u] as number;
    if (r === 0) continue;
    let out = 0;
    for (let k = start[u] as number; k < (start[u + 1] as number); k++) out += weights[k] as number;
    if (out === 0) continue;
    for (let k = start[u] as number; k < (start[u + 1] as number); k++) {
      const t = targets[k] as number;
      if (t !== u) inflow[t] = (inflow[t] as number) + (damping * r * (weights[k] as number)) / out;
    }
  }
  const scaled = maxNormalise(inflow);
  for (let i = 0; i < n; i++) scaled[i] = (scaled[i] as number) * strongest;
  return scaled;
}

/**
 * The BM25 query of an issue: each term weighs (1 + ln count) times the weight of the most trusted section
 * it appears in (title over prose over code over collapsed details).
 */
export function issueQuery(issueText: string): Map<string, number> {
  const counts = new Map<string, number>();
  const best = new Map<string, number>();
  for (const section of issueSections(issueText)) {
    for (const term of codeTerms(section.text)) {
      counts.set(term, (counts.get(term) ?? 0) + 1);
      best.set(term, Math.max(best.get(term) ?? 0, section.weight));
    }
  }
  const query = new Map<string, number>();
  for (const [term, c] of counts) query.set(term, (best.get(term) ?? 0) * (1 + Math.log(c)));
  return query;
}

function fromMap(n: number, map: ReadonlyMap<number, number>): Float64Array {
  const out = new Float64Array(n);
  for (const [i, v] of map) out[i] = v;
  return out;
}

function maxNormalise(values: Float64Array): Float64Array {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  if (max > 0) for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) / max;
  return values;
}
