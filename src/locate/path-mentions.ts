/** Signal: the issue names a file by path, basename or module (`a/b.py`, `b.py`, `pkg.b`, "the b module"). */
import type { PathLookup } from "./path-lookup.js";

const TOKEN = /[A-Za-z0-9_.\-/\\@~+]+/g;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FILE_EXT = /\.[A-Za-z][A-Za-z0-9]{0,9}$/;

/** Scores of a mention's forms; a full path is unambiguous, a bare word only hints. */
export const MENTION_SCORE = { path: 1, basename: 1, module: 1, modulePrefix: 0.8, stem: 0.3 } as const;

/** Each file named in the text, with the score of its strongest mention in [0, 1]. */
export function pathMentionScores(text: string, lookup: PathLookup): Map<number, number> {
  const scores = new Map<number, number>();
  const give = (files: readonly number[], score: number): void => {
    if (files.length === 0) return;
    const each = score / files.length;
    for (const f of files) scores.set(f, Math.max(scores.get(f) ?? 0, each));
  };
  const words = new Set<string>();
  // Paths on stack-trace lines are the trace signal's evidence, not mentions.
  const prose = text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .filter((line) => !isFrameLine(line))
    .join("\n");
  for (const m of prose.matchAll(TOKEN)) {
    const token = cleanToken(m[0]);
    if (token === "") continue;
    if (token.includes("/")) {
      const components = token.split("/").filter((c) => c !== "" && c !== "." && c !== "..");
      const { files, matched } = lookup.bySuffix(components);
      // `other/dir/name.py` matching only by its basename names some other project's file.
      if (matched >= 2 || (matched === 1 && components.length === 1)) give(files, MENTION_SCORE.path);
      continue;
    }
    const parts = token.split(".");
    if (parts.length >= 2 && parts.every((p) => IDENT.test(p))) {
      // A dotted name: a module path (`pkg.mod`), maybe ending in a class or function (`pkg.mod.Class.method`).
      // It may also be a file name (`setup.py`), tried first.
      const asFile = lookup.withBasename(token);
      if (asFile.length > 0) {
        give(asFile, MENTION_SCORE.basename);
        continue;
      }
      for (let n = parts.length; n >= 2; n--) {
        const files = lookup.byModule(parts.slice(0, n));
        if (files.length > 0) {
          give(files, n === parts.length ? MENTION_SCORE.module : MENTION_SCORE.modulePrefix);
          break;
        }
      }
      for (const p of parts) words.add(p);
      continue;
    }
    if (FILE_EXT.test(token)) {
      give(lookup.withBasename(token), MENTION_SCORE.basename);
      continue;
    }
    if (IDENT.test(token)) words.add(token);
  }
  // A bare word equal to a module's name ("the skipping plugin"): a weak hint, only for distinctive words.
  for (const word of words) {
    if (word.length < 5) continue;
    give(lookup.byStem(word), MENTION_SCORE.stem);
  }
  return scores;
}

/** A line of a stack trace (Python, pytest, Node, Java, Go, Rust), whose paths the trace signal reads. */
export function isFrameLine(line: string): boolean {
  return (
    /^\s*File "[^"]+", line \d+/.test(line) ||
    /^[\s>]*[^\s:"'()>][^\s:"'()]*\.py:\d+: /.test(line) ||
    /^\s*at .*:\d+(:\d+)?\)?\s*$/.test(line) ||
    /^\s*at [\w$.<>]+\([\w$]+\.\w+:\d+\)/.test(line) ||
    /^\s+\S+\.(go|rs):\d+/.test(line) ||
    /panicked at /.test(line)
  );
}

/** Strips URL schemes, fragments, line suffixes and surrounding punctuation from a path-like token (one scan each, no backtracking). */
function cleanToken(raw: string): string {
  let t = raw.replace(/\\/g, "/");
  t = t.replace(/^[a-z]+:\/\/+/i, "");
  const hash = t.indexOf("#");
  if (hash >= 0) t = t.slice(0, hash);
  t = t.slice(0, withoutLineSuffix(t));
  let lead = 0;
  while (lead < t.length && ".-~@+".includes(t[lead] ?? "")) lead++;
  if (lead > 0 && /[A-Za-z_/]/.test(t[lead] ?? "")) {
    const run = t.slice(0, lead);
    if (run !== "." && run !== "..") t = t.slice(lead);
  }
  let end = t.length;
  while (end > 0 && (t[end - 1] === "." || t[end - 1] === "-")) end--;
  return t.slice(0, end);
}

/** Where the trailing `:12` or `:12:5` of a token starts (its length when it has none). */
function withoutLineSuffix(t: string): number {
  let end = t.length;
  for (;;) {
    let j = end;
    while (j > 0 && (t[j - 1] ?? "") >= "0" && (t[j - 1] ?? "") <= "9") j--;
    if (j === end || j === 0 || t[j - 1] !== ":") return end;
    end = j - 1;
  }
}
