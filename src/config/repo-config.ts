import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { z } from "zod";

/** Workflows run with the repository's secrets; the others steer coding agents. */
export const DEFAULT_PROTECTED_PATHS = [
  // What runs: CI and the actions it uses, hooks, dev containers, editor tasks, submodules, git's own attributes.
  ".github/workflows/**",
  ".github/actions/**",
  "**/action.yml",
  "**/action.yaml",
  ".github/dependabot.yml",
  "**/CODEOWNERS",
  "**/.gitattributes",
  ".gitmodules",
  ".devcontainer/**",
  ".devcontainer.json",
  ".vscode/**",
  ".husky/**",
  ".pre-commit-config.yaml",
  "**/.envrc",
  // What steers agents, at any depth (matching ignores case).
  ".github/stacksmith.yml",
  ".github/stacksmith.yaml",
  ".github/copilot-instructions.md",
  ".github/instructions/**",
  ".github/prompts/**",
  "**/AGENTS.md",
  "**/AGENT.md",
  "**/CLAUDE.md",
  "**/GEMINI.md",
  "**/.claude/**",
  "**/.cursor/**",
  "**/.cursorrules",
  "**/.windsurfrules",
  "**/.clinerules",
  "**/.mcp.json",
] as const;

/** `.github/stacksmith.yml`, read from the default branch only. Every field is optional. */
export const RepoConfig = z
  .object({
    label: z.string().min(1).max(50).default("agent").describe("The issue label that starts a run."),
    model: z.string().min(1).max(100).optional().describe("The model for this repository, from the server's provider; overrides the server's STACKSMITH_MODEL and must have a price on the server."),
    maxSubtasks: z.number().int().min(1).max(10).default(5).describe("The most subtasks (stacked pull requests) one issue is split into."),
    ciFixAttempts: z.number().int().min(0).max(5).default(2).describe("Attempts to fix a failing CI check on one of the bot's pull requests."),
    draft: z.boolean().default(true).describe("Open pull requests as drafts."),
    maxEditRounds: z.number().int().min(1).max(10).default(3).describe("Times the model may resend edits that did not apply, with feedback, before the part fails."),
    maxToolTurns: z.number().int().min(1).max(100).default(20).describe("Turns the model may spend reading files before it must answer."),
    modelLocateMinFiles: z
      .number()
      .int()
      .min(0)
      .default(200)
      .describe("Repositories with at least this many files get the model's locate step; smaller ones are located by the ranking alone."),
    protectedPaths: z
      .array(z.string().min(1))
      .default([...DEFAULT_PROTECTED_PATHS])
      .describe(
        "Paths (globs, matched ignoring case) the agent never edits. Setting it replaces the default list; workflows, .github/actions and this file stay protected whatever it says.",
      ),
    stacks: z
      .enum(["auto", "native", "chain"])
      .default("auto")
      .describe(
        "How the parts are stacked: native opens them as one of GitHub's stacked pull requests (the run stops if the repository has none), chain bases each part's pull request on the branch of the one before, auto does native when the repository has stacked pull requests and chain otherwise.",
      ),
    approvePlan: z
      .boolean()
      .default(false)
      .describe("Post the plan as the checklist and wait for /agent go from someone with write access before writing code; /agent plan <instructions> plans again."),
    autoRebase: z
      .boolean()
      .default(true)
      .describe("When the default branch moves and the stack's lowest part no longer merges cleanly, rebase the stack onto it; false: only when someone asks with /agent rebase."),
    replyToUnauthorized: z.boolean().default(true).describe("Answer people without write access who try to start a run; otherwise stay silent."),
    budget: z
      .object({
        maxModelCalls: z.number().int().min(1).default(60).describe("Model calls per run."),
        maxInputTokens: z.number().int().min(1).default(3_000_000).describe("Input tokens per run, cached ones included."),
        maxOutputTokens: z.number().int().min(1).default(150_000).describe("Output tokens per run."),
        maxCostUsd: z.number().positive().default(5).describe("US dollars per run."),
      })
      .strict()
      .prefault({})
      .describe("Limits for one run (one job). The server's own limits still apply when lower."),
    daily: z
      .object({
        maxRuns: z.number().int().min(1).default(50).describe("Runs that call the model, per UTC day."),
        maxCostUsd: z.number().positive().default(50).describe("US dollars per UTC day."),
      })
      .strict()
      .prefault({})
      .describe("Limits for this repository per UTC day. The server's own limits still apply when lower."),
  })
  .strict()
  .describe("Stacksmith's configuration for this repository, read from the default branch only. Every field is optional.");
export type RepoConfig = z.infer<typeof RepoConfig>;

export type RepoConfigResult = { ok: true; config: RepoConfig } | { ok: false; error: string };

/** What the server knows that the file's schema cannot: which models it can put a price on. */
export interface RepoConfigChecks {
  /** A model without a price would make every dollar limit void; such a `model` is refused. */
  isPriced?: (model: string) => boolean;
}

export const defaultRepoConfig: RepoConfig = RepoConfig.parse({});

/** Parses the YAML text of `.github/stacksmith.yml` (null when the file does not exist). */
export function parseRepoConfig(text: string | null, checks: RepoConfigChecks = {}): RepoConfigResult {
  if (text === null || text.trim() === "") return { ok: true, config: defaultRepoConfig };
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    return { ok: false, error: `.github/stacksmith.yml is not valid YAML: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}` };
  }
  return validateRepoConfig(raw ?? {}, checks);
}

/**
 * A config file's text with some settings replaced (`undefined`: the setting removed), for a
 * run that takes the repository's config with its own settings on top (`stacksmith fix`).
 * A file that is not a YAML mapping is returned as it is, to be refused as the app refuses it.
 */
export function withSettings(text: string | null, settings: Readonly<Record<string, unknown>>): string {
  let raw: unknown = {};
  try {
    raw = text === null || text.trim() === "" ? {} : (parseYaml(text) ?? {});
  } catch {
    return text ?? "";
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return text ?? "";
  const merged: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  for (const [key, value] of Object.entries(settings)) {
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  return stringifyYaml(merged);
}

/** The trigger label of a config that may be invalid: its `label` when it is a string, else the default. */
export function labelOf(text: string | null): string {
  try {
    const raw: unknown = text === null ? null : parseYaml(text);
    if (typeof raw === "object" && raw !== null && "label" in raw && typeof raw.label === "string") return raw.label;
  } catch {
    // An unreadable file has no label of its own.
  }
  return defaultRepoConfig.label;
}

const UNPRICED = "this server has no price for that model, so its cost could not be limited; use a model from its price list";

export function validateRepoConfig(raw: unknown, checks: RepoConfigChecks = {}): RepoConfigResult {
  const { isPriced } = checks;
  const schema =
    isPriced === undefined
      ? RepoConfig
      : RepoConfig.superRefine((config, ctx) => {
          if (config.model !== undefined && !isPriced(config.model)) ctx.addIssue({ code: "custom", path: ["model"], message: UNPRICED });
        });
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, config: result.data };
  const issues = result.error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
    return `\`${field}\`: ${issue.message}`;
  });
  return { ok: false, error: `.github/stacksmith.yml is invalid: ${issues.join("; ")}` };
}
