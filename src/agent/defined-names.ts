import { definedNames } from "../locate/build-index.js";
import { loadSourceFiles, type FileReader } from "../locate/load-files.js";
import { createTreeSitterTagger, grammarsFor } from "../locate/tree-sitter-tagger.js";
import type { SourceFile } from "../locate/types.js";

type Names = () => Promise<ReadonlySet<string>>;

/**
 * The names a commit's files define, read once per workspace and commit: the locate step leaves them
 * here from its index, and the static checks read them (only when an edit calls a name nothing in its
 * file explains).
 */
const memo = new WeakMap<FileReader, Map<string, Names>>();

/** Computes the names on the first call only. */
function once(make: () => Promise<ReadonlySet<string>>): Names {
  let names: Promise<ReadonlySet<string>> | undefined;
  return () => (names ??= make());
}

function entries(reader: FileReader): Map<string, Names> {
  let map = memo.get(reader);
  if (map === undefined) {
    map = new Map();
    memo.set(reader, map);
  }
  return map;
}

/** The names defined in these files, tagged with tree-sitter where it has a grammar. */
export async function namesDefinedIn(files: readonly SourceFile[]): Promise<Set<string>> {
  const tagger = await createTreeSitterTagger({ languages: grammarsFor(files.map((f) => f.path)) });
  return definedNames(files, tagger);
}

export function definedNamesAt(reader: FileReader, commit: string): Promise<ReadonlySet<string>> {
  const map = entries(reader);
  let names = map.get(commit);
  if (names === undefined) {
    names = once(() => loadSourceFiles(reader, commit).then(({ files }) => namesDefinedIn(files)));
    map.set(commit, names);
  }
  return names();
}

/** Keeps where a commit's names can be had without reading the files again (the locate index tags them on demand). */
export function rememberDefinedNames(reader: FileReader, commit: string, names: () => Iterable<string>): void {
  entries(reader).set(commit, once(() => Promise.resolve(new Set(names()))));
}
