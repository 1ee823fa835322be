import type { FileEntry, Workspace } from "../../src/git/workspace.js";

/** A read-only workspace over a file map at commit "c0", for pure logic's tests. Modes default to plain files. */
export function workspaceOf(files: Record<string, string>, modes: Record<string, string> = {}): Workspace {
  const entries: FileEntry[] = Object.keys(files)
    .sort()
    .map((path) => ({ path, oid: path, mode: modes[path] ?? "100644" }));
  return {
    head: "c0",
    listFiles: async () => entries,
    readFile: async (_c, path) => (path in files ? Buffer.from(files[path] ?? "") : null),
    commit: async () => "c1",
    push: async () => undefined,
    fetchBranch: async () => null,
    hasCommit: async (oid) => oid === "c0",
    parentsOf: async () => null,
  };
}
