import git from "./isomorphic-git.js";
import type { ObjectStore } from "./tree-writer.js";
import { FILE_MODE } from "./workspace.js";

/** One path whose entry differs between two trees; null oid and mode: absent on that side. */
export interface TreeChange {
  path: string;
  oldOid: string | null;
  newOid: string | null;
  oldMode: string | null;
  newMode: string | null;
}

type Entry = { path: string; oid: string; mode: string; type: string };

async function entries(store: ObjectStore, oid: string | null): Promise<Map<string, Entry>> {
  if (oid === null) return new Map();
  const { tree } = await git.readTree({ fs: store.fs, gitdir: store.gitdir, oid, cache: store.cache });
  return new Map(tree.map((e) => [e.path, e]));
}

const isTree = (e: Entry | undefined): boolean => e !== undefined && (e.type === "tree" || e.mode === FILE_MODE.tree);

/**
 * The paths whose blobs differ between two trees (null: the empty tree), sorted by path.
 * Subtrees with equal oids are skipped without being read, so a commit costs the trees
 * along its changed paths only. A path that turns from a file into a folder (or back)
 * shows as the file's removal and the folder's files' addition.
 */
export async function diffTrees(store: ObjectStore, oldTree: string | null, newTree: string | null): Promise<TreeChange[]> {
  const out: TreeChange[] = [];
  const walk = async (a: string | null, b: string | null, prefix: string): Promise<void> => {
    if (a === b) return;
    const [left, right] = await Promise.all([entries(store, a), entries(store, b)]);
    const names = [...new Set([...left.keys(), ...right.keys()])].sort();
    for (const name of names) {
      const x = left.get(name);
      const y = right.get(name);
      const path = prefix + name;
      if (isTree(x) || isTree(y)) {
        await walk(isTree(x) ? (x?.oid ?? null) : null, isTree(y) ? (y?.oid ?? null) : null, `${path}/`);
        const fileX = isTree(x) ? undefined : x;
        const fileY = isTree(y) ? undefined : y;
        if (fileX !== undefined || fileY !== undefined) {
          out.push({ path, oldOid: fileX?.oid ?? null, newOid: fileY?.oid ?? null, oldMode: fileX?.mode ?? null, newMode: fileY?.mode ?? null });
        }
        continue;
      }
      if (x?.oid === y?.oid && x?.mode === y?.mode) continue;
      out.push({ path, oldOid: x?.oid ?? null, newOid: y?.oid ?? null, oldMode: x?.mode ?? null, newMode: y?.mode ?? null });
    }
  };
  await walk(oldTree, newTree, "");
  out.sort((p, q) => (p.path < q.path ? -1 : p.path > q.path ? 1 : 0));
  return out;
}
