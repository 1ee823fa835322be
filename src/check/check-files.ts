import { mapLines, textLines, type LineMap } from "../edit/line-map.js";
import { addedProblems, syntaxFinding } from "./added-problems.js";
import { conflictMarkers, mixedIndentation, placeholders, type EditedText } from "./cheap-checks.js";
import type { Finding, ParsedFile, SourceParser } from "./types.js";

/** A file as the edit found it and as it leaves it (null: missing before, deleted after). */
export interface FileEdit {
  path: string;
  before: string | null;
  after: string | null;
}

/** One edited file, parsed both ways, for checks that read code (static-checks.ts). */
export interface ParsedEdit {
  path: string;
  before: ParsedFile | null;
  after: ParsedFile;
  map: LineMap;
  newText: string;
}

/** A check that reads the parsed code of an edited file. */
export type CodeCheck = (edit: ParsedEdit) => Promise<Finding[]>;

export interface CheckOptions {
  /** Tried in order; the first that knows a path's language parses it. */
  parsers: readonly SourceParser[];
  /** Static checks run after the syntax check, on files that parse. */
  codeChecks?: readonly CodeCheck[];
}

/** Syntax problems reported per file: the first few say enough, and a broken file can have hundreds. */
const MAX_SYNTAX_FINDINGS = 3;

/** The first parser's reading of the file; a parser that fails is taken as having none for it (never a crash). */
async function parse(parsers: readonly SourceParser[], path: string, text: string, facts: boolean): Promise<ParsedFile | null> {
  for (const parser of parsers) {
    let parsed: ParsedFile | null;
    try {
      parsed = await parser.parse(path, text, { facts });
    } catch {
      return null;
    }
    if (parsed !== null) return parsed;
  }
  return null;
}

/** The checks of one edited file: its parse against the old one, then the cheap checks, then code checks. */
async function checkFile(edit: FileEdit & { after: string }, options: CheckOptions): Promise<Finding[]> {
  const map = mapLines(edit.before, edit.after);
  if (map.hunks.length === 0) return [];
  const text: EditedText = { path: edit.path, oldLines: edit.before === null ? null : textLines(edit.before), newLines: textLines(edit.after), map };
  const findings: Finding[] = [...conflictMarkers(text), ...placeholders(text), ...mixedIndentation(text)];
  const facts = (options.codeChecks?.length ?? 0) > 0;
  // The old text first: a parser that keeps its last tree parses the new text from it.
  const before = edit.before === null ? null : await parse(options.parsers, edit.path, edit.before, facts);
  const after = await parse(options.parsers, edit.path, edit.after, facts);
  if (after === null) return findings;
  const added = addedProblems(before, after, map);
  findings.push(...added.slice(0, MAX_SYNTAX_FINDINGS).map((p) => syntaxFinding(edit.path, p, map)));
  if (added.length > 0) return findings;
  for (const check of options.codeChecks ?? []) findings.push(...(await check({ path: edit.path, before, after, map, newText: edit.after })));
  return findings;
}

/**
 * Checks every file an edit changed: a syntax error, a conflict marker, a placeholder, mixed indentation
 * the edit added (never what the file already had), then the static checks. Deleted files are not checked.
 */
export async function checkFiles(edits: readonly FileEdit[], options: CheckOptions): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const edit of edits) {
    if (edit.after === null || edit.after === edit.before) continue;
    out.push(...(await checkFile({ ...edit, after: edit.after }, options)));
  }
  return out.sort((a, b) => (a.path === b.path ? a.line - b.line : a.path < b.path ? -1 : 1));
}
