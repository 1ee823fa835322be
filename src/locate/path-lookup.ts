/** Finds repository files by path suffix, basename or module name (built once per index). */

/** Files that stand for their directory as a module, per language. */
const PACKAGE_FILE = /(^|\/)(__init__\.pyi?|index\.[cm]?[jt]sx?|mod\.rs)$/;

/** A path without its extension and without a trailing package file: `a/b/__init__.py` → `a/b`. */
export function moduleKey(path: string): string {
  const m = PACKAGE_FILE.exec(path);
  if (m !== null && m.index > 0) return path.slice(0, m.index);
  return path.replace(/\.[A-Za-z0-9]+$/, "");
}

function lastSegment(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? path : path.slice(i + 1);
}

export class PathLookup {
  readonly paths: readonly string[];
  readonly #byBasename = new Map<string, number[]>();
  readonly #byModuleTail = new Map<string, number[]>();
  readonly #exact = new Map<string, number>();
  readonly #byModuleKey = new Map<string, number[]>();

  constructor(paths: readonly string[]) {
    this.paths = paths;
    paths.forEach((path, i) => {
      this.#exact.set(path, i);
      push(this.#byBasename, lastSegment(path), i);
      const key = moduleKey(path);
      push(this.#byModuleTail, lastSegment(key), i);
      push(this.#byModuleKey, key, i);
    });
  }

  indexOf(path: string): number | undefined {
    return this.#exact.get(path);
  }

  withBasename(basename: string): readonly number[] {
    return this.#byBasename.get(basename) ?? [];
  }

  /**
   * Files whose path ends with the given components (`["_pytest", "python.py"]`), trying shorter tails
   * of the components until one matches. Returns the files and how many components matched.
   */
  bySuffix(components: readonly string[]): { files: number[]; matched: number } {
    for (let start = 0; start < components.length; start++) {
      const tail = components.slice(start).join("/");
      const base = components[components.length - 1] ?? "";
      const files = this.withBasename(base).filter((i) => {
        const p = this.paths[i] as string;
        return p === tail || p.endsWith(`/${tail}`);
      });
      if (files.length > 0) return { files, matched: components.length - start };
    }
    return { files: [], matched: 0 };
  }

  /** Files whose module key (`a/b/c` for `a/b/c.py` or `a/b/c/__init__.py`) ends with the dotted name's path. */
  byModule(components: readonly string[]): number[] {
    const last = components[components.length - 1];
    if (last === undefined) return [];
    const tail = components.join("/");
    return (this.#byModuleTail.get(last) ?? []).filter((i) => {
      const key = moduleKey(this.paths[i] as string);
      return key === tail || key.endsWith(`/${tail}`);
    });
  }

  /** Files whose module key is exactly this (`a/b` for `a/b.py` or `a/b/__init__.py`). */
  byModuleKey(key: string): readonly number[] {
    return this.#byModuleKey.get(key) ?? [];
  }

  /** Files or packages whose module name is exactly this word (`skipping` → `src/_pytest/skipping.py`). */
  byStem(word: string): readonly number[] {
    return this.#byModuleTail.get(word) ?? [];
  }
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
