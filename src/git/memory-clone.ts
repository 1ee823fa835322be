import git from "isomorphic-git";
import http from "isomorphic-git/http/node";
import { Volume, createFsFromVolume } from "memfs";
import { StacksmithError } from "../shared/errors.js";
import { basicAuthHeader, GitRepository, type Remote } from "./git-repository.js";
import { useSyncSha1 } from "./sync-sha1.js";

export interface CloneOptions {
  url: string;
  branch: string;
  token: (refresh?: boolean) => Promise<string>;
}

const GITDIR = "/repo.git";

/**
 * Clones one branch at depth 1 into memory, with no working tree: files are read as
 * blobs and written as new commits, never checked out.
 */
export async function cloneInMemory(options: CloneOptions): Promise<GitRepository> {
  await useSyncSha1();
  const fs = createFsFromVolume(new Volume());
  const cache = {};
  const remote: Remote = { url: options.url, token: options.token };
  try {
    await git.clone({
      fs,
      http,
      dir: "/",
      gitdir: GITDIR,
      url: options.url,
      ref: options.branch,
      depth: 1,
      singleBranch: true,
      noTags: true,
      noCheckout: true,
      cache,
      headers: basicAuthHeader(await options.token()),
    });
  } catch (err) {
    throw cloneError(options, err);
  }
  const store = { fs, gitdir: GITDIR, cache };
  let head: string;
  try {
    head = await git.resolveRef({ fs, gitdir: GITDIR, ref: `refs/remotes/origin/${options.branch}` });
  } catch (err) {
    throw new StacksmithError("REPO_EMPTY", `the repository has no branch \`${options.branch}\` to work on`, {}, { cause: err });
  }
  return new GitRepository(store, head, remote);
}

function cloneError(options: CloneOptions, err: unknown): StacksmithError {
  if (err instanceof git.Errors.HttpError) {
    const status = err.data.statusCode;
    if (status === 401 || status === 403) {
      return new StacksmithError("CLONE_AUTH", `cloning the repository was refused (HTTP ${status}): the app's installation token has no access`, { status });
    }
    if (status === 404) {
      return new StacksmithError("CLONE_NOT_FOUND", "cloning the repository failed: it was not found (HTTP 404)", { status });
    }
    return new StacksmithError("CLONE_FAILED", `cloning the repository failed: HTTP ${status} ${err.data.statusMessage}`, { status });
  }
  if (err instanceof git.Errors.NotFoundError || err instanceof git.Errors.EmptyServerResponseError) {
    return new StacksmithError("REPO_EMPTY", `the repository has no branch \`${options.branch}\` to clone; is it empty?`);
  }
  return new StacksmithError("CLONE_FAILED", `cloning the repository failed: ${err instanceof Error ? err.message : String(err)}`, {}, { cause: err });
}
