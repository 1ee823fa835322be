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

/*
 * Each expression reads one line (or, for Go and Rust frames, two), anchored at its start, so no
 * issue text makes one backtrack: the work is linear in the text's length.
 */
const PYTHON_FRAME = /File "([^"\n]+)", line (\d+)(?:, in ([^\s\n]+))?/g;
const PYTEST_FRAME = /^[ \t>]*([^\s:"'()>][^\s:"'()]*\.py):(\d+): (?:in ([\w<>.]+)|\w+)/;
const NODE_FRAME = /^[ \t]*at (?:(?:async |new )?([^\s(]+(?: \[as [^\]]+\])?) \()?((?:file:\/\/)?[^\s()]+?\.(?:[cm]?[jt]sx?|vue|svelte|coffee)):(\d+)(?::\d+)?\)?[ \t]*$/;
const JAVA_FRAME = /^[ \t]*at (?:[\w.$-]+\/)?([\w$.]+)\.([\w$<>]+)\(([\w$]+\.(?:java|kt|scala|groovy|clj)):(\d+)\)/;
/** A goroutine frame: the function with its arguments, then a tab-indented `file.go:line +0x…`. */
const GO_FUNCTION = /^(\S.*)\([^()]*\)$/;
const GO_LOCATION = /^[ \t]+(\S+\.go):(\d+)/;
const RUST_LOCATION = /([^\s:'"]+\.rs):(\d+):\d+/y;
const RUST_FUNCTION = /^[ \t]*\d+: (.+)$/;
const RUST_FRAME_LOCATION = /^[ \t]+at (\S+\.rs):(\d+)/;

interface Line {
  at: number;
  text: string;
}

type Pick = (m: RegExpMatchArray) => { path: string | undefined; line: string | undefined; func: string | undefined };

/** Every frame found in the text, innermost first within each language's traces. */
export function parseStackFrames(text: string): Frame[] {
  const normalized = text.replace(/\r\n?/g, "\n");
  const lines: Line[] = [];
  let at = 0;
  for (const line of normalized.split("\n")) {
    lines.push({ at, text: line });
    at += line.length + 1;
  }
  const frames: Frame[] = [];
  // Python and pytest print the innermost frame last.
  frames.push(...withDepth(collect(normalized, PYTHON_FRAME, (m) => ({ path: m[1], line: m[2], func: m[3] })), "python", true));
  frames.push(...withDepth(perLine(lines, PYTEST_FRAME, (m) => ({ path: m[1], line: m[2], func: m[3] })), "python", true));
  // The others print it first.
  frames.push(...withDepth(perLine(lines, NODE_FRAME, (m) => ({ path: m[2], line: m[3], func: lastName(m[1], ".") })).filter((f) => !isRuntimePath(f.path)), "javascript", false));
  frames.push(...withDepth(perLine(lines, JAVA_FRAME, (m) => ({ path: javaPath(m[1] ?? "", m[3] ?? ""), line: m[4], func: m[2] })), "java", false));
  frames.push(...withDepth(twoLines(lines, GO_FUNCTION, GO_LOCATION, (f, l) => ({ path: l[1], line: l[2], func: goFunction(f[1] ?? "") })), "go", false));
  const rust = [...rustPanics(lines), ...twoLines(lines, RUST_FUNCTION, RUST_FRAME_LOCATION, (f, l) => ({ path: l[1], line: l[2], func: rustFunction(f[1] ?? "") }))].sort((a, b) => a.at - b.at);
  frames.push(...withDepth(rust, "rust", false));
  return frames;
}

function frameOf(at: number, picked: ReturnType<Pick>): RawFrame | null {
  const { path, line, func } = picked;
  if (path === undefined || path === "") return null;
  return { at, path: normalizePath(path), line: line === undefined ? undefined : Number(line), func: func === "" ? undefined : func };
}

function collect(text: string, re: RegExp, pick: Pick): RawFrame[] {
  const out: RawFrame[] = [];
  for (const m of text.matchAll(re)) {
    const frame = frameOf(m.index ?? 0, pick(m));
    if (frame !== null) out.push(frame);
  }
  return out;
}

function perLine(lines: readonly Line[], re: RegExp, pick: Pick): RawFrame[] {
  const out: RawFrame[] = [];
  for (const line of lines) {
    const m = re.exec(line.text);
    const frame = m === null ? null : frameOf(line.at, pick(m));
    if (frame !== null) out.push(frame);
  }
  return out;
}

/** Frames printed on two lines: a function line, then its location on the next. */
function twoLines(lines: readonly Line[], first: RegExp, second: RegExp, pick: (f: RegExpMatchArray, l: RegExpMatchArray) => ReturnType<Pick>): RawFrame[] {
  const out: RawFrame[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const line = lines[i] as Line;
    const f = first.exec(line.text);
    const l = f === null ? null : second.exec((lines[i + 1] as Line).text);
    const frame = f === null || l === null ? null : frameOf(line.at, pick(f, l));
    if (frame !== null) out.push(frame);
  }
  return out;
}

/** `panicked at src/main.rs:3:5`, or after the message: `panicked at 'boom', src/main.rs:3:5`. */
function rustPanics(lines: readonly Line[]): RawFrame[] {
  const out: RawFrame[] = [];
  const marker = "panicked at ";
  const location = (text: string, at: number): RegExpExecArray | null => {
    RUST_LOCATION.lastIndex = at;
    return RUST_LOCATION.exec(text);
  };
  for (const { at, text } of lines) {
    for (let i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + marker.length)) {
      const start = i + marker.length;
      const quote = text[start];
      const next = text.indexOf(marker, start);
      const before = next < 0 ? text.length : next;
      let m = location(text, start);
      // After a quoted message, the location follows the first `', ` (or `", `) that a location follows, before the next panic.
      for (let end = quote === "'" || quote === '"' ? text.indexOf(`${quote}, `, start + 1) : -1; m === null && end >= 0 && end < before; end = text.indexOf(`${quote}, `, end + 1)) m = location(text, end + 3);
      const frame = m === null ? null : frameOf(at + i, { path: m[1], line: m[2], func: undefined });
      if (frame !== null) out.push(frame);
    }
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
  const alias = qualified.endsWith("]") ? qualified.lastIndexOf(" [as ") : -1;
  const name = (alias >= 0 && !qualified.slice(alias, -1).includes("]") ? qualified.slice(0, alias) : qualified).split(sep).pop();
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
  const generic = last?.indexOf("<") ?? -1;
  return generic >= 0 ? last?.slice(0, generic) : last;
}
