/** Builds the in-memory index of a repository: retrieval terms, definitions, path lookup and file graph. */
import { buildBm25, type Bm25Index } from "./bm25.js";
import { fileRole } from "./file-role.js";
import { buildFileGraph } from "./file-graph.js";
import { ImportResolver } from "./import-resolver.js";
import type { FileGraph } from "./pagerank.js";
import { PathLookup } from "./path-lookup.js";
import { regexTagger } from "./regex-tagger.js";
import { codeTerms } from "./tokenize.js";
import type { Definition, FileRole, SourceFile, Tagger } from "./types.js";

/** Extensions of source code worth tagging for definitions. */
const CODE_EXT =
  /\.(py|pyi|pyx|js|jsx|mjs|cjs|ts|tsx|mts|cts|go|rs|java|kt|kts|scala|groovy|c|h|cc|cpp|cxx|hpp|hh|cs|rb|php|swift|m|mm|lua|pl|pm|r|jl|ex|exs|erl|hs|ml|clj|dart|vue|svelte|sh|bash)$/i;

export interface LocateIndex {
  readonly files: readonly SourceFile[];
  readonly lookup: PathLookup;
  readonly roles: readonly FileRole[];
  readonly bm25: Bm25Index;
  readonly defs: readonly (readonly Definition[])[];
  /** Name → files that define it. */
  readonly definers: ReadonlyMap<string, readonly number[]>;
  readonly graph: FileGraph;
}

export interface BuildIndexOptions {
  /** Tags source files (tree-sitter in production); tests and unsupported languages fall back to regexes. */
  tagger?: Tagger;
}

/** Indexes the files (paths must be unique). Pure and synchronous once a tagger is loaded. */
export function buildIndex(files: readonly SourceFile[], options: BuildIndexOptions = {}): LocateIndex {
  const tagger = options.tagger ?? regexTagger;
  const paths = files.map((f) => f.path);
  const lookup = new PathLookup(paths);
  const roles = paths.map(fileRole);
  const bm25 = buildBm25(
    (function* () {
      for (const f of files) yield [...codeTerms(f.path.replace(/[/.\-]/g, " ")), ...codeTerms(f.text)];
    })(),
  );
  const defs: Definition[][] = [];
  const refs: string[][] = [];
  const imports: string[][] = [];
  const definers = new Map<string, number[]>();
  files.forEach((file, i) => {
    if (!CODE_EXT.test(file.path)) {
      defs.push([]);
      refs.push([]);
      imports.push([]);
      return;
    }
    // Tests are tagged by regexes: cheaper, and their definitions rarely matter for a fix.
    const tags = (roles[i] === "test" ? null : tagger.tag(file.path, file.text)) ?? regexTagger.tag(file.path, file.text);
    defs.push(tags?.defs ?? []);
    refs.push(tags?.refs ?? []);
    imports.push(tags?.imports ?? []);
    const seen = new Set<string>();
    for (const d of tags?.defs ?? []) {
      if (seen.has(d.name)) continue;
      seen.add(d.name);
      const list = definers.get(d.name);
      if (list === undefined) definers.set(d.name, [i]);
      else list.push(i);
    }
  });
  const graph = buildFileGraph({ paths, imports, refs, definers, resolver: new ImportResolver(lookup) });
  return { files, lookup, roles, bm25, defs, definers, graph };
}
