/** Stage 1's I/O: read a commit's files through the Workspace port, then index them with tree-sitter tags. */
import { buildIndex, type LocateIndex } from "./build-index.js";
import { loadSourceFiles, type FileReader, type LoadFilesOptions, type LoadedFiles } from "./load-files.js";
import { createTreeSitterTagger, grammarsFor } from "./tree-sitter-tagger.js";

export interface IndexedWorkspace {
  index: LocateIndex;
  skipped: LoadedFiles["skipped"];
}

export async function indexWorkspace(reader: FileReader, commit: string, options: LoadFilesOptions = {}): Promise<IndexedWorkspace> {
  const { files, skipped } = await loadSourceFiles(reader, commit, options);
  const tagger = await createTreeSitterTagger({ languages: grammarsFor(files.map((f) => f.path)) });
  return { index: buildIndex(files, { tagger }), skipped };
}
