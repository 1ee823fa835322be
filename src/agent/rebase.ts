import { threeWayMerge } from "../edit/three-way-merge.js";
import type { FileChange, FileEntry, GitAuthor, Workspace } from "../git/workspace.js";

export type RebaseResult = { kind: "rebased"; commit: string } | { kind: "conflict"; paths: string[] };

export interface RebaseInput {
  /** The commit the branch was built on, its head, and the commit it moves onto. */
  oldBase: string;
  head: string;
  newBase: string;
  message: string;
  author: GitAuthor;
  timestamp: number;
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
 * Moves a branch's changes (oldBase → head) onto newBase as one commit, merging each
 * file three ways. Files changed on both sides in overlapping lines are conflicts.
 */
export async function rebaseBranch(ws: Workspace, input: RebaseInput): Promise<RebaseResult> {
  const [base, head, onto] = await Promise.all([ws.listFiles(input.oldBase), ws.listFiles(input.head), ws.listFiles(input.newBase)].map(async (p) => byPath(await p)));
  if (base === undefined || head === undefined || onto === undefined) throw new Error("unreachable");
  const paths = new Set([...base.keys(), ...head.keys()]);
  const changes: FileChange[] = [];
  const conflicts: string[] = [];
  for (const path of [...paths].sort()) {
    const b = base.get(path);
    const theirs = head.get(path);
    const ours = onto.get(path);
    if (b === theirs || ours === theirs) continue;
    if (ours === b) {
      changes.push({ path, content: theirs === undefined ? null : await ws.readFile(input.head, path) });
      continue;
    }
    if (b === undefined || theirs === undefined || ours === undefined) {
      conflicts.push(path);
      continue;
    }
    const [tb, to, tt] = [text(await ws.readFile(input.oldBase, path)), text(await ws.readFile(input.newBase, path)), text(await ws.readFile(input.head, path))];
    if (typeof tb !== "string" || typeof to !== "string" || typeof tt !== "string") {
      conflicts.push(path);
      continue;
    }
    const merged = threeWayMerge(tb, to, tt);
    if (merged.ok) changes.push({ path, content: merged.text });
    else conflicts.push(path);
  }
  if (conflicts.length > 0) return { kind: "conflict", paths: conflicts };
  const commit = await ws.commit({ parent: input.newBase, changes, message: input.message, author: input.author, timestamp: input.timestamp });
  return { kind: "rebased", commit };
}
