import { countFirstParent, walkFirstParent, type Walked } from "../dataset/mine/commit-walk.js";
import { walkPullRequests } from "../dataset/mine/pull-request-walk.js";
import { RestPullRequestSource } from "../github/rest-pull-request-source.js";
import { mine, type MineCounts } from "../dataset/mine/mine.js";
import { DEFAULT_LIMITS, DEFAULT_MAX_FILE_BYTES } from "../dataset/mine/mine-filters.js";
import { parseCliArgs, parseDate, positiveInt } from "./cli-args.js";
import { UsageError, type CliCommand } from "./io.js";
import { openJsonlFile } from "./jsonl-writer.js";
import { isUrl, openRepo } from "./open-repo.js";
import { ProgressLine } from "./progress-bar.js";

const HELP = `usage: stacksmith mine --repo <path|url> --out records.jsonl [options]

Walks a repository's history and writes one JSON line per kept change (see README, "Mined records").
  --repo <path|url>     a repository on disk (bare or not) or a URL to clone with full history
  --out <file>          where to write the records (- for standard output)
  --ref <ref>           where history starts (default HEAD)
  --since <date>        stop at changes older than this date (2024-01-31 or ISO 8601)
  --limit <n>           look at most at n commits (or merged pull requests)
  --context-files <n>   relevant unchanged files per record, picked by the locate prefilter (default 3; 0: none)
  --max-files <n>       skip changes touching more files (default ${DEFAULT_LIMITS.maxFiles})
  --max-lines <n>       skip changes with more added plus removed lines (default ${DEFAULT_LIMITS.maxLines})
  --max-file-bytes <n>  exclude changed files larger than this (default ${DEFAULT_MAX_FILE_BYTES})
  --github <owner/name> the repository on GitHub, for the pull-request walk (taken from a GitHub URL)
  --commits             walk commits even when GITHUB_TOKEN is set
  --quiet               no progress on stderr
With GITHUB_TOKEN set and the repository known on GitHub, merged pull requests are walked instead
of commits, and the task is the pull request's title and body with the text of the issues it closes.
`;

const KIND_NAMES: Record<keyof MineCounts["kept"], [string, string]> = {
  commit: ["commit", "commits"],
  merge: ["merge", "merges"],
  pull_request: ["pull request", "pull requests"],
  outcome: ["outcome", "outcomes"],
};

/** `mined N records (A commits, B merges) from M changes; skipped K (reason n, …)`. */
export function summary(counts: MineCounts): string {
  const kept = (Object.keys(KIND_NAMES) as (keyof MineCounts["kept"])[])
    .filter((kind) => (counts.kept[kind] ?? 0) > 0)
    .map((kind) => {
      const n = counts.kept[kind] ?? 0;
      return `${n} ${KIND_NAMES[kind][n === 1 ? 0 : 1]}`;
    });
  const skipped = Object.entries(counts.skipped)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${reason} ${n}`);
  const total = skipped.length === 0 ? "" : `; skipped ${counts.examined - counts.records} (${skipped.join(", ")})`;
  return `mined ${counts.records} records${kept.length === 0 ? "" : ` (${kept.join(", ")})`} from ${counts.examined} ${counts.examined === 1 ? "change" : "changes"}${total}`;
}

/** The total progress counts to: what the walk will look at, capped by --limit; --limit alone when uncounted. */
function progressTotal(counted: number | null, limit: number | undefined): number | null {
  if (counted === null) return limit ?? null;
  return limit === undefined ? counted : Math.min(counted, limit);
}

/** `stacksmith mine`: history to records, streamed. */
export const mineCommand: CliCommand = async (argv, io) => {
  const { values } = parseCliArgs(argv, {
    repo: { type: "string" },
    out: { type: "string" },
    ref: { type: "string" },
    since: { type: "string" },
    limit: { type: "string" },
    "context-files": { type: "string" },
    "max-files": { type: "string" },
    "max-lines": { type: "string" },
    "max-file-bytes": { type: "string" },
    github: { type: "string" },
    commits: { type: "boolean" },
    quiet: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help === true) {
    io.stdout.write(HELP);
    return 0;
  }
  if (values.repo === undefined) throw new UsageError("--repo is required (see --help)");
  if (values.out === undefined) throw new UsageError("--out is required (see --help)");
  const limit = values.limit === undefined ? undefined : positiveInt(values.limit, "--limit", 1);
  const since = values.since === undefined ? undefined : parseDate(values.since, "--since");
  const limits = { maxFiles: positiveInt(values["max-files"], "--max-files", DEFAULT_LIMITS.maxFiles), maxLines: positiveInt(values["max-lines"], "--max-lines", DEFAULT_LIMITS.maxLines) };
  const contextFiles = positiveInt(values["context-files"], "--context-files", 3, 0);
  const maxFileBytes = positiveInt(values["max-file-bytes"], "--max-file-bytes", DEFAULT_MAX_FILE_BYTES);
  let github: { owner: string; name: string } | null = null;
  if (values.github !== undefined) {
    const [owner, name, ...rest] = values.github.split("/");
    if (owner === undefined || owner === "" || name === undefined || name === "" || rest.length > 0) throw new UsageError(`--github must be owner/name, not '${values.github}'`);
    github = { owner, name };
  }
  const token = io.env.GITHUB_TOKEN === undefined || io.env.GITHUB_TOKEN === "" ? undefined : io.env.GITHUB_TOKEN;

  const out = await openJsonlFile(values.out, io.cwd, io.stdout);
  let opened: Awaited<ReturnType<typeof openRepo>> | undefined;
  try {
    opened = await openRepo(values.repo, io.cwd, { ...(values.ref === undefined ? {} : { ref: values.ref }), ...(token === undefined ? {} : { token }) });
    github ??= opened.github;
    const byPullRequests = token !== undefined && github !== null && values.commits !== true;
    if (token !== undefined && github === null && values.commits !== true && !isUrl(values.repo)) {
      io.stderr.write("GITHUB_TOKEN is set, but which GitHub repository this is is unknown (give --github owner/name): walking commits\n");
    }
    let walk: AsyncIterable<Walked>;
    /** How many changes the walk will look at, for progress: counted before, or null when unknown. */
    let count: () => Promise<number | null>;
    if (byPullRequests && token !== undefined && github !== null) {
      const source = new RestPullRequestSource({ ...github, token, ...(io.env.GITHUB_API_URL ? { apiUrl: io.env.GITHUB_API_URL } : {}) });
      walk = walkPullRequests(opened.repo, source, { repoName: opened.name, ...(since === undefined ? {} : { since }), ...(limit === undefined ? {} : { limit }) });
      count = () => source.countMerged(since);
    } else {
      const repo = opened.repo;
      const walkOptions = { start: repo.head, ...(since === undefined ? {} : { since }), ...(limit === undefined ? {} : { limit }) };
      walk = walkFirstParent(repo, { repoName: opened.name, ...walkOptions });
      count = () => countFirstParent(repo, walkOptions);
    }
    const progress = values.quiet === true ? null : new ProgressLine(io.stderr, progressTotal(await count(), limit));
    const unit = byPullRequests ? "pull requests" : "commits";
    const counts = await mine(opened.repo, walk, { repo: values.repo, limits, maxFileBytes, contextFiles }, (record) => out.write(record), {
      onProgress: (c) => progress?.update(c.examined, `${unit}, ${c.records} records`),
    });
    progress?.done();
    await out.commit();
    io.stderr.write(`${summary(counts)}\n`);
    return 0;
  } catch (err) {
    await out.abort();
    throw err;
  } finally {
    await opened?.close();
  }
};
