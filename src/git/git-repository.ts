import git from "./isomorphic-git.js";
import { StacksmithError } from "../shared/errors.js";
import { fetchBranchInto } from "./fetch-branch.js";
import { GitHttpError } from "./git-http.js";
import { PackTooLargeError } from "./pack-format.js";
import { writePack, type PackObject } from "./pack-writer.js";
import { assertPushable } from "./push-guard.js";
import { withToken, type Remote } from "./remote.js";
import { listPushRefs, RefUpdateRejected, sendPack, ZERO_OID } from "./receive-pack.js";
import { diffTrees, type TreeChange } from "./tree-diff.js";
import { writeTreeWithChanges, type ObjectStore } from "./tree-writer.js";
import type { CommitInput, FileEntry, PushInput, Workspace } from "./workspace.js";
import { FILE_MODE } from "./workspace.js";

export { basicAuthHeader, type Remote } from "./remote.js";

/** A commit as history readers need it. Times are seconds since the epoch. */
export interface CommitInfo {
  oid: string;
  tree: string;
  parents: string[];
  message: string;
  author: { name: string; email: string; timestamp: number };
  committer: { name: string; email: string; timestamp: number };
}

/** A git object database (in memory or on disk) read and written through isomorphic-git. */
export class GitRepository implements Workspace {
  readonly head: string;
  readonly #store: ObjectStore;
  readonly #remote: Remote | undefined;
  /** Objects this workspace wrote, and those of them a push has sent. */
  readonly #written = new Set<string>();
  readonly #sent = new Set<string>();

  constructor(store: ObjectStore, head: string, remote?: Remote) {
    this.#store = { ...store, written: this.#written };
    this.head = head;
    this.#remote = remote;
  }

