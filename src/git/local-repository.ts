import fs from "node:fs";
import { join } from "node:path";
import git from "./isomorphic-git.js";
import { StacksmithError } from "../shared/errors.js";
import { GitRepository } from "./git-repository.js";
import { createOverlayFs } from "./overlay-fs.js";
import { useSyncSha1 } from "./sync-sha1.js";

/** Finds the git directory of a repository on disk: a bare repository or a work tree's `.git`. */
function findGitdir(path: string): string {
  if (!fs.existsSync(path)) throw new StacksmithError("INVALID_INPUT", `${path} does not exist`);
  const dotGit = join(path, ".git");
  if (fs.existsSync(join(dotGit, "HEAD"))) return dotGit;
  if (fs.existsSync(join(path, "HEAD")) && fs.existsSync(join(path, "objects"))) return path;
  throw new StacksmithError("INVALID_INPUT", `${path} is not a git repository`);
}

/**
 * Opens a repository on disk through the same git layer the app uses in memory.
 * `ref` (default HEAD) becomes the workspace head. It has no remote: pushes fail. With
 * `scratch`, what is written (commits, trees, refs) stays in memory and the disk is only read.
 */
export async function openLocalRepository(path: string, ref = "HEAD", options: { scratch?: boolean } = {}): Promise<GitRepository> {
  await useSyncSha1();
  const gitdir = findGitdir(path);
  const store = { fs: options.scratch === true ? createOverlayFs() : fs, gitdir, cache: {} };
  let head: string;
  try {
    head = await git.resolveRef({ fs, gitdir, ref });
  } catch (err) {
    const empty = ref === "HEAD" && (await git.listBranches({ fs, gitdir }).catch(() => [])).length === 0;
    throw new StacksmithError("INVALID_INPUT", empty ? `${path} has no commits yet` : `${path} has no ref ${ref}`, {}, { cause: err });
  }
  return new GitRepository(store, head);
}
