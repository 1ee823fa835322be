import git from "isomorphic-git";
import { sameOriginHttp as http } from "./same-origin-http.js";
import { StacksmithError } from "../shared/errors.js";
import { diffTrees, type TreeChange } from "./tree-diff.js";
import { writeTreeWithChanges, type ObjectStore } from "./tree-writer.js";
import type { CommitInput, FileEntry, PushInput, Workspace } from "./workspace.js";
import { FILE_MODE } from "./workspace.js";

export interface Remote {
  url: string;
  /** Called before each network operation; `refresh` asks for a new token after the remote refused one. */
  token: (refresh?: boolean) => Promise<string>;
}

function isUnauthorised(err: unknown): boolean {
  return err instanceof git.Errors.HttpError && err.data.statusCode === 401;
}

/** Runs a network operation with the remote's token, once more with a fresh token if it was refused (expired). */
async function withToken<T>(remote: Remote, run: (headers: Record<string, string>) => Promise<T>): Promise<T> {
  try {
    return await run(basicAuthHeader(await remote.token()));
  } catch (err) {
    if (!isUnauthorised(err)) throw err;
    return run(basicAuthHeader(await remote.token(true)));
  }
}

/** A commit as history readers need it. Times are seconds since the epoch. */
export interface CommitInfo {
  oid: string;
  tree: string;
  parents: string[];
  message: string;
  author: { name: string; email: string; timestamp: number };
  committer: { name: string; email: string; timestamp: number };
}

export function basicAuthHeader(token: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}` };
}

/** A git object database (in memory or on disk) read and written through isomorphic-git. */
export class GitRepository implements Workspace {
  readonly head: string;
  readonly #store: ObjectStore;
  readonly #remote: Remote | undefined;

  constructor(store: ObjectStore, head: string, remote?: Remote) {
    this.#store = store;
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
    const { commit: parent } = await git.readCommit({ fs, gitdir, oid: input.parent, cache });
    const tree = await writeTreeWithChanges(this.#store, parent.tree, input.changes);
    const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
    const person = { ...input.author, timestamp, timezoneOffset: 0 };
    return git.writeCommit({
      fs,
      gitdir,
      commit: { message: input.message, tree, parent: [input.parent], author: person, committer: person },
    });
  }

  async fetchBranch(branch: string, depth: number): Promise<string | null> {
    if (this.#remote === undefined) return this.resolveRef(`refs/heads/${branch}`).catch(() => null);
    const { fs, gitdir, cache } = this.#store;
    const url = this.#remote.url;
    try {
      const result = await withToken(this.#remote, (headers) =>
        git.fetch({ fs, http, gitdir, cache, url, ref: branch, remoteRef: branch, singleBranch: true, depth, tags: false, headers }),
      );
      return result.fetchHead;
    } catch (err) {
      if (err instanceof git.Errors.NotFoundError) return null;
      throw new StacksmithError("CLONE_FAILED", `fetching branch \`${branch}\` failed: ${err instanceof Error ? err.message : String(err)}`, { branch }, { cause: err });
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

  async push(input: PushInput): Promise<void> {
    if (this.#remote === undefined) throw new StacksmithError("INTERNAL", "this repository has no remote to push to");
    const { fs, gitdir, cache } = this.#store;
    const ref = `refs/heads/${input.branch}`;
    await git.writeRef({ fs, gitdir, ref, value: input.commit, force: true });
    const url = this.#remote.url;
    let result: Awaited<ReturnType<typeof git.push>>;
    try {
      result = await withToken(this.#remote, (headers) => git.push({ fs, http, gitdir, cache, url, ref, remoteRef: ref, force: input.force, headers }));
    } catch (err) {
      throw pushError(input.branch, err);
    }
    const status = result.refs[ref];
    if (!result.ok || (status !== undefined && !status.ok)) {
      const reason = status?.error ?? result.error ?? "rejected";
      throw new StacksmithError("PUSH_REJECTED", `the push to branch \`${input.branch}\` was rejected: ${reason}`, { branch: input.branch });
    }
  }
}

function pushError(branch: string, err: unknown): StacksmithError {
  if (err instanceof git.Errors.PushRejectedError) {
    return new StacksmithError(
      "PUSH_REJECTED",
      `the push to branch \`${branch}\` was rejected: the remote branch has commits this one does not (${err.data.reason})`,
      { branch },
    );
  }
  if (err instanceof git.Errors.HttpError) {
    return new StacksmithError("PUSH_REJECTED", `the push to branch \`${branch}\` failed: HTTP ${err.data.statusCode} ${err.data.statusMessage}`, { branch });
  }
  if (err instanceof git.Errors.GitPushError) {
    return new StacksmithError("PUSH_REJECTED", `the push to branch \`${branch}\` was rejected: ${err.message}`, { branch });
  }
  return new StacksmithError("PUSH_REJECTED", `the push to branch \`${branch}\` failed: ${err instanceof Error ? err.message : String(err)}`, { branch }, { cause: err });
}

export function isRegularFile(entry: FileEntry): boolean {
  return entry.mode === FILE_MODE.file || entry.mode === FILE_MODE.executable;
}
