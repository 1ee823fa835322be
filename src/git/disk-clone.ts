import fs from "node:fs";
import git from "./isomorphic-git.js";
import { sameOriginHttp as http } from "./same-origin-http.js";
import { StacksmithError } from "../shared/errors.js";
import { basicAuthHeader } from "./git-repository.js";
import { useSyncSha1 } from "./sync-sha1.js";

export interface DiskCloneOptions {
  url: string;
  /** An empty directory; the clone is a bare repository there. */
  dir: string;
  /** A token for HTTPS Basic auth, or none for public repositories. */
  token?: string;
  /** Clone only this branch (default: the remote's default branch). */
  branch?: string;
}

/**
 * Clones a repository with its full history into a bare repository on disk, through the
 * same git layer as the in-memory clone. Used where whole histories are read (mining): the
 * pack lives on disk, not in the heap. Returns the directory, for `openLocalRepository`.
 */
export async function cloneToDirectory(options: DiskCloneOptions): Promise<string> {
  await useSyncSha1();
  try {
    await git.clone({
      fs,
      http,
      dir: options.dir,
      gitdir: options.dir,
      url: options.url,
      ...(options.branch === undefined ? {} : { ref: options.branch }),
      singleBranch: true,
      noTags: true,
      noCheckout: true,
      ...(options.token === undefined ? {} : { headers: basicAuthHeader(options.token) }),
    });
  } catch (err) {
    const detail = err instanceof git.Errors.HttpError ? `HTTP ${err.data.statusCode} ${err.data.statusMessage}` : err instanceof Error ? err.message : String(err);
    throw new StacksmithError("CLONE_FAILED", `cloning ${options.url} failed: ${detail}`, {}, { cause: err });
  }
  return options.dir;
}
