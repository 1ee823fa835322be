import git from "./isomorphic-git.js";
import type { FileChange } from "./workspace.js";
import { FILE_MODE } from "./workspace.js";

type IsoTreeEntry = { mode: string; path: string; oid: string; type: "commit" | "blob" | "tree" };

interface DirNode {
  files: Map<string, Uint8Array | null>;
  dirs: Map<string, DirNode>;
}

export interface ObjectStore {
  fs: Parameters<typeof git.readTree>[0]["fs"];
  gitdir: string;
  cache: object;
  /** When given, collects the oid of every object written through this store. */
  written?: Set<string>;
}

function emptyNode(): DirNode {
  return { files: new Map(), dirs: new Map() };
}

function toBytes(content: string | Uint8Array): Uint8Array {
  return typeof content === "string" ? Buffer.from(content, "utf8") : content;
}

function buildChangeTree(changes: readonly FileChange[]): DirNode {
  const root = emptyNode();
  for (const change of changes) {
    const parts = change.path.split("/");
    const name = parts.pop();
    if (name === undefined || name === "" || parts.some((p) => p === "" || p === "." || p === "..")) {
      throw new Error(`invalid path for a commit: ${JSON.stringify(change.path)}`);
    }
    let node = root;
    for (const part of parts) {
      let next = node.dirs.get(part);
      if (next === undefined) {
        next = emptyNode();
        node.dirs.set(part, next);
      }
      node = next;
    }
    node.files.set(name, change.content === null ? null : toBytes(change.content));
  }
  return root;
}

/** Writes the trees along the changed paths only; unchanged subtrees keep their oids. Returns null for an empty tree. */
async function rewrite(store: ObjectStore, treeOid: string | null, node: DirNode, prefix: string): Promise<string | null> {
  const entries = new Map<string, IsoTreeEntry>();
  if (treeOid !== null) {
    const { tree } = await git.readTree({ fs: store.fs, gitdir: store.gitdir, oid: treeOid, cache: store.cache });
    for (const entry of tree) entries.set(entry.path, entry);
  }
  for (const [name, content] of node.files) {
    const existing = entries.get(name);
    if (existing?.type === "tree") throw new Error(`${prefix}${name} is a directory, not a file`);
    if (content === null) {
      entries.delete(name);
      continue;
    }
    const oid = await git.writeBlob({ fs: store.fs, gitdir: store.gitdir, blob: content });
    store.written?.add(oid);
    const mode = existing?.mode === FILE_MODE.executable ? FILE_MODE.executable : FILE_MODE.file;
    entries.set(name, { mode, path: name, oid, type: "blob" });
  }
  for (const [name, child] of node.dirs) {
    const existing = entries.get(name);
    if (existing !== undefined && existing.type !== "tree") throw new Error(`${prefix}${name} is a file, not a directory`);
    const oid = await rewrite(store, existing?.oid ?? null, child, `${prefix}${name}/`);
    if (oid === null) entries.delete(name);
    else entries.set(name, { mode: FILE_MODE.tree, path: name, oid, type: "tree" });
  }
  if (entries.size === 0 && prefix !== "") return null;
  const oid = await git.writeTree({ fs: store.fs, gitdir: store.gitdir, tree: [...entries.values()] });
  store.written?.add(oid);
  return oid;
}

/** The oid of `baseTree` with `changes` applied. */
export async function writeTreeWithChanges(store: ObjectStore, baseTree: string, changes: readonly FileChange[]): Promise<string> {
  const oid = await rewrite(store, baseTree, buildChangeTree(changes), "");
  if (oid === null) throw new Error("unreachable: the root tree is always written");
  return oid;
}
