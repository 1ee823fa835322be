import type { Hunk, LineMap } from "../edit/line-map.js";
import { extensionOf } from "../locate/tree-sitter-grammars.js";
import type { Finding } from "./types.js";

/**
 * Checks that need no parser, on the lines an edit wrote: leftover conflict markers, a placeholder where
 * code was, and tabs mixed with spaces in a language where indentation is syntax.
 */
export interface EditedText {
  path: string;
  /** null: the file is new. */
  oldLines: readonly string[] | null;
  newLines: readonly string[];
  map: LineMap;
}

const MARKER = /^(<{7}|>{7}|\|{7})(?: |$)/;
const DIVIDER = /^={7}$/;
const MARKDOWN = /\.(md|markdown|mdx|rst|txt)$/i;

function addedLines(text: EditedText): number[] {
  const out: number[] = [];
  for (const hunk of text.map.hunks) for (let l = hunk.newStart; l < hunk.newEnd; l++) out.push(l);
  return out;
}

/** Lines inside fenced code blocks of a Markdown file, where conflict markers may be an example. */
function fencedLines(lines: readonly string[]): Set<number> {
  const out = new Set<number>();
  let fence: string | null = null;
  lines.forEach((line, i) => {
    const open = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === null && open !== undefined) fence = open;
    else if (fence !== null && open !== undefined && open.startsWith(fence)) fence = null;
    else if (fence !== null) out.add(i);
  });
  return out;
}

/** Conflict markers (`<<<<<<<`, `>>>>>>>`, `|||||||`, and `=======` beside them) the edit wrote. */
export function conflictMarkers(text: EditedText): Finding[] {
  const examples = MARKDOWN.test(text.path) ? fencedLines(text.newLines) : new Set<number>();
  const added = addedLines(text).filter((l) => !examples.has(l));
  const markers = added.filter((l) => MARKER.test(text.newLines[l] ?? ""));
  if (markers.length === 0) return [];
  const dividers = added.filter((l) => DIVIDER.test(text.newLines[l] ?? ""));
  return [...markers, ...dividers]
    .sort((a, b) => a - b)
    .map((line) => ({
      rule: "conflict-marker",
      severity: "error",
      path: text.path,
      line,
      column: 0,
      message: "a leftover conflict marker",
      detail: `\`${(text.newLines[line] ?? "").slice(0, 20)}\` is a conflict or SEARCH/REPLACE marker, not part of the file`,
    }));
}

