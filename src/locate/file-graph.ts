/** The dependency graph of files, as in aider's repo map: imports, and uses of names defined elsewhere. */
import type { ImportResolver } from "./import-resolver.js";
import { compressGraph, type FileGraph } from "./pagerank.js";

/** A name defined in more files than this says little about which one a user means. */
export const MAX_DEFINERS = 5;

export interface GraphInput {
  paths: readonly string[];
  imports: readonly (readonly string[])[];
  refs: readonly (readonly string[])[];
  definers: ReadonlyMap<string, readonly number[]>;
  resolver: ImportResolver;
}

/**
 * Edges point from a file to what it depends on. An import weighs 1; a used name defined in k other files
 * adds 1/k to each (names defined in more than MAX_DEFINERS files, or shorter than 3 characters, are ignored).
 */
export function buildFileGraph(input: GraphInput): FileGraph {
  const edges = new Map<number, Map<number, number>>();
  const add = (from: number, to: number, w: number): void => {
    if (from === to) return;
    let out = edges.get(from);
    if (out === undefined) {
      out = new Map();
      edges.set(from, out);
    }
    out.set(to, (out.get(to) ?? 0) + w);
  };
  input.paths.forEach((path, i) => {
    const imported = new Set<number>();
    for (const spec of input.imports[i] ?? []) for (const t of input.resolver.resolve(path, spec)) imported.add(t);
    for (const t of imported) add(i, t, 1);
    for (const name of input.refs[i] ?? []) {
      if (name.length < 3) continue;
      const defs = input.definers.get(name);
      if (defs === undefined || defs.length > MAX_DEFINERS || defs.includes(i)) continue;
      for (const d of defs) add(i, d, 1 / defs.length);
    }
  });
  return compressGraph(input.paths.length, edges);
}