  async resolveRef(ref: string): Promise<string> {
    return git.resolveRef({ fs: this.#store.fs, gitdir: this.#store.gitdir, ref });
  }

  async listFiles(commit: string): Promise<FileEntry[]> {
    const files: FileEntry[] = [];
    const { fs, gitdir, cache } = this.#store;
    const walk = async (oid: string, prefix: string): Promise<void> => {
      const { tree } = await git.readTree({ fs, gitdir, oid, cache });
      for (const entry of tree) {
        const path = prefix + entry.path;
        if (entry.type === "tree") await walk(entry.oid, `${path}/`);
        else files.push({ path, oid: entry.oid, mode: entry.mode });
      }
    };
    const { commit: c } = await git.readCommit({ fs, gitdir, oid: commit, cache });
    await walk(c.tree, "");
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return files;
  }

  async readFile(commit: string, path: string): Promise<Uint8Array | null> {
    const { fs, gitdir, cache } = this.#store;
    try {
      const { blob } = await git.readBlob({ fs, gitdir, oid: commit, filepath: path, cache });
      return blob;
    } catch (err) {
      if (err instanceof git.Errors.NotFoundError || err instanceof git.Errors.ObjectTypeError) return null;
      throw err;
    }
  }

  /** A commit's metadata. */
  async readCommit(oid: string): Promise<CommitInfo> {
    const { fs, gitdir, cache } = this.#store;
    const { commit } = await git.readCommit({ fs, gitdir, oid, cache });
    const person = (p: typeof commit.author) => ({ name: p.name, email: p.email, timestamp: p.timestamp });
    return { oid, tree: commit.tree, parents: commit.parent, message: commit.message, author: person(commit.author), committer: person(commit.committer) };
  }

  /** The paths that differ between two commits' trees (`from` null: the empty tree). */
  async diffCommits(from: string | null, to: string): Promise<TreeChange[]> {
    const [a, b] = await Promise.all([from === null ? null : this.readCommit(from), this.readCommit(to)]);
    return diffTrees(this.#store, a?.tree ?? null, b.tree);
  }

  /** The local branches whose names start with `prefix`, sorted. */
  async listBranches(prefix = ""): Promise<string[]> {
    const { fs, gitdir } = this.#store;
    const branches = await git.listBranches({ fs, gitdir });
    return branches.filter((b) => b.startsWith(prefix)).sort();
  }

  /** Points a ref (`refs/heads/...`) at a commit, replacing what it pointed at. */
  async setRef(ref: string, oid: string): Promise<void> {
    const { fs, gitdir } = this.#store;
    await git.writeRef({ fs, gitdir, ref, value: oid, force: true });
  }

  /** Reads a blob by its oid (from `listFiles`). */
  async readBlob(oid: string): Promise<Uint8Array> {
    const { fs, gitdir, cache } = this.#store;
    const { blob } = await git.readBlob({ fs, gitdir, oid, cache });
    return blob;
  }

  async commit(input: CommitInput): Promise<string> {
    const { fs, gitdir, cache } = this.#store;
    const { commit: from } = await git.readCommit({ fs, gitdir, oid: input.treeFrom ?? input.parent, cache });
    const tree = await writeTreeWithChanges(this.#store, from.tree, input.changes);
    const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
    const person = { ...input.author, timestamp, timezoneOffset: 0 };
    const oid = await git.writeCommit({
      fs,
      gitdir,
      commit: { message: input.message, tree, parent: [input.parent, ...(input.mergeParents ?? [])], author: person, committer: person },
    });
    this.#written.add(oid);
    return oid;
  }

  /** Fetches with `have`s and a thin pack: only what the remote has beyond this repository's commits (fetch-branch.ts). */
  async fetchBranch(branch: string, depth: number): Promise<string | null> {
    if (this.#remote === undefined) return this.resolveRef(`refs/heads/${branch}`).catch(() => null);
    try {
      return await fetchBranchInto(this.#store, this.#remote, branch, depth, this.head);
    } catch (err) {
      if (err instanceof PackTooLargeError) {
        throw new StacksmithError("REPO_TOO_LARGE", `fetching branch \`${branch}\` was stopped: ${err.message}`, { branch });
      }
      const detail = err instanceof GitHttpError ? `HTTP ${err.status} ${err.statusText}` : err instanceof Error ? err.message : String(err);
      throw new StacksmithError("CLONE_FAILED", `fetching branch \`${branch}\` failed: ${detail}`, { branch }, { cause: err });
    }
  }

  async hasCommit(oid: string): Promise<boolean> {
    const { fs, gitdir, cache } = this.#store;
    try {
      await git.readCommit({ fs, gitdir, oid, cache });
      return true;
    } catch {
      return false;
    }
  }

  async parentsOf(oid: string): Promise<string[] | null> {
    const { fs, gitdir, cache } = this.#store;
    try {
      const { commit } = await git.readCommit({ fs, gitdir, oid, cache });
      return commit.parent;
    } catch {
      return null;
    }
  }

  /**
   * Updates one of the job's own branches on the remote to `commit`, only if the branch is
   * at one of `expect` there now (null: it does not exist). The server checks the old value
   * as it updates the ref, so commits pushed by someone else are never overwritten.
   */
  async push(input: PushInput): Promise<void> {
    if (this.#remote === undefined) throw new StacksmithError("INTERNAL", "this repository has no remote to push to");
    const remote = this.#remote;
    assertPushable(remote.pushScope, input.branch);
    const ref = `refs/heads/${input.branch}`;
    const objects = await this.#unsent(input.commit);
    try {
      await withToken(remote, async (headers) => {
        const ad = await listPushRefs(remote.url.replace(/\/+$/, ""), headers);
        const current = ad.refs.get(ref) ?? null;
        if (current === input.commit) return;
        if (!input.expect.includes(current)) throw branchNotOurs(input.branch, current);
        const update = { ref, old: current ?? ZERO_OID, new: input.commit };
        try {
          await sendPack(ad, headers, update, writePack(objects.map((o) => o.object)));
        } catch (err) {
          // The server's compare-and-swap failed: the branch moved between our look and our write.
          if (err instanceof RefUpdateRejected) {
            const now = await this.#remoteHead(remote, ref);
            if (now !== current) throw branchNotOurs(input.branch, now);
          }
          throw err;
        }
      });
    } catch (err) {
      if (err instanceof StacksmithError) throw err;
      throw pushError(input.branch, err);
    }
    for (const { oid } of objects) this.#sent.add(oid);
    const { fs, gitdir } = this.#store;
    await git.writeRef({ fs, gitdir, ref, value: input.commit, force: true });
  }

  async #remoteHead(remote: Remote, ref: string): Promise<string | null> {
    const ad = await withToken(remote, async (headers) => listPushRefs(remote.url.replace(/\/+$/, ""), headers));
    return ad.refs.get(ref) ?? null;
  }

  /**
   * The objects a push of `commit` sends: those this workspace wrote, reachable from it, and
   * not sent before. Everything else came from the remote (the clone, a fetch), which has it.
   */
  async #unsent(commit: string): Promise<Array<{ oid: string; object: PackObject }>> {
    const { fs, gitdir, cache } = this.#store;
    const out: Array<{ oid: string; object: PackObject }> = [];
    const seen = new Set<string>();
    const stack = [commit];
    for (let oid = stack.pop(); oid !== undefined; oid = stack.pop()) {
      if (seen.has(oid) || !this.#written.has(oid) || this.#sent.has(oid)) continue;
      seen.add(oid);
      const { type, object } = await git.readObject({ fs, gitdir, oid, format: "content", cache });
      if (!(object instanceof Uint8Array) || (type !== "commit" && type !== "tree" && type !== "blob")) throw new Error(`object ${oid} cannot be packed`);
      out.push({ oid, object: { type, content: object } });
      if (type === "commit") stack.push(...commitLinks(object));
      else if (type === "tree") stack.push(...treeEntries(object));
    }
    return out;
  }
}

/** The tree and parents a raw commit names. */
function commitLinks(content: Uint8Array): string[] {
  const text = Buffer.from(content).toString("utf8");
  const headers = text.slice(0, text.indexOf("\n\n") < 0 ? text.length : text.indexOf("\n\n"));
  return headers.split("\n").flatMap((line) => {
    const match = /^(?:tree|parent) ([0-9a-f]{40})$/.exec(line);
    return match?.[1] === undefined ? [] : [match[1]];
  });
}

/** The oids of a raw tree's entries (`<mode> <name>\0<20-byte oid>` each), submodules left out. */
function treeEntries(content: Uint8Array): string[] {
  const buf = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  const oids: string[] = [];
  for (let pos = 0; pos < buf.length; ) {
    const nul = buf.indexOf(0, pos);
    if (nul < 0 || nul + 21 > buf.length) throw new Error("a tree entry is cut short");
    const mode = buf.toString("latin1", pos, buf.indexOf(0x20, pos));
    if (mode !== FILE_MODE.submodule) oids.push(buf.toString("hex", nul + 1, nul + 21));
    pos = nul + 21;
  }
  return oids;
}

export function branchNotOurs(branch: string, current: string | null): StacksmithError {
  if (current === null) {
    return new StacksmithError("BRANCH_NOT_OURS", `branch \`${branch}\` was deleted, so Stacksmith did not push it again`, { branch, current });
  }
  return new StacksmithError(
    "BRANCH_NOT_OURS",
    `branch \`${branch}\` is at ${current.slice(0, 7)}, not at the last commit Stacksmith pushed there, so it was not overwritten`,
    { branch, current },
  );
}

function pushError(branch: string, err: unknown): StacksmithError {
  if (err instanceof RefUpdateRejected) {
    return new StacksmithError("PUSH_REJECTED", `the push to branch \`${branch}\` was rejected: ${err.reason}`, { branch });
  }
  if (err instanceof GitHttpError) {
    return new StacksmithError("PUSH_REJECTED", `the push to branch \`${branch}\` failed: HTTP ${err.status} ${err.statusText}`, { branch });
  }
  return new StacksmithError("PUSH_REJECTED", `the push to branch \`${branch}\` failed: ${err instanceof Error ? err.message : String(err)}`, { branch }, { cause: err });
}

export function isRegularFile(entry: FileEntry): boolean {
  return entry.mode === FILE_MODE.file || entry.mode === FILE_MODE.executable;
}
