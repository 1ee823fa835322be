import { extensionOf } from "../locate/tree-sitter-grammars.js";
import { JAVASCRIPT_GLOBALS, PYTHON_BUILTINS } from "./builtin-names.js";
import type { CodeCheck, ParsedEdit } from "./check-files.js";
import type { Finding, RelativeImport } from "./types.js";

/**
 * Static checks that cost nothing: a relative import the edit adds must name a file of the workspace, and a
 * name the edit newly calls should be defined somewhere. Python, JavaScript and TypeScript.
 */

/** The files of the workspace as the edit leaves them. */
export interface WorkspaceFiles {
  has(path: string): boolean;
  /** Whether any file lies under this directory. */
  hasDir(dir: string): boolean;
}

function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

/** Joins path parts, resolving `.` and `..`; null when `..` leaves the repository. */
function joinPath(...parts: string[]): string | null {
  const out: string[] = [];
  for (const part of parts.join("/").split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(part);
  }
  return out.join("/");
}

const PY_MODULE = [".py", ".pyi", "/__init__.py", "/__init__.pyi"];

function pythonModuleExists(files: WorkspaceFiles, target: string): boolean {
  return PY_MODULE.some((suffix) => files.has(`${target}${suffix}`)) || files.hasDir(target);
}

/** Whether `from <dots><module> import <names>` in `from` names something the workspace has. */
function pythonResolves(files: WorkspaceFiles, from: string, spec: string, names: readonly string[]): boolean {
  const dots = /^\.*/.exec(spec)?.[0].length ?? 0;
  let base: string | null = dirname(from);
  for (let i = 1; i < dots && base !== null; i++) base = base === "" ? null : dirname(base);
  if (base === null) return false;
  const module = spec.slice(dots);
  const target = module === "" ? base : joinPath(base, ...module.split("."));
  if (target === null) return false;
  if (module !== "") return pythonModuleExists(files, target);
  // `from . import x`: x is a module beside the file, or a name the package's __init__ defines.
  if (files.has(joinPath(target, "__init__.py") ?? "") || files.has(joinPath(target, "__init__.pyi") ?? "")) return true;
  return names.every((name) => pythonModuleExists(files, joinPath(target, name) ?? ""));
}

const JS_EXTENSIONS = [".ts", ".tsx", ".d.ts", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts", ".json", ".vue", ".svelte", ".node"];
const TS_FOR_JS: Readonly<Record<string, readonly string[]>> = { ".js": [".ts", ".tsx"], ".jsx": [".tsx"], ".mjs": [".mts"], ".cjs": [".cts"] };

/** Whether a relative specifier resolves as Node, TypeScript and bundlers resolve one. */
function javascriptResolves(files: WorkspaceFiles, from: string, spec: string): boolean {
  const target = joinPath(dirname(from), spec.replace(/[?#].*$/, ""));
  if (target === null) return false;
  if (files.has(target) || files.hasDir(target)) return true;
  if (JS_EXTENSIONS.some((ext) => files.has(`${target}${ext}`))) return true;
  const ext = /\.[cm]?jsx?$/.exec(target)?.[0];
  return ext !== undefined && (TS_FOR_JS[ext] ?? []).some((ts) => files.has(`${target.slice(0, -ext.length)}${ts}`));
}

const PYTHON = new Set(["py", "pyi"]);
const JAVASCRIPT = new Set(["js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts"]);

const importKey = (i: RelativeImport): string => `${i.spec}\0${i.names.join(",")}`;

/** A relative import the edit wrote that names no file of the workspace. */
export function missingImportCheck(files: WorkspaceFiles): CodeCheck {
  return async (edit: ParsedEdit): Promise<Finding[]> => {
    const ext = extensionOf(edit.path);
    const facts = edit.after.facts;
    if (facts === null || (!PYTHON.has(ext) && !JAVASCRIPT.has(ext))) return [];
    const had = new Set((edit.before?.facts?.relativeImports ?? []).map(importKey));
    const out: Finding[] = [];
    for (const imported of facts.relativeImports) {
      if (!edit.map.isAdded(imported.line) || had.has(importKey(imported))) continue;
      const resolves = PYTHON.has(ext) ? pythonResolves(files, edit.path, imported.spec, imported.names) : javascriptResolves(files, edit.path, imported.spec);
      if (resolves) continue;
      out.push({
        rule: "missing-import",
        severity: "error",
        path: edit.path,
        line: imported.line,
        column: imported.column,
        message: "an import of a file that does not exist",
        detail: `\`${imported.spec}\` names no file in the repository`,
      });
    }
    return out;
  };
}

const TEST_PATH = /(^|\/)(tests?|__tests__|spec)\/|[._-](test|spec)\.[cm]?[jt]sx?$/;

/** Which languages the unknown-call check runs for. */
export interface UnknownCallOptions {
  /** Every name the repository defines (its tags), and those the edit's other files define. */
  definedNames: () => Promise<ReadonlySet<string>>;
  languages: ReadonlySet<"python" | "javascript">;
}

/**
 * A bare name the edit newly calls that nothing defines: not a builtin, not bound or imported anywhere in
 * the file, not called there before, and defined nowhere in the repository. A warning: the model confirms
 * or fixes it. Files with `from m import *` are skipped (any name may come from there), and so are
 * JavaScript and TypeScript tests (runners put their globals in scope).
 */
export function unknownCallCheck(options: UnknownCallOptions): CodeCheck {
  return async (edit: ParsedEdit): Promise<Finding[]> => {
    const ext = extensionOf(edit.path);
    const language = PYTHON.has(ext) ? "python" : JAVASCRIPT.has(ext) ? "javascript" : null;
    const facts = edit.after.facts;
    if (language === null || !options.languages.has(language) || facts === null || facts.starImport) return [];
    if (language === "javascript" && TEST_PATH.test(edit.path)) return [];
    const builtins = language === "python" ? PYTHON_BUILTINS : JAVASCRIPT_GLOBALS;
    const calledBefore = new Set((edit.before?.facts?.calls ?? []).map((c) => c.name));
    const candidates = facts.calls.filter((c) => edit.map.isAdded(c.line) && !calledBefore.has(c.name) && !builtins.has(c.name) && !facts.names.has(c.name));
    if (candidates.length === 0) return [];
    let defined: ReadonlySet<string>;
    try {
      defined = await options.definedNames();
    } catch {
      // Without the repository's names nothing can be said: a warning must not be a guess.
      return [];
    }
    const seen = new Set<string>();
    const out: Finding[] = [];
    for (const call of candidates) {
      if (defined.has(call.name) || seen.has(call.name)) continue;
      seen.add(call.name);
      out.push({
        rule: "unknown-call",
        severity: "warning",
        path: edit.path,
        line: call.line,
        column: call.column,
        message: "a call of a name defined nowhere",
        detail: `\`${call.name}\` is not defined or imported in ${edit.path}, nor defined anywhere in the repository`,
      });
    }
    return out;
  };
}
