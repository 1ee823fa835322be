/** Stage 1's I/O: read a commit's files through the Workspace port, then index them with tree-sitter tags. */
import { BlobCache } from "./blob-cache.js";
import { buildIndex, type LocateIndex } from "./build-index.js";
import { loadSourceFiles, type FileReader, type LoadFilesOptions, type LoadedFiles } from "./load-files.js";
import { createTreeSitterTagger, grammarsFor } from "./tree-sitter-tagger.js";

export interface IndexedWorkspace {
  index: LocateIndex;
  skipped: LoadedFiles["skipped"];
}

export interface IndexWorkspaceOptions extends LoadFilesOptions {
  /** Terms and tags of blobs already seen (default: one cache for the process, DEFAULT_BLOB_CACHE_BYTES). */
  cache?: BlobCache;
}

/** Follow-up jobs on a repository re-index almost the same blobs; this process-wide cache spares them the work. */
const processCache = new BlobCache();

export async function indexWorkspace(reader: FileReader, commit: string, options: IndexWorkspaceOptions = {}): Promise<IndexedWorkspace> {
  const { files, skipped } = await loadSourceFiles(reader, commit, options);
  const tagger = await createTreeSitterTagger({ languages: grammarsFor(files.map((f) => f.path)) });
  return { index: buildIndex(files, { tagger, cache: options.cache ?? processCache }), skipped };
}
