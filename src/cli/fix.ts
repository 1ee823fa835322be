import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { protectedPathMatcher } from "../agent/protected-paths.js";
import { CONFIG_PATH } from "../agent/run-job.js";
import { parseRepoConfig } from "../config/repo-config.js";
import { modelLocate, prefilterLocate, type Locate } from "../dataset/agent-locate.js";
import { cloneToDirectory } from "../git/disk-clone.js";
import type { GitRepository } from "../git/git-repository.js";
import { openLocalRepository } from "../git/local-repository.js";
import { costOf } from "../llm/pricing.js";
import { parseCliArgs, positiveInt } from "./cli-args.js";
import { UsageError, type CliCommand } from "./io.js";
import { runLocalFix, type PartResult } from "./local-fix.js";
import { MODEL_FLAGS, MODEL_HELP, modelFromFlags } from "./model-options.js";
import { isUrl } from "./open-repo.js";

const HELP = `usage: stacksmith fix --repo <path> (--issue "<text>" | --issue-file <file>) [options]

Runs the agent on a repository on disk, without GitHub: locate, plan, then one commit per
subtask, each on top of the previous one, with a branch for each (nothing is checked out or pushed).
  --repo <path|url>       the repository (a work tree or a bare repository); a URL needs --clone-to
  --clone-to <dir>        clone the URL (full history, bare) into this new folder and work there
  --ref <ref>             the commit to start from (default HEAD)
  --issue <text>          the issue: its first line is the title
  --issue-file <file>     the issue from a file instead
  --branch-prefix <p>     branch names are <p>/<k>-<slug> (default stacksmith/local)
  --max-subtasks <n>      at most n parts (default: the repository's .github/stacksmith.yml, else 5)
  --max-edit-rounds <n>   times the model may resend edits that did not apply (default: config, else 3)
  --max-tool-turns <n>    turns the model may spend reading files (default: config, else 20)
  --locate <how>          model (default: the prefilter's map, then the model picks) or prefilter (no model call)
  --locate-k <n>          with --locate prefilter, how many files it suggests to the plan (default 5)
${MODEL_HELP}Commits are authored by GIT_AUTHOR_NAME / GIT_AUTHOR_EMAIL when set, else Stacksmith.
`;

function describePart(part: PartResult): string {
  switch (part.kind) {
    case "done":
      return `  ${part.k}. ${part.title}\n     ${part.branch} -> ${part.commit.slice(0, 12)} (on ${part.base.slice(0, 12)}): ${part.files.join(", ")}${part.summary === "" ? "" : `\n     ${part.summary.split("\n")[0] ?? ""}`}\n`;
    case "failed":
      return `  ${part.k}. ${part.title}\n     failed: ${part.reason.split("\n")[0] ?? ""}\n`;
    case "skipped":
      return `  ${part.k}. ${part.title}\n     not started: an earlier part failed\n`;
  }
}

