import type { Candidate } from "./build-record.js";
import type { HistoryRepo } from "./history-repo.js";
import type { RecordSource } from "./mined-record.js";
import { mergedCommits } from "./merged-commits.js";
import { mergedPullRequest, mergeTask, subjectOf } from "./merge-task.js";
import { botMarker, type SkipReason } from "./mine-filters.js";

export type Walked = { kind: "candidate"; candidate: Candidate } | { kind: "skipped"; id: string; reason: SkipReason; detail?: string };

export interface WalkOptions {
  /** Name used in record ids, e.g. `pallets__flask`. */
  repoName: string;
  /** The commit to start from (newest). */
  start: string;
  /** Stop before commits whose committer date is earlier (seconds since the epoch). */
  since?: number;
  /** Stop after this many commits. */
  limit?: number;
}

export function recordId(repoName: string, sha: string): string {
  return `${repoName}@${sha.slice(0, 12)}`;
}

/**
 * How many commits `walkFirstParent` looks at with these options: the first-parent chain from
 * `start`, down to `since`, at most `limit`. Reads commit objects only (no trees, no diffs), so it
 * costs a small part of the walk itself; progress shows a total and the time left with it.
 */
export async function countFirstParent(repo: HistoryRepo, options: Omit<WalkOptions, "repoName">): Promise<number> {
  let oid: string | undefined = options.start;
  let seen = 0;
  while (oid !== undefined && (options.limit === undefined || seen < options.limit)) {
    const commit = await repo.readCommit(oid);
    if (options.since !== undefined && commit.committer.timestamp < options.since) break;
    seen++;
    oid = commit.parents[0];
  }
  return seen;
}

/**
 * First-parent history from `start`, newest first, read one commit at a time: the changes a
 * branch actually took, each against its first parent. A merge is the change its branch
 * brought (a pull request, when merged with a merge commit), its task the merge message and
 * the subjects of the commits it brought in. The root commit, which has no base, is reported
 * as skipped; so are bot changes (SWE-RL's markers in the author's name or email or in the
 * message; for a merge, also when every commit it brought in is a bot's).
 */
export async function* walkFirstParent(repo: HistoryRepo, options: WalkOptions): AsyncGenerator<Walked> {
  let oid: string | undefined = options.start;
  let seen = 0;
  while (oid !== undefined && (options.limit === undefined || seen < options.limit)) {
    const commit = await repo.readCommit(oid);
    if (options.since !== undefined && commit.committer.timestamp < options.since) return;
    seen++;
    const id = recordId(options.repoName, commit.oid);
    const base = commit.parents[0];
    oid = base;
    if (base === undefined) {
      yield { kind: "skipped", id, reason: "root" };
      continue;
    }
    const date = new Date(commit.committer.timestamp * 1000).toISOString();
    let marker = botMarker(commit.author.name, commit.author.email, commit.message);
    let task = commit.message.trim();
    let source: RecordSource = { kind: "commit", author: commit.author.name, date };
    if (commit.parents.length > 1 && marker === null) {
      const merged = await mergedCommits(repo, commit);
      // Merges inside the branch (the base merged in, say) are not its work.
      const authored = merged.filter((c) => c.parents.length === 1);
      const markers = authored.map((c) => botMarker(c.author.name, c.author.email));
      if (markers.length > 0 && markers.every((m) => m !== null)) marker = markers[0] ?? null;
      task = mergeTask(commit.message, authored.map((c) => subjectOf(c.message)).reverse());
      source = { kind: "merge", number: mergedPullRequest(commit.message), author: commit.author.name, date, commits: merged.length };
    }
    if (marker !== null) {
      yield { kind: "skipped", id, reason: "bot", detail: marker };
      continue;
    }
    if (task === "") {
      yield { kind: "skipped", id, reason: "no-task" };
      continue;
    }
    yield { kind: "candidate", candidate: { id, base, head: commit.oid, task, source } };
  }
}
