import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { cloneToDirectory } from "../git/disk-clone.js";
import type { GitRepository } from "../git/git-repository.js";
import { openLocalRepository } from "../git/local-repository.js";

export interface OpenedRepo {
  repo: GitRepository;
  /** `owner__name` for a URL, the folder's name (without `.git`) for a path. */
  name: string;
  /** `owner/name` when the repository is on GitHub. */
  github: { owner: string; name: string } | null;
  /** Removes the temporary clone of a URL. */
  close: () => Promise<void>;
}

export function isUrl(spec: string): boolean {
  return /^(https?|git|ssh|file):\/\//.test(spec) || /^[\w.-]+@[\w.-]+:/.test(spec);
}

/** `owner/name` of a GitHub URL, or null. */
export function githubSlug(spec: string): { owner: string; name: string } | null {
  const match = /github\.com[/:]([\w.-]+)\/([\w.-]+?)(\.git)?\/?$/.exec(spec);
  return match?.[1] !== undefined && match[2] !== undefined ? { owner: match[1], name: match[2] } : null;
}

function nameOf(spec: string): string {
  const slug = githubSlug(spec);
  if (slug !== null) return `${slug.owner}__${slug.name}`;
  const trimmed = spec.replace(/\/+$/, "");
  return basename(trimmed).replace(/\.git$/, "") || "repo";
}

/**
 * A repository by path or URL. A URL is cloned with its full history into a temporary bare
 * repository on disk (removed by `close`): history reads then page objects from disk instead
 * of holding a whole pack in the heap, which keeps memory bounded on large repositories. With
 * `scratch`, a repository on disk is only read: what is written stays in memory.
 */
export async function openRepo(spec: string, cwd: string, options: { ref?: string; token?: string; scratch?: boolean } = {}): Promise<OpenedRepo> {
  if (!isUrl(spec)) {
    const repo = await openLocalRepository(resolve(cwd, spec), options.ref ?? "HEAD", { scratch: options.scratch === true });
    return { repo, name: nameOf(spec), github: null, close: async () => undefined };
  }
  const dir = await mkdtemp(join(tmpdir(), "stacksmith-clone-"));
  try {
    await cloneToDirectory({ url: spec, dir, ...(options.token === undefined ? {} : { token: options.token }) });
    const repo = await openLocalRepository(dir, options.ref ?? "HEAD");
    return { repo, name: nameOf(spec), github: githubSlug(spec), close: () => rm(dir, { recursive: true, force: true }) };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
