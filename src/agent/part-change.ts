import type { ProgressSubtask } from "../github/progress-comment.js";
import type { Workspace } from "../git/workspace.js";
import { distanceAbove } from "./rebase.js";

export type PartChange = NonNullable<ProgressSubtask["change"]>;

/** Parts that change more files than this keep no record of their change (it would bloat the signed state). */
const MAX_FILES = 300;

function blobs(entries: ReadonlyArray<{ path: string; oid: string }>): Map<string, string> {
  return new Map(entries.map((e) => [e.path, e.oid]));
}

/** What `head` changes from `base`, as the state keeps it; null when it cannot be said (history too deep, too many files). */
export async function changeOf(ws: Workspace, base: string, head: string, depth: number): Promise<PartChange | null> {
  const commits = await distanceAbove(ws, base, head, depth);
  if (commits === null || commits === 0) return null;
  const [before, after] = await Promise.all([ws.listFiles(base), ws.listFiles(head)]).then(([b, a]) => [blobs(b), blobs(a)] as const);
  const files: PartChange["files"] = [];
  for (const path of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const b = before.get(path) ?? null;
    const a = after.get(path) ?? null;
    if (b !== a) files.push({ path, before: b, after: a });
  }
  return files.length > MAX_FILES ? null : { commits, files };
}

/**
 * Whether `head`'s tree is exactly `onto`'s with `change` applied: every file the change touched
 * is at the change's result, where `onto` had it as the change started or ended it, and every
 * other file is as `onto` has it. A file `onto` changed differently would need its contents
 * merged to tell, so it does not count as the same change.
 */
export async function isSameChangeOn(ws: Workspace, change: PartChange, onto: string, head: string): Promise<boolean> {
  const [base, now] = await Promise.all([ws.listFiles(onto), ws.listFiles(head)]).then(([o, h]) => [blobs(o), blobs(h)] as const);
  const changed = new Map(change.files.map((f) => [f.path, f]));
  for (const path of new Set([...base.keys(), ...now.keys(), ...changed.keys()])) {
    const o = base.get(path) ?? null;
    const f = changed.get(path);
    let expected = o;
    if (f !== undefined) {
      if (o !== f.before && o !== f.after) return false;
      expected = f.after;
    }
    if ((now.get(path) ?? null) !== expected) return false;
  }
  return true;
}