/** `stacksmith fix`: the pipeline on a local repository. */
export const fixCommand: CliCommand = async (argv, io) => {
  const { values } = parseCliArgs(argv, {
    repo: { type: "string" },
    "clone-to": { type: "string" },
    ref: { type: "string" },
    issue: { type: "string" },
    "issue-file": { type: "string" },
    "branch-prefix": { type: "string" },
    "max-subtasks": { type: "string" },
    "max-edit-rounds": { type: "string" },
    "max-tool-turns": { type: "string" },
    "locate-k": { type: "string" },
    locate: { type: "string" },
    help: { type: "boolean", short: "h" },
    ...MODEL_FLAGS,
  });
  if (values.help === true) {
    io.stdout.write(HELP);
    return 0;
  }
  if (values.repo === undefined) throw new UsageError("--repo is required (see --help)");
  if ((values.issue === undefined) === (values["issue-file"] === undefined)) throw new UsageError("give the issue with --issue or --issue-file (one of them)");
  const prefix = (values["branch-prefix"] ?? "stacksmith/local").replace(/\/+$/, "");
  if (!/^[\w.-]+(\/[\w.-]+)*$/.test(prefix) || prefix.includes("..")) throw new UsageError(`--branch-prefix '${prefix}' is not a valid branch name`);
  const locateK = positiveInt(values["locate-k"], "--locate-k", 5);
  let text = values.issue ?? "";
  if (values["issue-file"] !== undefined) {
    text = await readFile(resolve(io.cwd, values["issue-file"]), "utf8").catch(() => {
      throw new UsageError(`--issue-file ${values["issue-file"] ?? ""}: cannot read it`);
    });
  }
  const [title = "", ...rest] = text.trim().split("\n");
  if (title.trim() === "") throw new UsageError("the issue is empty");
  if (values.locate !== undefined && values.locate !== "model" && values.locate !== "prefilter") throw new UsageError(`--locate must be model or prefilter, not '${values.locate}'`);
  let repo: GitRepository;
  if (isUrl(values.repo)) {
    if (values["clone-to"] === undefined) throw new UsageError("a URL needs --clone-to <new folder> to hold the clone and its branches");
    const dir = resolve(io.cwd, values["clone-to"]);
    const token = io.env.GITHUB_TOKEN === undefined || io.env.GITHUB_TOKEN === "" ? {} : { token: io.env.GITHUB_TOKEN };
    await cloneToDirectory({ url: values.repo, dir, ...token });
    repo = await openLocalRepository(dir, values.ref ?? "HEAD");
  } else {
    repo = await openLocalRepository(resolve(io.cwd, values.repo), values.ref ?? "HEAD");
  }
  // The model's key is checked once the repository is known to be there.
  const model = modelFromFlags(values, io.env);
  const locate: Locate = values.locate === "prefilter" ? prefilterLocate(locateK) : modelLocate(model);
  // The repository's own config, as the app reads it; flags override its numbers.
  const configText = await repo.readFile(repo.head, CONFIG_PATH);
  const parsed = parseRepoConfig(configText === null ? null : new TextDecoder().decode(configText));
  if (!parsed.ok) throw new UsageError(`${CONFIG_PATH}: ${parsed.error}`);
  const settings = {
    maxSubtasks: positiveInt(values["max-subtasks"], "--max-subtasks", parsed.config.maxSubtasks),
    maxEditRounds: positiveInt(values["max-edit-rounds"], "--max-edit-rounds", parsed.config.maxEditRounds),
    maxToolTurns: positiveInt(values["max-tool-turns"], "--max-tool-turns", parsed.config.maxToolTurns),
    isProtected: protectedPathMatcher(parsed.config.protectedPaths),
  };
  const author = { name: io.env.GIT_AUTHOR_NAME ?? "Stacksmith", email: io.env.GIT_AUTHOR_EMAIL ?? "stacksmith@users.noreply.github.com" };
  io.stdout.write(`Working on ${repo.head.slice(0, 12)}: ${title.trim()}\n`);
  const result = await runLocalFix(
    repo,
    { repo: values.repo, number: 0, title: title.trim(), body: rest.join("\n").trim(), instructions: null },
    { model, locate, author, branchPrefix: prefix, ...settings, timestamp: Math.floor(Date.now() / 1000) },
    (part) => io.stdout.write(describePart(part)),
  );
  const cost = costOf(result.usage, model.model);
  const done = result.parts.filter((p) => p.kind === "done").length;
  if (result.planProblem !== null) io.stdout.write(`Planning failed (${result.planProblem}); worked on the issue as one part.\n`);
  io.stdout.write(
    `${done} of ${result.parts.length} part${result.parts.length === 1 ? "" : "s"} written; ${result.usage.inputTokens + result.usage.cacheReadTokens + result.usage.cacheWriteTokens} input and ${result.usage.outputTokens} output tokens${cost === null ? "" : `, $${cost.toFixed(4)}`}.\n`,
  );
  const last = [...result.parts].reverse().find((p) => p.kind === "done");
  if (last?.kind === "done") io.stdout.write(`Review with: git log --stat ${repo.head.slice(0, 12)}..${last.branch}\n`);
  return done === result.parts.length ? 0 : 1;
};
