import { threeWayMerge } from "../edit/three-way-merge.js";
import type { FileChange, FileEntry, Workspace } from "../git/workspace.js";

/** A text file both sides changed in overlapping lines: the three versions, and the file with conflict markers. */
export interface ConflictFile {
  path: string;
  base: string;
  /** The new base's version, and the part's. */
  ours: string;
  theirs: string;
  marked: string;
}

export interface TreeMerge {
  /** What the part's changes make of the new base's files, where they merge cleanly. */
  changes: FileChange[];
  /** Text files with overlapping changes, which a person or the model can resolve. */
  conflicts: ConflictFile[];
  /** Files that cannot be merged as text: binary on a side, or deleted on one side and changed on the other. */
  unmergeable: string[];
}

export interface MoveInput {
  /** The commit the branch's changes start from (the rebase's upstream), its head, and the commit it moves onto. */
  oldBase: string;
  head: string;
  newBase: string;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

function text(bytes: Uint8Array | null): string | null | undefined {
  if (bytes === null) return null;
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

function byPath(entries: FileEntry[]): Map<string, string> {
  return new Map(entries.map((e) => [e.path, e.oid]));
}

/**
 * The branch's changes (oldBase → head) merged onto newBase, file by file, three ways. Only
 * files the branch changed are looked at; a file the new base also changed in overlapping
 * lines is a conflict.
 */
export async function mergeTrees(ws: Workspace, input: MoveInput): Promise<TreeMerge> {
  const [base, head, onto] = await Promise.all([ws.listFiles(input.oldBase), ws.listFiles(input.head), ws.listFiles(input.newBase)].map(async (p) => byPath(await p)));
  if (base === undefined || head === undefined || onto === undefined) throw new Error("unreachable");
  const paths = new Set([...base.keys(), ...head.keys()]);
  const out: TreeMerge = { changes: [], conflicts: [], unmergeable: [] };
  for (const path of [...paths].sort()) {
    const b = base.get(path);
    const theirs = head.get(path);
    const ours = onto.get(path);
    if (b === theirs || ours === theirs) continue;
    if (ours === b) {
      out.changes.push({ path, content: theirs === undefined ? null : await ws.readFile(input.head, path) });
      continue;
    }
    if (b === undefined || theirs === undefined || ours === undefined) {
      out.unmergeable.push(path);
      continue;
    }
    const [tb, to, tt] = [text(await ws.readFile(input.oldBase, path)), text(await ws.readFile(input.newBase, path)), text(await ws.readFile(input.head, path))];
    if (typeof tb !== "string" || typeof to !== "string" || typeof tt !== "string") {
      out.unmergeable.push(path);
      continue;
    }
    const merged = threeWayMerge(tb, to, tt);
    if (merged.ok) out.changes.push({ path, content: merged.text });
    else out.conflicts.push({ path, base: tb, ours: to, theirs: tt, marked: merged.marked });
  }
  return out;
}

/** How many commits `head` is above `base` on its first-parent line, within `limit`; null when base is not on it. */
export async function distanceAbove(ws: Workspace, base: string, head: string, limit: number): Promise<number | null> {
  let at: string | undefined = head;
  for (let n = 0; n <= limit && at !== undefined; n++) {
    if (at === base) return n;
    const parents: string[] | null = await ws.parentsOf(at);
    at = parents?.[0];
  }
  return null;
}

/** Whether `ancestor` is `head` or one of its ancestors within `limit` commits (every parent followed). */
export async function isAncestor(ws: Workspace, ancestor: string, head: string, limit: number): Promise<boolean> {
  const seen = new Set<string>();
  let level = [head];
  for (let depth = 0; depth <= limit && level.length > 0; depth++) {
    const next: string[] = [];
    for (const oid of level) {
      if (oid === ancestor) return true;
      if (seen.has(oid)) continue;
      seen.add(oid);
      next.push(...((await ws.parentsOf(oid)) ?? []));
    }
    level = next;
  }
  return false;
}

/** The first-parent ancestor `n` commits below `head`, or null when the history here is shorter. */
export async function ancestorAt(ws: Workspace, head: string, n: number): Promise<string | null> {
  let at: string | null = head;
  for (let i = 0; i < n && at !== null; i++) at = (await ws.parentsOf(at))?.[0] ?? null;
  return at;
}
