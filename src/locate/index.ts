/**
 * Locate: which files an issue is about.
 *
 * Stage 1 (no model): `indexWorkspace(workspace, commit)` (or `buildIndex(files, { tagger })`), then
 * `rankFiles(index, issueText)` ranks every file with per-signal scores, and `renderRepoMap(index, ranked, tokens)`
 * gives the model a compact map. Stage 2: `locateWithModel({ model, index, issue, ranked })` returns the files to
 * edit and to read, checked against the repository, with the model's usage.
 */
export { buildIndex, type BuildIndexOptions, type LocateIndex } from "./build-index.js";
export { BlobCache, DEFAULT_BLOB_CACHE_BYTES } from "./blob-cache.js";
export { indexWorkspace, type IndexedWorkspace, type IndexWorkspaceOptions } from "./index-workspace.js";
export { loadSourceFiles, type FileReader, type LoadFilesOptions, type LoadedFiles } from "./load-files.js";
export { locateWithModel, type LocateResult, type LocateStop, type LocateWithModelInput } from "./model-locate.js";
export { computeSignals, DEFAULT_ROLE_PRIOR, DEFAULT_WEIGHTS, rankFiles, type RankOptions, type SignalWeights } from "./rank.js";
export { estimateTokens, renderRepoMap, type RepoMapOptions } from "./repo-map.js";
export { createTreeSitterTagger, type TreeSitterTagger } from "./tree-sitter-tagger.js";
export { regexTagger } from "./regex-tagger.js";
export type { FileRole, RankedFile, SignalName, SignalScores, SourceFile, Tagger } from "./types.js";
