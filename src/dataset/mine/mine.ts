import { buildRecord, type Built } from "./build-record.js";
import type { Walked } from "./commit-walk.js";
import { pickContextFiles } from "./context-files.js";
import { BlobCache, type HistoryRepo } from "./history-repo.js";
import type { MinedRecord, RecordSource } from "./mined-record.js";
import { DEFAULT_LIMITS, DEFAULT_MAX_FILE_BYTES, type SizeLimits, type SkipReason } from "./mine-filters.js";
import { readChange } from "./read-change.js";

export interface MineOptions {
  /** The repository as the user named it (a path or URL), stored in each record. */
  repo: string;
  limits?: SizeLimits;
  /** Changed files larger than this are excluded as too large. */
  maxFileBytes?: number;
  /** Relevant unchanged files per record (0: none). */
  contextFiles?: number;
  /** Bytes of blobs kept in memory between commits for the locate index. */
  cacheBytes?: number;
}

export interface MineCounts {
  /** Commits or pull requests looked at. */
  examined: number;
  records: number;
  /** Records by where they came from: commits and merges (commit walk), pull requests. */
  kept: Partial<Record<RecordSource["kind"], number>>;
  skipped: Partial<Record<SkipReason, number>>;
}

export interface MineEvents {
  /** After each commit or pull request, with the totals so far. */
  onProgress?: (counts: MineCounts, last: { id: string } & Built) => void;
}

const DEFAULT_CONTEXT_FILES = 3;
const CONTEXT_MAX_BYTES = 100 * 1024;

/**
 * Turns history into records, one change at a time: each candidate's change is read, filtered
 * and written before the next is looked at, so memory stays bounded by one change plus the
 * blob cache, however long the history.
 */
export async function mine(
  repo: HistoryRepo,
  walk: AsyncIterable<Walked>,
  options: MineOptions,
  write: (record: MinedRecord) => Promise<void>,
  events: MineEvents = {},
): Promise<MineCounts> {
  const counts: MineCounts = { examined: 0, records: 0, kept: {}, skipped: {} };
  const cache = new BlobCache(options.cacheBytes ?? 64 * 1024 * 1024);
  const limits = options.limits ?? DEFAULT_LIMITS;
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const contextCount = options.contextFiles ?? DEFAULT_CONTEXT_FILES;
  for await (const walked of walk) {
    counts.examined++;
    let built: Built;
    let id: string;
    if (walked.kind === "skipped") {
      id = walked.id;
      built = { kind: "skipped", reason: walked.reason, ...(walked.detail === undefined ? {} : { detail: walked.detail }) };
    } else {
      const { candidate } = walked;
      id = candidate.id;
      const change = await readChange(repo, candidate.base, candidate.head, maxFileBytes);
      const changed = new Set(change.files.map((f) => f.path));
      built = await buildRecord(options.repo, candidate, change, limits, () =>
        pickContextFiles(repo, cache, candidate.base, candidate.task, changed, { count: contextCount, maxFileBytes: CONTEXT_MAX_BYTES }),
      );
    }
    if (built.kind === "record") {
      counts.records++;
      const kind = built.record.source.kind;
      counts.kept[kind] = (counts.kept[kind] ?? 0) + 1;
      await write(built.record);
    } else {
      counts.skipped[built.reason] = (counts.skipped[built.reason] ?? 0) + 1;
    }
    events.onProgress?.(counts, { id, ...built });
  }
  return counts;
}