const COMMENT = /^\s*(?:#+|\/\/+|\/\*+|<!--|--|;+|%+|\{\/\*)\s*(.*?)\s*(?:\*\/|-->|\*\/\})?\s*$/;
/** A placeholder is a short comment; a long one that mentions "unchanged lines" is prose. */
const PLACEHOLDER_CHARS = 60;
const ELLIPSIS = /^(?:\.{3}|…)$/;
const PLACEHOLDER_WORDS = /\b(rest|remaining|existing|unchanged|same|omitted|other|previous|original|more|code|implementation|methods?|functions?|here)\b/i;
/** Phrases that say code was left out, at the start or the end of the comment. */
const PLACEHOLDER_START = /^(\.{3}|…)?\s*(the )?(rest of (the )?(file|code|function|class|method|module|implementation|body)|(other|existing|previous|original|remaining) (code|methods|functions|implementation|lines))\b/i;
const PLACEHOLDER_END = /\b(omitted|elided|for brevity)\W*$/i;
/** Endings that say code was left out only when the comment says what was. */
const PLACEHOLDER_WEAK_END = /\b(the same|unchanged|as before)\W*$/i;
/** What a placeholder says was left out. */
const CODE_NOUNS = /\b(code|file|function|method|class|module|implementation|lines|rest|body)\b/i;

/** Whether a line is a comment that stands for code left out ("... rest of the file unchanged"). */
export function isPlaceholderComment(line: string): boolean {
  const body = COMMENT.exec(line)?.[1];
  if (body === undefined || body.length > PLACEHOLDER_CHARS) return false;
  if (ELLIPSIS.test(body)) return true;
  if (PLACEHOLDER_START.test(body) || PLACEHOLDER_END.test(body) || (PLACEHOLDER_WEAK_END.test(body) && CODE_NOUNS.test(body))) return true;
  return /(^(\.{3}|…))|((\.{3}|…)$)/.test(body) && PLACEHOLDER_WORDS.test(body);
}

function nonBlank(lines: readonly string[] | null, from: number, to: number): number {
  let n = 0;
  for (let l = from; l < to; l++) if ((lines?.[l] ?? "").trim() !== "") n++;
  return n;
}

/**
 * A placeholder left where code was: a comment saying code was left out, or a bare `...` line in place of
 * lines the edit removed (Python's `...` as a new stub body is code, not a placeholder).
 */
export function placeholders(text: EditedText): Finding[] {
  const out: Finding[] = [];
  const shrank = (hunk: Hunk): boolean => {
    const removed = nonBlank(text.oldLines, hunk.oldStart, hunk.oldEnd);
    return removed >= 2 && removed > nonBlank(text.newLines, hunk.newStart, hunk.newEnd);
  };
  for (const hunk of text.map.hunks) {
    for (let line = hunk.newStart; line < hunk.newEnd; line++) {
      const content = text.newLines[line] ?? "";
      const bare = ELLIPSIS.test(content.trim());
      if (!(bare && shrank(hunk)) && !(!bare && isPlaceholderComment(content))) continue;
      out.push({ rule: "placeholder", severity: "error", path: text.path, line, column: 0, message: "a placeholder where code was", detail: `\`${content.trim().slice(0, 60)}\` stands for code left out: write the code out in full` });
    }
  }
  return out;
}

/** Languages where indentation is syntax, so tabs and spaces must not mix. */
const INDENT_SENSITIVE = new Set(["py", "pyi", "pyw", "pyx", "pxd", "yaml", "yml", "coffee", "sass", "styl", "pug", "jade", "haml", "slim", "nim"]);

type IndentStyle = "tabs" | "spaces" | "none" | "mixed";

function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? "";
}

function styleOf(lines: readonly string[]): IndentStyle {
  let tabs = 0;
  let spaces = 0;
  lines.forEach((line) => {
    if (line.trim() === "") return;
    const first = indentOf(line)[0];
    if (first === "\t") tabs++;
    else if (first === " ") spaces++;
  });
  return tabs > 0 && spaces > 0 ? "mixed" : tabs > 0 ? "tabs" : spaces > 0 ? "spaces" : "none";
}

/** Tabs and spaces mixed in the indentation the edit wrote, in a file whose indentation did not mix them. */
export function mixedIndentation(text: EditedText): Finding[] {
  if (!INDENT_SENSITIVE.has(extensionOf(text.path))) return [];
  const before = text.oldLines === null ? "none" : styleOf(text.oldLines);
  if (before === "mixed") return [];
  const added = addedLines(text).filter((l) => (text.newLines[l] ?? "").trim() !== "");
  const finding = (line: number, detail: string): Finding[] => [{ rule: "mixed-indent", severity: "error", path: text.path, line, column: 0, message: "tabs mixed with spaces in the indentation", detail }];
  // A file with no indentation yet takes the style of the first indented line the edit wrote.
  const firstIndented = added.map((l) => indentOf(text.newLines[l] ?? "")).find((indent) => indent !== "");
  const expected = before !== "none" ? before : firstIndented === undefined ? "none" : firstIndented.startsWith("\t") ? "tabs" : "spaces";
  for (const line of added) {
    const indent = indentOf(text.newLines[line] ?? "");
    if (indent.includes(" \t")) return finding(line, "the indentation has a space before a tab");
    if (expected === "spaces" && indent.includes("\t")) return finding(line, "the line is indented with a tab where the file indents with spaces");
    if (expected === "tabs" && indent.startsWith(" ")) return finding(line, "the line is indented with spaces where the file indents with tabs");
  }
  return [];
}
