import { AgentCommandName, BRANCH, Job, NAME, OWNER, type Actor, type RepoRef, type Trigger } from "./job.js";

/**
 * `Job.safeParse` for a job built in code from a webhook's fields (github/triggers.ts), whose keys
 * are the schema's: the job, or null when the schema refuses it. The usual job (every field of the
 * right type, every name matching its pattern, a clone URL with nothing around it to trim) is
 * checked field by field, and is returned as it is, as the schema would return it; anything
 * else goes to the schema itself, which decides, fills defaults and trims. The schema's generic
 * walk is a large part of a webhook's acknowledgement, this is a small one.
 */
export function checkJob(candidate: Job): Job | null {
  if (plainlyValid(candidate)) return candidate;
  const parsed = Job.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}

const COMMANDS: ReadonlySet<unknown> = new Set(AgentCommandName.options);
const URL_SPACE = /[\t\n\r]/;

/** z.number().int().positive(): a safe integer above 0. */
const count = (n: unknown): boolean => Number.isSafeInteger(n) && (n as number) > 0;
const string = (s: unknown): s is string => typeof s === "string";
const boolean = (b: unknown): boolean => typeof b === "boolean";

function plainlyValid(job: Job): boolean {
  return string(job.id) && job.id.length > 0 && count(job.installationId) && plainRepo(job.repo) && plainTrigger(job.trigger);
}

function plainRepo(repo: RepoRef): boolean {
  if (typeof repo !== "object" || repo === null) return false;
  const url: unknown = repo.cloneUrl;
  return (
    string(repo.owner) &&
    OWNER.test(repo.owner) &&
    string(repo.name) &&
    NAME.test(repo.name) &&
    // z.string().url() trims and drops tabs and newlines: such a URL is left to the schema.
    (url === undefined || (string(url) && url === url.trim() && !URL_SPACE.test(url) && URL.canParse(url))) &&
    string(repo.defaultBranch) &&
    BRANCH.test(repo.defaultBranch) &&
    boolean(repo.private) &&
    boolean(repo.archived) &&
    typeof repo.sizeKb === "number" &&
    Number.isFinite(repo.sizeKb) &&
    repo.sizeKb >= 0
  );
}

function plainActor(actor: Actor): boolean {
  return typeof actor === "object" && actor !== null && string(actor.login) && actor.login.length > 0 && boolean(actor.isBot);
}

/** A trigger of a known kind with every field present (none left for a default to fill). */
function plainTrigger(t: Trigger): boolean {
  if (typeof t !== "object" || t === null || !count(t.issue) || !plainActor(t.actor)) return false;
  switch (t.kind) {
    case "issue-label":
      return string(t.label);
    case "issue-command":
      return count(t.commentId) && COMMANDS.has(t.command) && string(t.instructions);
    case "pr-command":
      return count(t.pr) && count(t.commentId) && COMMANDS.has(t.command) && string(t.instructions);
    case "pr-review":
      return count(t.pr) && count(t.reviewId);
    case "ci-failure":
      return string(t.branch) && string(t.headSha);
    case "base-moved":
      return string(t.headSha);
    case "pr-closed":
      return count(t.pr) && boolean(t.merged) && (t.stack === null || count(t.stack));
    default:
      return false;
  }
}
