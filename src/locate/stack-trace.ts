/** Parses stack-trace frames out of issue text: Python, pytest, Node/JS/TS, Java, Go and Rust formats. */

export type TraceLanguage = "python" | "javascript" | "java" | "go" | "rust";

export interface Frame {
  /** The path as printed (absolute, relative or package-qualified). */
  path: string;
  line: number | undefined;
  /** The function or method name, without its class or module. */
  func: string | undefined;
  language: TraceLanguage;
  /** 0 for the innermost frame (where the error was raised) of its trace, growing outwards. */
  depth: number;
}

interface RawFrame {
  at: number;
  path: string;
  line: number | undefined;
  func: string | undefined;
}

const PYTHON_FRAME = /File "([^"\n]+)", line (\d+)(?:, in ([^\s\n]+))?/g;
const PYTEST_FRAME = /^[ \t>]*([^\s:"'()]+\.py):(\d+): (?:in ([\w<>.]+)|\w+)/gm;
const NODE_FRAME =
  /^[ \t]*at (?:(?:async |new )?([^\s(]+(?: \[as [^\]]+\])?) \()?((?:file:\/\/)?[^\s()]+?\.(?:[cm]?[jt]sx?|vue|svelte|coffee)):(\d+)(?::\d+)?\)?[ \t]*$/gm;
const JAVA_FRAME = /^[ \t]*at (?:[\w.$-]+\/)?([\w$.]+)\.([\w$<>]+)\(([\w$]+\.(?:java|kt|scala|groovy|clj)):(\d+)\)/gm;
/** A goroutine frame: the function with its arguments, then a tab-indented `file.go:line +0x…`. */
const GO_FRAME = /^(\S[^\n]*)\([^()\n]*\)\n[ \t]+(\S+\.go):(\d+)/gm;
const RUST_PANIC = /panicked at (?:'[^\n]*?', |"[^\n]*?", )?([^\s:'"]+\.rs):(\d+):\d+/g;
const RUST_FRAME = /^[ \t]*\d+: ([^\n]+?)\n[ \t]+at ([^\s]+\.rs):(\d+)(?::\d+)?/gm;

/** Every frame found in the text, innermost first within each language's traces. */
export function parseStackFrames(text: string): Frame[] {
  const normalized = text.replace(/\r\n?/g, "\n");
  const frames: Frame[] = [];
  // Python and pytest print the innermost frame last.
  frames.push(...withDepth(collect(normalized, PYTHON_FRAME, (m) => ({ path: m[1], line: m[2], func: m[3] })), "python", true));
  frames.push(...withDepth(collect(normalized, PYTEST_FRAME, (m) => ({ path: m[1], line: m[2], func: m[3] })), "python", true));
  // The others print it first.
  frames.push(...withDepth(collect(normalized, NODE_FRAME, (m) => ({ path: m[2], line: m[3], func: lastName(m[1], ".") })).filter((f) => !isRuntimePath(f.path)), "javascript", false));
  frames.push(...withDepth(collect(normalized, JAVA_FRAME, (m) => ({ path: javaPath(m[1] ?? "", m[3] ?? ""), line: m[4], func: m[2] })), "java", false));
  frames.push(...withDepth(collect(normalized, GO_FRAME, (m) => ({ path: m[2], line: m[3], func: goFunction(m[1] ?? "") })), "go", false));
  const rust = [
    ...collect(normalized, RUST_PANIC, (m) => ({ path: m[1], line: m[2], func: undefined })),
    ...collect(normalized, RUST_FRAME, (m) => ({ path: m[2], line: m[3], func: rustFunction(m[1] ?? "") })),
  ].sort((a, b) => a.at - b.at);
  frames.push(...withDepth(rust, "rust", false));
  return frames;
}

function collect(text: string, re: RegExp, pick: (m: RegExpMatchArray) => { path: string | undefined; line: string | undefined; func: string | undefined }): RawFrame[] {
  const out: RawFrame[] = [];
  for (const m of text.matchAll(re)) {
    const { path, line, func } = pick(m);
    if (path === undefined || path === "") continue;
    out.push({ at: m.index ?? 0, path: normalizePath(path), line: line === undefined ? undefined : Number(line), func: func === "" ? undefined : func });
  }
  return out;
}

function withDepth(raw: RawFrame[], language: TraceLanguage, innermostLast: boolean): Frame[] {
  const n = raw.length;
  return raw.map((f, i) => ({ path: f.path, line: f.line, func: f.func, language, depth: innermostLast ? n - 1 - i : i }));
}

function normalizePath(path: string): string {
  return path.replace(/^file:\/\/\/?/, "/").replace(/\\/g, "/").replace(/^webpack:\/\/\/?/, "");
}

function isRuntimePath(path: string): boolean {
  return path.startsWith("node:") || path.startsWith("internal/") || path === "<anonymous>" || path === "native";
}

function lastName(qualified: string | undefined, sep: string): string | undefined {
  if (qualified === undefined) return undefined;
  const name = qualified.replace(/ \[as [^\]]+\]$/, "").split(sep).pop();
  return name === undefined || name === "<anonymous>" ? undefined : name;
}

/** `com.acme.web.Server$Handler` in `Server.java` → `com/acme/web/Server.java`. */
function javaPath(qualifiedClass: string, file: string): string {
  const parts = qualifiedClass.split(".");
  parts.pop();
  return [...parts, file].join("/");
}

/** `github.com/a/b/pkg.(*Server).Handle` → `Handle`; `main.main` → `main`; `pkg.f.func1` → `f`. */
function goFunction(qualified: string): string | undefined {
  const afterSlash = qualified.slice(qualified.lastIndexOf("/") + 1);
  const parts = afterSlash.split(".").filter((p) => p !== "" && !/^func\d+$/.test(p) && !/^\d+$/.test(p));
  const last = parts[parts.length - 1];
  return last === undefined ? undefined : last.replace(/[()*]/g, "");
}

/** `my_crate::module::Type::method::h0123abcd` → `method`; closures are skipped. */
function rustFunction(qualified: string): string | undefined {
  const parts = qualified
    .trim()
    .split("::")
    .filter((p) => p !== "" && !/^h[0-9a-f]{16}$/.test(p) && !p.startsWith("{{"));
  const last = parts[parts.length - 1];
  return last?.replace(/<.*$/, "");
}
