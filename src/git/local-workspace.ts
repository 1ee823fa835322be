import type { GitRepository } from "./git-repository.js";
import { branchNotOurs } from "./git-repository.js";
import { assertPushable, type PushScope } from "./push-guard.js";
import type { CommitInput, FileEntry, PushInput, Workspace } from "./workspace.js";

/**
 * A repository on disk as the pipeline's workspace: the clone is the repository itself, and a
 * push moves a local branch, through the same guard and the same lease as a push to GitHub (only
 * the issue's own `stacksmith/issue-<N>/…` branches, and never over a commit the run did not
 * put there). With `writeRefs: false` the branches live in memory only, as `eval` needs.
 */
export class LocalWorkspace implements Workspace {
  readonly head: string;
  readonly #repo: GitRepository;
  readonly #scope: PushScope;
  readonly #writeRefs: boolean;
  readonly #branches = new Map<string, string>();

  constructor(repo: GitRepository, options: { head: string; scope: PushScope; writeRefs: boolean }) {
    this.#repo = repo;
    this.head = options.head;
    this.#scope = options.scope;
    this.#writeRefs = options.writeRefs;
  }

  listFiles(commit: string): Promise<FileEntry[]> {
    return this.#repo.listFiles(commit);
  }

  readFile(commit: string, path: string): Promise<Uint8Array | null> {
    return this.#repo.readFile(commit, path);
  }

  commit(input: CommitInput): Promise<string> {
    return this.#repo.commit(input);
  }

  hasCommit(oid: string): Promise<boolean> {
    return this.#repo.hasCommit(oid);
  }

  parentsOf(oid: string): Promise<string[] | null> {
    return this.#repo.parentsOf(oid);
  }

  /** The branches this workspace moved, and where to. */
  get pushed(): ReadonlyMap<string, string> {
    return this.#branches;
  }

  async push(input: PushInput): Promise<void> {
    assertPushable(this.#scope, input.branch);
    const current = await this.fetchBranch(input.branch);
    if (current === input.commit) return;
    if (!input.expect.includes(current)) throw branchNotOurs(input.branch, current);
    if (this.#writeRefs) await this.#repo.setRef(`refs/heads/${input.branch}`, input.commit);
    this.#branches.set(input.branch, input.commit);
  }

  async fetchBranch(branch: string): Promise<string | null> {
    // On disk the repository's ref is the truth (someone may have moved it); in memory, the run's own.
    if (!this.#writeRefs) return this.#branches.get(branch) ?? null;
    if (branch.startsWith("refs/")) return null;
    return this.#repo.resolveRef(`refs/heads/${branch}`).catch(() => null);
  }
}
