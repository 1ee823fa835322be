/**
 * Fetches one branch into a repository the app holds (in memory or on disk) with the app's
 * own upload-pack client, as `git fetch --depth <n> origin <branch>` does from a shallow
 * clone: it names its shallow commits, says which commits it has (its head, and the branches
 * it fetched or pushed) and asks for a thin pack, so the server sends only what those lack,
 * with deltas on objects already here. The pack is completed with those bases (thin-pack.ts),
 * indexed (pack-indexer.ts) and stored beside the clone's, and the shallow file follows the
 * server's word on where the history now stops.
 */
import git from "./isomorphic-git.js";
import { OBJECT_TYPES } from "./pack-format.js";
import { PackIndexer, type BaseObject } from "./pack-indexer.js";
import { withToken, type Remote } from "./remote.js";
import type { ObjectStore } from "./tree-writer.js";
import { fetchPack, listRefs, type ShallowUpdate } from "./upload-pack.js";

/** The most commits offered as haves, as git's first round of negotiation does. */
const MAX_HAVES = 256;
/** The most commits walked to see whether the history asked for is here already. */
const MAX_LOCAL_WALK = 1_000;

interface Files {
  readFile(path: string, encoding: "utf8"): Promise<string>;
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  unlink(path: string): Promise<void>;
}

function filesOf(store: ObjectStore): Files {
  if (!("promises" in store.fs)) throw new Error("the repository's file system has no promise API");
  return store.fs.promises as unknown as Files;
}

/**
 * The head of `branch` on the remote after fetching its last `depth` commits; null when the remote
 * has no such branch. A full ref (`refs/pull/7/head`, which GitHub keeps after the branch is gone)
 * is fetched as it is named.
 */
export async function fetchBranchInto(store: ObjectStore, remote: Remote, branch: string, depth: number, head: string): Promise<string | null> {
  const ref = branch.startsWith("refs/") ? branch : `refs/heads/${branch}`;
  const tip = await withToken(remote, async (headers) => {
    const ad = await listRefs(remote.url.replace(/\/+$/, ""), headers);
    const tip = ad.refs.get(ref);
    if (tip === undefined) return null;
    const shallow = await readShallow(store);
    if (await hasHistory(store, tip, depth, new Set(shallow))) return tip;
    const haves = await knownCommits(store, head);
    const indexer = new PackIndexer(remote.limits);
    const update = await fetchPack(ad, headers, { want: tip, depth, shallow, haves }, (data) => indexer.push(data));
    const { pack, idx, checksum, objects } = await indexer.finish((oid) => readBase(store, oid));
    if (objects > 0) {
      const files = filesOf(store);
      await files.writeFile(`${store.gitdir}/objects/pack/pack-${checksum}.pack`, pack);
      await files.writeFile(`${store.gitdir}/objects/pack/pack-${checksum}.idx`, idx);
    }
    await writeShallow(store, await movedShallow(store, shallow, update));
    return tip;
  });
  if (tip !== null && ref.startsWith("refs/heads/")) await git.writeRef({ fs: store.fs, gitdir: store.gitdir, ref: `refs/remotes/origin/${branch}`, value: tip, force: true });
  return tip;
}

async function readShallow(store: ObjectStore): Promise<string[]> {
  try {
    const text = await filesOf(store).readFile(`${store.gitdir}/shallow`, "utf8");
    return text.split("\n").filter((line) => /^[0-9a-f]{40}$/.test(line));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
}

async function writeShallow(store: ObjectStore, shallow: readonly string[]): Promise<void> {
  const files = filesOf(store);
  const path = `${store.gitdir}/shallow`;
  if (shallow.length > 0) await files.writeFile(path, shallow.map((oid) => `${oid}\n`).join(""));
  else await files.unlink(path).catch(() => undefined);
}

/**
 * The shallow file after a fetch: the commits the server took back out of it, out; those it
 * says end the history now, in, unless their parents are here (history fetched before).
 */
async function movedShallow(store: ObjectStore, before: readonly string[], update: ShallowUpdate): Promise<string[]> {
  const unshallow = new Set(update.unshallow);
  const after = new Set(before.filter((oid) => !unshallow.has(oid)));
  for (const oid of update.shallow) {
    if (after.has(oid)) continue;
    const parents = await commitParents(store, oid);
    if (parents === null || !(await allPresent(store, parents))) after.add(oid);
  }
  return [...after];
}

async function commitParents(store: ObjectStore, oid: string): Promise<string[] | null> {
  try {
    return (await git.readCommit({ fs: store.fs, gitdir: store.gitdir, oid, cache: store.cache })).commit.parent;
  } catch {
    return null;
  }
}

async function allPresent(store: ObjectStore, oids: readonly string[]): Promise<boolean> {
  for (const oid of oids) if ((await commitParents(store, oid)) === null) return false;
  return true;
}

/** Whether `tip` and its history `depth` commits deep are here, none but the last ones cut off by the shallow file. */
async function hasHistory(store: ObjectStore, tip: string, depth: number, shallow: ReadonlySet<string>): Promise<boolean> {
  let level = [tip];
  let walked = 0;
  for (let d = 1; level.length > 0; d++) {
    const next: string[] = [];
    for (const oid of level) {
      if (++walked > MAX_LOCAL_WALK) return false;
      const parents = await commitParents(store, oid);
      if (parents === null) return false;
      if (d < depth) {
        if (shallow.has(oid)) return false;
        next.push(...parents);
      }
    }
    level = [...new Set(next)];
  }
  return true;
}

/** The commits this repository has with their history (down to its shallow ones): its head and its branches'. */
async function knownCommits(store: ObjectStore, head: string): Promise<string[]> {
  const { fs, gitdir } = store;
  const refs = [...(await git.listBranches({ fs, gitdir })).map((b) => `refs/heads/${b}`), ...(await git.listBranches({ fs, gitdir, remote: "origin" })).map((b) => `refs/remotes/origin/${b}`)];
  const oids = new Set([head]);
  for (const ref of refs) {
    if (oids.size >= MAX_HAVES) break;
    const oid = await git.resolveRef({ fs, gitdir, ref }).catch(() => null);
    if (oid !== null && (await commitParents(store, oid)) !== null) oids.add(oid);
  }
  return [...oids];
}

/** A delta base of a thin pack, read from this repository; null when it is not here. */
async function readBase(store: ObjectStore, oid: string): Promise<BaseObject | null> {
  try {
    const { type, object } = await git.readObject({ fs: store.fs, gitdir: store.gitdir, oid, format: "content", cache: store.cache });
    const number = OBJECT_TYPES.findIndex((name) => name !== "" && name === type);
    if (!(object instanceof Uint8Array) || number < 0) return null;
    return { type: number, data: Buffer.from(object.buffer, object.byteOffset, object.byteLength) };
  } catch (err) {
    if (err instanceof git.Errors.NotFoundError) return null;
    throw err;
  }
}
