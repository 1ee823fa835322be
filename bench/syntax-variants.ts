/**
 * Broken variants of an edited file, made mechanically from the lines the edit wrote: what a model's slip
 * looks like. Each returns the variant's text, or null when the edit gives it nothing to work on.
 */
import { mapLines, textLines } from "../src/edit/line-map.js";

export const VARIANTS = ["drop-bracket", "cut-line", "dedent-block", "conflict-marker", "duplicate-def"] as const;
export type VariantKind = (typeof VARIANTS)[number];

interface Edited {
  oldLines: string[];
  lines: string[];
  /** The lines the edit wrote (0-based, in the new text), or the lines beside a pure deletion. */
  added: number[];
  hunks: ReturnType<typeof mapLines>["hunks"];
  eol: string;
}

function edited(before: string, after: string): Edited {
  const map = mapLines(before, after);
  const lines = textLines(after);
  const added: number[] = [];
  for (const h of map.hunks) {
    if (h.newEnd > h.newStart) for (let l = h.newStart; l < h.newEnd; l++) added.push(l);
    else for (const l of [h.newStart - 1, h.newStart]) if (l >= 0 && l < lines.length) added.push(l);
  }
  return { oldLines: textLines(before), lines, added: added.filter((l) => (lines[l] ?? "").trim() !== ""), hunks: map.hunks, eol: after.includes("\r\n") ? "\r\n" : "\n" };
}

const join = (e: Edited, lines: string[]): string => lines.join(e.eol) + e.eol;
const indent = (line: string): number => /^[ \t]*/.exec(line)?.[0].length ?? 0;
const HEADER = /^\s*(?:async\s+)?(?:def|class|if|elif|else|for|while|try|except|finally|with)\b.*:\s*(#.*)?$/;

function dropBracket(e: Edited): string | null {
  for (const l of e.added) {
    const line = e.lines[l] ?? "";
    const at = Math.max(line.lastIndexOf(")"), line.lastIndexOf("]"), line.lastIndexOf("}"));
    if (at < 0) continue;
    const lines = [...e.lines];
    lines[l] = line.slice(0, at) + line.slice(at + 1);
    return join(e, lines);
  }
  return null;
}

function cutLine(e: Edited): string | null {
  for (const l of e.added) {
    const line = e.lines[l] ?? "";
    const body = line.trim();
    if (body.length < 10) continue;
    const lines = [...e.lines];
    lines[l] = line.slice(0, indent(line) + Math.floor(body.length / 2));
    return join(e, lines);
  }
  return null;
}

/** The header of the block the edit wrote in, or that holds its first line. */
function headerFor(e: Edited): number | null {
  const own = e.added.find((l) => HEADER.test(e.lines[l] ?? "") && indent(e.lines[l + 1] ?? "") > indent(e.lines[l] ?? ""));
  if (own !== undefined) return own;
  const first = e.added[0];
  if (first === undefined) return null;
  for (let l = first - 1; l >= 0; l--) {
    const line = e.lines[l] ?? "";
    if (line.trim() !== "" && indent(line) < indent(e.lines[first] ?? "") && HEADER.test(line)) return l;
  }
  return null;
}

function dedentBlock(e: Edited): string | null {
  const header = headerFor(e);
  if (header === null) return null;
  const base = indent(e.lines[header] ?? "");
  const lines = [...e.lines];
  let body = -1;
  for (let l = header + 1; l < lines.length; l++) {
    const line = lines[l] ?? "";
    if (line.trim() === "") continue;
    if (indent(line) <= base) break;
    if (body < 0) body = indent(line) - base;
    lines[l] = line.slice(Math.min(body, indent(line)));
  }
  return body < 0 ? null : join(e, lines);
}

function conflictMarker(e: Edited): string | null {
  const hunk = e.hunks[0];
  if (hunk === undefined) return null;
  const ours = e.lines.slice(hunk.newStart, hunk.newEnd);
  const theirs = e.oldLines.slice(hunk.oldStart, hunk.oldEnd);
  const lines = [...e.lines.slice(0, hunk.newStart), "<<<<<<< HEAD", ...ours, "=======", ...theirs, ">>>>>>> upstream", ...e.lines.slice(hunk.newEnd)];
  return join(e, lines);
}

function duplicateDef(e: Edited): string | null {
  const isDef = (l: number): boolean => /^\s*(async\s+)?def\s/.test(e.lines[l] ?? "");
  let at = e.added.find(isDef);
  if (at === undefined) {
    const first = e.added[0] ?? 0;
    for (let l = first; l >= 0 && at === undefined; l--) if (isDef(l)) at = l;
  }
  if (at === undefined) return null;
  const lines = [...e.lines];
  lines.splice(at, 0, lines[at] ?? "");
  return join(e, lines);
}

const MAKERS: Record<VariantKind, (e: Edited) => string | null> = {
  "drop-bracket": dropBracket,
  "cut-line": cutLine,
  "dedent-block": dedentBlock,
  "conflict-marker": conflictMarker,
  "duplicate-def": duplicateDef,
};

/** Every variant the edit allows, by kind; a variant equal to the edit's own text is left out. */
export function brokenVariants(before: string, after: string): Array<{ kind: VariantKind; text: string }> {
  const e = edited(before, after);
  const out: Array<{ kind: VariantKind; text: string }> = [];
  for (const kind of VARIANTS) {
    const text = MAKERS[kind](e);
    if (text !== null && text !== after) out.push({ kind, text });
  }
  return out;
}
