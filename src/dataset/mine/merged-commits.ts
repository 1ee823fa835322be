import type { CommitInfo } from "../../git/git-repository.js";
import type { HistoryRepo } from "./history-repo.js";

/** Commits a merge brought in, at most this many read (a long-lived branch merged back, say). */
const MAX_READS = 2000;

const FIRST = 1;
const MERGED = 2;

/**
 * The commits a merge brought in: reachable from its other parents and not from its first
 * parent (`git rev-list ^P1 P2…`), newest first. Walks both sides newest first by committer
 * date, marking what the first parent reaches, and stops when only such commits are left to
 * read, as git does; a commit marked later is taken back out. Reads at most `maxReads` commits.
 */
export async function mergedCommits(repo: HistoryRepo, merge: CommitInfo, maxReads = MAX_READS): Promise<CommitInfo[]> {
  const [first, ...others] = merge.parents;
  if (first === undefined || others.length === 0) return [];
  const flags = new Map<string, number>();
  const read = new Map<string, CommitInfo>();
  /** Oids to visit, oldest first, so the newest is popped. */
  const queue: { oid: string; time: number }[] = [];
  const enqueue = async (oid: string, flag: number): Promise<void> => {
    const before = flags.get(oid) ?? 0;
    if ((before | flag) === before) return;
    flags.set(oid, before | flag);
    if (queue.some((q) => q.oid === oid)) return;
    let commit = read.get(oid);
    if (commit === undefined) {
      if (read.size >= maxReads) return;
      // A shallow clone ends somewhere: what cannot be read is left out.
      const loaded = await repo.readCommit(oid).catch(() => null);
      if (loaded === null) return;
      commit = loaded;
      read.set(oid, commit);
    }
    const time = commit.committer.timestamp;
    let at = queue.length;
    while (at > 0 && (queue[at - 1]?.time ?? 0) > time) at--;
    queue.splice(at, 0, { oid, time });
  };
  await enqueue(first, FIRST);
  for (const oid of others) await enqueue(oid, MERGED);
  while (queue.some((q) => (flags.get(q.oid) ?? 0) === MERGED)) {
    const next = queue.pop();
    if (next === undefined) break;
    const commit = read.get(next.oid);
    const flag = flags.get(next.oid) ?? 0;
    if (commit === undefined) continue;
    for (const parent of commit.parents) await enqueue(parent, flag);
  }
  return [...read.values()]
    .filter((c) => flags.get(c.oid) === MERGED)
    .sort((a, b) => b.committer.timestamp - a.committer.timestamp);
}
