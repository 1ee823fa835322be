import { MAX_FILE_BYTES, type FileState } from "../edit/types.js";
import { definedNamesAt } from "./defined-names.js";
import type { FileEntry, Workspace } from "../git/workspace.js";
import { FILE_MODE } from "../git/workspace.js";


const decoder = new TextDecoder("utf-8", { fatal: true });
const LFS_POINTER = "version https://git-lfs.github.com/spec/v1\n";

/** Classifies bytes as editable text, or says why not. */
export function classifyBytes(bytes: Uint8Array): FileState {
  if (bytes.byteLength > MAX_FILE_BYTES) return { kind: "too-large", bytes: bytes.byteLength };
  if (bytes.includes(0)) return { kind: "binary" };
  let content: string;
  try {
    content = decoder.decode(bytes);
  } catch {
    return { kind: "binary" };
  }
  if (content.startsWith(LFS_POINTER)) return { kind: "lfs-pointer" };
  return { kind: "text", content };
}

/** A read-only view of the tree at one commit, with files classified for the edit engine. */
export class RepoView {
  readonly commit: string;
  readonly files: readonly FileEntry[];
  readonly #byPath: Map<string, FileEntry>;
  readonly #workspace: Workspace;
  #directories: Set<string> | null = null;

  private constructor(workspace: Workspace, commit: string, files: FileEntry[]) {
    this.#workspace = workspace;
    this.commit = commit;
    this.files = files;
    this.#byPath = new Map(files.map((f) => [f.path, f]));
  }

  /** Every directory of the tree, built on first use. */
  #directorySet(): Set<string> {
    if (this.#directories === null) {
      this.#directories = new Set();
      for (const file of this.files) {
        for (let i = file.path.indexOf("/"); i >= 0; i = file.path.indexOf("/", i + 1)) this.#directories.add(file.path.slice(0, i));
      }
    }
    return this.#directories;
  }

  /** Why `path` cannot hold a file: it is a directory, or a file lies on its way. Null when it can. */
  blocker(path: string): FileState | null {
    if (this.#directorySet().has(path)) return { kind: "directory" };
    for (let i = path.indexOf("/"); i >= 0; i = path.indexOf("/", i + 1)) {
      const parent = path.slice(0, i);
      if (this.#byPath.has(parent)) return { kind: "under-file", parent };
    }
    return null;
  }

  static async open(workspace: Workspace, commit: string): Promise<RepoView> {
    return new RepoView(workspace, commit, await workspace.listFiles(commit));
  }

  has(path: string): boolean {
    return this.#byPath.has(path);
  }

  /** Every name the files at this commit define (read once per workspace and commit). */
  definedNames(): Promise<ReadonlySet<string>> {
    return definedNamesAt(this.#workspace, this.commit);
  }

  async state(path: string): Promise<FileState> {
    const entry = this.#byPath.get(path);
    if (entry === undefined) return this.blocker(path) ?? { kind: "missing" };
    if (entry.mode === FILE_MODE.symlink) return { kind: "symlink" };
    if (entry.mode === FILE_MODE.submodule) return { kind: "submodule" };
    const bytes = await this.#workspace.readFile(this.commit, path);
    return bytes === null ? { kind: "missing" } : classifyBytes(bytes);
  }
}
