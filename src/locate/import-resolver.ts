/** Resolves import specifiers to repository files (Python, JS/TS, Go, Rust, Java); others resolve to nothing. */
import { moduleKey, type PathLookup } from "./path-lookup.js";

const JS_EXTS = [".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts"];

function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

function joinPath(...parts: string[]): string {
  const out: string[] = [];
  for (const part of parts.join("/").split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
}

export class ImportResolver {
  readonly #lookup: PathLookup;
  /** Directories that are Python packages (hold an `__init__.py`). */
  readonly #packages = new Set<string>();
  /** Go files (not tests) per directory. */
  readonly #goDirs = new Map<string, number[]>();
  /** Absolute Python imports resolved so far (they do not depend on the importing file; many files share them). */
  readonly #absolute = new Map<string, readonly number[]>();

  constructor(lookup: PathLookup) {
    this.#lookup = lookup;
    lookup.paths.forEach((path, i) => {
      if (/(^|\/)__init__\.pyi?$/.test(path)) this.#packages.add(dirname(path));
      if (path.endsWith(".go") && !path.endsWith("_test.go")) {
        const dir = dirname(path);
        const list = this.#goDirs.get(dir) ?? [];
        list.push(i);
        this.#goDirs.set(dir, list);
      }
    });
  }

  resolve(from: string, spec: string): readonly number[] {
    const ext = /\.([A-Za-z0-9]+)$/.exec(from)?.[1]?.toLowerCase() ?? "";
    switch (ext) {
      case "py":
      case "pyi":
        return this.#python(from, spec);
      case "js":
      case "jsx":
      case "mjs":
      case "cjs":
      case "ts":
      case "tsx":
      case "mts":
      case "cts":
        return this.#javascript(from, spec);
      case "go":
        return this.#go(spec);
      case "rs":
        return this.#rust(from, spec);
      case "java":
      case "kt":
      case "scala":
        return this.#dotted(spec.replace(/\.\*$/, "").split("."));
      default:
        return [];
    }
  }

  #python(from: string, spec: string): readonly number[] {
    const dots = /^\.*/.exec(spec)?.[0].length ?? 0;
    const parts = spec.slice(dots).split(".").filter((p) => p !== "");
    if (dots > 0) {
      let base = dirname(from);
      for (let i = 1; i < dots; i++) base = dirname(base);
      for (let n = parts.length; n >= 0; n--) {
        const files = this.#lookup.byModuleKey(joinPath(base, ...parts.slice(0, n)));
        if (files.length > 0) return files;
      }
      return [];
    }
    const known = this.#absolute.get(spec);
    if (known !== undefined) return known;
    const files = this.#absolutePython(parts);
    this.#absolute.set(spec, files);
    return files;
  }

  #absolutePython(parts: readonly string[]): readonly number[] {
    for (let n = parts.length; n >= 1; n--) {
      const tail = parts.slice(0, n).join("/");
      // The module's top package must sit at a source root: `logging` is not `_pytest/logging`.
      const files = this.#lookup.byModule(parts.slice(0, n)).filter((i) => {
        const key = moduleKey(this.#lookup.paths[i] as string);
        const root = key.slice(0, key.length - tail.length).replace(/\/$/, "");
        return root === "" || !this.#packages.has(root);
      });
      if (files.length > 0) return files;
    }
    return [];
  }

  #javascript(from: string, spec: string): readonly number[] {
    if (!spec.startsWith(".")) return [];
    const target = joinPath(dirname(from), spec);
    const stem = target.replace(/\.[cm]?jsx?$/, "");
    const candidates = [target, ...JS_EXTS.map((e) => stem + e), ...JS_EXTS.map((e) => `${target}/index${e}`)];
    for (const c of candidates) {
      const i = this.#lookup.indexOf(c);
      if (i !== undefined) return [i];
    }
    return [];
  }

  #go(spec: string): readonly number[] {
    const parts = spec.split("/");
    for (let start = 0; start < parts.length; start++) {
      const files = this.#goDirs.get(parts.slice(start).join("/"));
      if (files !== undefined) return files;
    }
    return [];
  }

  #rust(from: string, spec: string): readonly number[] {
    if (spec.startsWith("mod ")) {
      const name = spec.slice(4);
      const base = /(^|\/)(mod|lib|main)\.rs$/.test(from) ? dirname(from) : from.replace(/\.rs$/, "");
      for (const c of [`${joinPath(base, name)}.rs`, `${joinPath(base, name)}/mod.rs`]) {
        const i = this.#lookup.indexOf(c);
        if (i !== undefined) return [i];
      }
      return [];
    }
    const parts = spec.replace(/\{.*$/, "").split("::").filter((p) => p !== "" && p !== "crate" && p !== "self" && p !== "super" && p !== "*");
    return this.#dotted(parts);
  }

  /** A qualified name whose leading parts are directories and files (`com.acme.Foo`, `a::b::C`). */
  #dotted(parts: readonly string[]): readonly number[] {
    for (let n = parts.length; n >= 1; n--) {
      const files = this.#lookup.byModule(parts.slice(0, n));
      if (files.length > 0 && files.length <= 3) return files;
    }
    return [];
  }
}
