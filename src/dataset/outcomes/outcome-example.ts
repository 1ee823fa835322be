import { recordOf, type Candidate } from "../mine/build-record.js";
import type { ChangedFile, MinedRecord, RecordSource } from "../mine/mined-record.js";
import type { OutcomeLine } from "./outcome-line.js";

/**
 * What an outcome line is for training. A pull request merged (as the bot wrote it, or after
 * someone's commits) is an example like a mined record, whose oracle is the change as merged:
 * base to final head. One closed without merging is a negative: the bot's change, base to the
 * bot's head, is an answer that was turned down. Either needs the texts the line carries
 * (`files`); without them, or when the change is not one a model can be asked for (nothing
 * left, tests only, a SEARCH SWE-RL cannot write), the line is unusable, with the reason. Pure.
 */

export interface NegativeExample {
  id: string;
  /** The repository's web address (or `owner/name`). */
  repo: string;
  base_sha: string;
  bot_head_sha: string;
  source: Extract<RecordSource, { kind: "outcome" }>;
  task: string;
  /** Why it is a negative. */
  reason: string;
  /** The bot's change, as a record would hold it: its code files, apart from its tests, and their patches. */
  rejected: Pick<MinedRecord, "changed_files" | "test_files" | "patch" | "test_patch" | "stats" | "difficulty">;
}

export type FromOutcome =
  | { kind: "example"; record: MinedRecord }
  | { kind: "negative"; negative: NegativeExample }
  | { kind: "unusable"; id: string; reason: string };

/** `owner__name#N`, as the pull-request walk names the same pull request. */
export function outcomeId(line: Pick<OutcomeLine, "repo" | "pr">): string {
  return `${line.repo.replace("/", "__")}#${line.pr}`;
}

/** The repository's web address, which clones (`https://github.com/owner/name`), from the pull request's; else `owner/name`. */
function repositoryOf(line: Pick<OutcomeLine, "repo" | "pr_url">): string {
  const match = /^(https?:\/\/[^/]+\/[\w.-]+\/[\w.-]+)\/pull\/\d+$/.exec(line.pr_url);
  return match?.[1] ?? line.repo;
}

const UNUSABLE: Record<string, string> = {
  empty: "the change leaves every file as it was",
  "tests-only": "the change touches only tests",
  "swe-rl-format": "SWE-RL's answer format cannot write the change",
};

function unusableReason(reason: string, detail: string | undefined): string {
  const text = UNUSABLE[reason] ?? `every changed file is left out (${reason})`;
  return detail === undefined ? text : `${text}: ${detail}`;
}

export function fromOutcome(line: OutcomeLine): FromOutcome {
  const id = outcomeId(line);
  const source: NegativeExample["source"] = {
    kind: "outcome",
    outcome: line.outcome,
    number: line.pr,
    url: line.pr_url,
    issue: line.issue,
    part: line.part,
    parts: line.parts,
    model: line.model,
    closed_at: line.closed_at,
  };
  const merged = line.outcome !== "closed";
  const head = merged ? line.final_head_sha : line.bot_head_sha;
  if (line.files === undefined || line.files === null || line.base_sha === null || head === null) {
    return { kind: "unusable", id, reason: `the line has no file texts (${line.note ?? "written before outcome lines kept them"})` };
  }
  const files: ChangedFile[] = line.files
    .map((f) => ({ path: f.path, old_content: f.base, new_content: merged ? f.final : f.bot }))
    .filter((f) => f.old_content !== f.new_content);
  const excluded = line.excluded_files ?? [];
  const candidate: Candidate = { id, base: line.base_sha, head, task: line.task, source };
  const built = recordOf(repositoryOf(line), candidate, { files, excluded, renames: [] }, { maxFiles: Infinity, maxLines: Infinity });
  if (built.kind === "skipped") return { kind: "unusable", id, reason: unusableReason(built.reason, built.detail) };
  if (merged) return { kind: "example", record: built.record };
  const { changed_files, test_files, patch, test_patch, stats, difficulty } = built.record;
  const someoneElse = line.final_head_sha !== null && line.final_head_sha !== line.bot_head_sha;
  return {
    kind: "negative",
    negative: {
      id,
      repo: repositoryOf(line),
      base_sha: line.base_sha,
      bot_head_sha: head,
      source,
      task: line.task,
      reason: `closed without merging${someoneElse ? ", after commits by someone else" : ""}`,
      rejected: { changed_files, test_files, patch, test_patch, stats, difficulty },
    },
  };
}
