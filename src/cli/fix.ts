import { readFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { CONFIG_PATH } from "../agent/run-job.js";
import { parseRepoConfig, withSettings } from "../config/repo-config.js";
import type { Progress, ProgressSubtask } from "../github/progress-comment.js";
import { cloneToDirectory } from "../git/disk-clone.js";
import type { GitRepository } from "../git/git-repository.js";
import { openLocalRepository } from "../git/local-repository.js";
import { runLocal } from "../local/run-local.js";
import { StacksmithError } from "../shared/errors.js";
import { createLogger } from "../shared/logger.js";
import { parseCliArgs, positiveInt } from "./cli-args.js";
import { UsageError, type CliCommand, type CliIo } from "./io.js";
import { localSettings, LOCAL_SETTINGS_FLAGS, LOCAL_SETTINGS_HELP } from "./local-settings.js";
import { MODEL_FLAGS, MODEL_HELP, modelFromFlags, modelSecrets } from "./model-options.js";
import { githubSlug, isUrl } from "./open-repo.js";

const HELP = `usage: stacksmith fix --repo <path> (--issue "<text>" | --issue-file <file>) [options]

Runs the app's pipeline on a repository on disk, without GitHub: the same locate, plan, parts
and budgets as for an issue labelled on GitHub, with the repository's .github/stacksmith.yml.
Each part is a commit on top of the previous one, on the branch the app would push
(stacksmith/issue-<N>/<k>-<slug>); nothing is checked out or pushed.
  --repo <path|url>       the repository (a work tree or a bare repository); a URL needs --clone-to
  --clone-to <dir>        clone the URL (full history, bare) into this new folder and work there
  --ref <ref>             the commit to start from (default HEAD)
  --issue <text>          the issue: its first line is the title
  --issue-file <file>     the issue from a file instead
  --number <n>            the issue's number, which names the branches (default 1)
${LOCAL_SETTINGS_HELP}${MODEL_HELP}Commits are authored by GIT_AUTHOR_NAME / GIT_AUTHOR_EMAIL when set, else Stacksmith.
`;

function short(oid: string | null): string {
  return (oid ?? "").slice(0, 12);
}

function describePart(k: number, s: ProgressSubtask): string {
  switch (s.state.kind) {
    case "done":
      return `  ${k}. ${s.title}\n     ${s.branch} -> ${short(s.head)} (on ${short(s.base)}): ${s.changed.join(", ")}${s.summary === "" ? "" : `\n     ${s.summary.split("\n")[0] ?? ""}`}\n`;
    case "failed":
      return `  ${k}. ${s.title}\n     failed: ${s.state.reason.split("\n")[0] ?? ""}\n`;
    default:
      return `  ${k}. ${s.title}\n     not started: an earlier part failed\n`;
  }
}

/** Writes each part once, as it is written or fails, and each note as it is added: the progress comment, for a terminal. */
function progressPrinter(io: CliIo): { show: (p: Progress) => void; finish: (p: Progress) => void } {
  const shown = new Set<number>();
  let notes = 0;
  const show = (p: Progress): void => {
    for (const note of p.notes.slice(notes)) io.stdout.write(`${note.text}\n`);
    notes = p.notes.length;
    p.subtasks.forEach((s, i) => {
      if (shown.has(i) || (s.state.kind !== "done" && s.state.kind !== "failed")) return;
      shown.add(i);
      io.stdout.write(describePart(i + 1, s));
    });
  };
  const finish = (p: Progress): void => {
    show(p);
    p.subtasks.forEach((s, i) => {
      if (!shown.has(i)) io.stdout.write(describePart(i + 1, s));
    });
  };
  return { show, finish };
}

/** A message from the progress comment, as a line for a terminal: no Markdown emphasis, no GitHub advice. */
function plainMessage(message: string): string {
  return message
    .replace(/\*\*/g, "")
    .replace(/ ?Comment `\/agent fix` here to try again\./, "")
    .trim();
}

/** `stacksmith fix`: the app's pipeline on a local repository. */
export const fixCommand: CliCommand = async (argv, io) => {
  const { values } = parseCliArgs(argv, {
    repo: { type: "string" },
    "clone-to": { type: "string" },
    ref: { type: "string" },
    issue: { type: "string" },
    "issue-file": { type: "string" },
    number: { type: "string" },
    help: { type: "boolean", short: "h" },
    ...LOCAL_SETTINGS_FLAGS,
    ...MODEL_FLAGS,
  });
  if (values.help === true) {
    io.stdout.write(HELP);
    return 0;
  }
  if (values.repo === undefined) throw new UsageError("--repo is required (see --help)");
  if ((values.issue === undefined) === (values["issue-file"] === undefined)) throw new UsageError("give the issue with --issue or --issue-file (one of them)");
  const number = positiveInt(values.number, "--number", 1);
  const settings = localSettings(values);
  let text = values.issue ?? "";
  if (values["issue-file"] !== undefined) {
    text = await readFile(resolve(io.cwd, values["issue-file"]), "utf8").catch(() => {
      throw new UsageError(`--issue-file ${values["issue-file"] ?? ""}: cannot read it`);
    });
  }
  const [title = "", ...rest] = text.trim().split("\n");
  if (title.trim() === "") throw new UsageError("the issue is empty");
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
  // The repository's own config, as the app reads it; the command line's settings go on top.
  const configBytes = await repo.readFile(repo.head, CONFIG_PATH);
  const configText = withSettings(configBytes === null ? null : new TextDecoder().decode(configBytes), settings);
  const parsed = parseRepoConfig(configText);
  if (!parsed.ok) throw new UsageError(parsed.error);
  // A run never moves a branch it did not make: an earlier run's branches for this number stop it before any model call.
  const earlier = await repo.listBranches(`stacksmith/issue-${number}/`);
  if (earlier.length > 0) {
    throw new StacksmithError(
      "INVALID_INPUT",
      `branch ${earlier[0] ?? ""} is there from an earlier run for issue ${number}; delete the branches (git branch -D ${earlier.join(" ")}) or give another --number`,
    );
  }
  // The model's key is checked once the repository is known to be there.
  const model = modelFromFlags(values, io.env);
  const author = { name: io.env.GIT_AUTHOR_NAME ?? "Stacksmith", email: io.env.GIT_AUTHOR_EMAIL ?? "stacksmith@users.noreply.github.com" };
  const slug = isUrl(values.repo) ? githubSlug(values.repo) : null;
  io.stdout.write(`Working on ${short(repo.head)}: ${title.trim()}\n`);
  const printer = progressPrinter(io);
  const run = await runLocal({
    repo,
    head: repo.head,
    baseName: values.ref !== undefined && /^[\w.-]+(\/[\w.-]+)*$/.test(values.ref) ? values.ref : "HEAD",
    writeRefs: true,
    owner: slug?.owner ?? "local",
    name: slug?.name ?? localName(values.repo),
    issue: { number, title: title.trim(), body: rest.join("\n").trim() },
    configText,
    model,
    author,
    secrets: modelSecrets(io.env),
    onProgress: printer.show,
    log: createLogger({ level: "error", format: "pretty" }),
  });
  const { progress } = run;
  printer.finish(progress);
  const parts = progress.subtasks;
  const done = parts.filter((p) => p.state.kind === "done").length;
  if (run.outcome.kind === "failed" && !parts.some((p) => p.state.kind === "failed") && progress.message !== null) io.stdout.write(`${plainMessage(progress.message)}\n`);
  const { usage } = progress;
  const cost = run.costUsd;
  io.stdout.write(
    `${done} of ${parts.length} part${parts.length === 1 ? "" : "s"} written; ${usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens} input and ${usage.outputTokens} output tokens${cost === null ? "" : `, $${cost.toFixed(4)}`}.\n`,
  );
  const last = [...parts].reverse().find((p) => p.state.kind === "done");
  if (last !== undefined) io.stdout.write(`Review with: git log --stat ${short(repo.head)}..${last.branch}\n`);
  return run.outcome.kind === "done" ? 0 : 1;
};

/** The folder's name as a repository name GitHub would accept. */
function localName(path: string): string {
  return basename(path.replace(/\/+$/, "")).replace(/\.git$/, "").replace(/[^A-Za-z0-9._-]/g, "-").replace(/^\.+/, "") || "repo";
}
