/** The agent's view of a repository: read trees at commits, write commits, push branches. */

export interface FileEntry {
  path: string;
  oid: string;
  /** Git mode: 100644 file, 100755 executable, 120000 symlink, 160000 submodule. */
  mode: string;
}

/** A file's new content, or null to delete it. */
export interface FileChange {
  path: string;
  content: string | Uint8Array | null;
}

export interface GitAuthor {
  name: string;
  email: string;
}

export interface CommitInput {
  parent: string;
  /** More parents, for a merge commit (the branch merged in). */
  mergeParents?: readonly string[];
  /** The commit whose tree the changes apply to; defaults to `parent`. */
  treeFrom?: string;
  changes: readonly FileChange[];
  message: string;
  author: GitAuthor;
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
}

export interface PushInput {
  branch: string;
  commit: string;
  /**
   * The lease: what the branch may be at on the remote now, the app's own pushes to it (null:
   * the branch may not exist yet). A branch at anything else is left alone.
   */
  expect: ReadonlyArray<string | null>;
}

export interface Workspace {
  /** The commit the clone started from (the default branch's head). */
  readonly head: string;
  /** Every file (blob, symlink or submodule entry) of the tree at a commit, sorted by path. */
  listFiles(commit: string): Promise<FileEntry[]>;
  /** A file's bytes at a commit, or null when the path is not a file there. */
  readFile(commit: string, path: string): Promise<Uint8Array | null>;
  commit(input: CommitInput): Promise<string>;
  push(input: PushInput): Promise<void>;
  /** Fetches a branch's (or a full ref's, `refs/pull/7/head`) last `depth` commits from the remote: its head, or null when it does not exist. */
  fetchBranch(branch: string, depth: number): Promise<string | null>;
  /** Whether the commit's objects are here (fetched or written). */
  hasCommit(oid: string): Promise<boolean>;
  /** A commit's parents, or null when the commit is not here (not fetched, or past a shallow fetch's depth). */
  parentsOf(oid: string): Promise<string[] | null>;
}

export const FILE_MODE = { file: "100644", executable: "100755", symlink: "120000", submodule: "160000", tree: "040000" } as const;
