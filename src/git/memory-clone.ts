import git from "./isomorphic-git.js";
import { StacksmithError } from "../shared/errors.js";
import { GitRepository } from "./git-repository.js";
import { GitHttpError } from "./git-http.js";
import { createMapFs } from "./map-fs.js";
import { PackIndexer, PackTooLargeError, type PackLimits } from "./pack-indexer.js";
import type { PushScope } from "./push-guard.js";
import { withToken, type Remote } from "./remote.js";
import { useSyncSha1 } from "./sync-sha1.js";
import { fetchPack, listRefs } from "./upload-pack.js";

export interface CloneOptions {
  url: string;
  branch: string;
  token: (refresh?: boolean) => Promise<string>;
  /** The branches a push from this clone may update (push-guard.ts); null: it never pushes. */
  pushScope: PushScope | null;
  /** What the server's pack may cost (pack-limits.ts); the defaults where not given. */
  limits?: Partial<PackLimits>;
}

const GITDIR = "/repo.git";

class BranchNotFound extends Error {}

/**
 * Clones one branch at depth 1 into memory, with no working tree: files are read as
 * blobs and written as new commits, never checked out.
 *
 * The fetch and the pack index are this app's own (upload-pack.ts, pack-indexer.ts), in
 * 70–77 % of the time and with under half the extra memory of isomorphic-git's clone, on the
 * generated repository, flask and sympy (bench/clone.ts). They leave a standard bare repository (pack, idx, refs, shallow) in a
 * Map-backed fs (map-fs.ts), which isomorphic-git reads and commits to; later fetches
 * (fetch-branch.ts) and pushes (receive-pack.ts) are the app's own too.
 */
export async function cloneInMemory(options: CloneOptions): Promise<GitRepository> {
  await useSyncSha1();
  const remote: Remote = { url: options.url, token: options.token, pushScope: options.pushScope, limits: options.limits };
  const repoUrl = options.url.replace(/\/+$/, "");
  const fs = createMapFs();
  const cache = {};
  let head: string;
  try {
    // A token that expired between being handed out and used: once more with a fresh one.
    const { tip, shallow, indexer } = await withToken(remote, async (headers) => {
      const advertisement = await listRefs(repoUrl, headers);
      const tip = advertisement.refs.get(`refs/heads/${options.branch}`);
      if (tip === undefined) throw new BranchNotFound();
      const indexer = new PackIndexer(options.limits);
      const { shallow } = await fetchPack(advertisement, headers, { want: tip, depth: 1, shallow: [], haves: [] }, (data) => indexer.push(data));
      return { tip, shallow, indexer };
    });
    const { pack, idx, checksum } = await indexer.finish();
    await writeBareRepository(fs, { url: options.url, branch: options.branch, tip, pack, idx, checksum, shallow });
    head = tip;
  } catch (err) {
    throw cloneError(options, err);
  }
  return new GitRepository({ fs, gitdir: GITDIR, cache }, head, remote);
}

interface Fetched {
  url: string;
  branch: string;
  tip: string;
  pack: Buffer;
  idx: Buffer;
  checksum: string;
  shallow: string[];
}

/**
 * What `git clone --depth 1 --single-branch --no-tags` leaves: the pack and its index, the
 * branch, `origin` with its remote-tracking branch and `origin/HEAD`, and the shallow file,
 * which a later fetch names to the server, with the branches, as what this clone has.
 */
async function writeBareRepository(fs: ReturnType<typeof createMapFs>, f: Fetched): Promise<void> {
  const gitdir = GITDIR;
  await git.init({ fs, gitdir, bare: true, defaultBranch: f.branch });
  await fs.promises.writeFile(`${gitdir}/objects/pack/pack-${f.checksum}.pack`, f.pack);
  await fs.promises.writeFile(`${gitdir}/objects/pack/pack-${f.checksum}.idx`, f.idx);
  if (f.shallow.length > 0) await fs.promises.writeFile(`${gitdir}/shallow`, f.shallow.map((oid) => `${oid}\n`).join(""));
  await git.addRemote({ fs, gitdir, remote: "origin", url: f.url });
  await git.writeRef({ fs, gitdir, ref: `refs/heads/${f.branch}`, value: f.tip });
  await git.writeRef({ fs, gitdir, ref: `refs/remotes/origin/${f.branch}`, value: f.tip });
  await git.writeRef({ fs, gitdir, ref: "refs/remotes/origin/HEAD", value: `refs/remotes/origin/${f.branch}`, symbolic: true });
}

function cloneError(options: CloneOptions, err: unknown): StacksmithError {
  if (err instanceof GitHttpError) {
    const status = err.status;
    if (status === 401 || status === 403) {
      return new StacksmithError("CLONE_AUTH", `cloning the repository was refused (HTTP ${status}): the app's installation token has no access`, { status });
    }
    if (status === 404) {
      return new StacksmithError("CLONE_NOT_FOUND", "cloning the repository failed: it was not found (HTTP 404)", { status });
    }
    return new StacksmithError("CLONE_FAILED", `cloning the repository failed: HTTP ${status} ${err.statusText}`, { status });
  }
  if (err instanceof PackTooLargeError) {
    return new StacksmithError("REPO_TOO_LARGE", `the repository is too large to clone in memory: ${err.message}`);
  }
  if (err instanceof BranchNotFound) {
    return new StacksmithError("REPO_EMPTY", `the repository has no branch \`${options.branch}\` to clone; is it empty?`);
  }
  return new StacksmithError("CLONE_FAILED", `cloning the repository failed: ${err instanceof Error ? err.message : String(err)}`, {}, { cause: err });
}
