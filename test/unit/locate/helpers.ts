import { buildIndex, type LocateIndex } from "../../../src/locate/build-index.js";
import type { SourceFile, Tagger } from "../../../src/locate/types.js";

/** Builds an index from `{ path: text }` (regex tagger unless one is given). */
export function indexOf(files: Record<string, string>, tagger?: Tagger): LocateIndex {
  const list: SourceFile[] = Object.entries(files).map(([path, text]) => ({ path, text }));
  return buildIndex(list, tagger === undefined ? {} : { tagger });
}
