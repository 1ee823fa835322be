import { parse as parseYaml } from "yaml";
import { z } from "zod";

/** `.github/stacksmith.yml`, read from the default branch only. Every field is optional. */
export const RepoConfig = z
  .object({
    /** The issue label that starts a run. */
    label: z.string().min(1).max(50).default("agent"),
    /** Model id; overrides STACKSMITH_MODEL. */
    model: z.string().min(1).max(100).optional(),
    /** Open pull requests as drafts. */
    draft: z.boolean().default(true),
    /** Rounds of edit feedback the model gets when its edits do not apply. */
    maxEditRounds: z.number().int().min(1).max(10).default(3),
    /** Tool turns the model may spend reading the repository before it must answer. */
    maxToolTurns: z.number().int().min(1).max(100).default(20),
  })
  .strict();
export type RepoConfig = z.infer<typeof RepoConfig>;

export type RepoConfigResult = { ok: true; config: RepoConfig } | { ok: false; error: string };

export const defaultRepoConfig: RepoConfig = RepoConfig.parse({});

/** Parses the YAML text of `.github/stacksmith.yml` (null when the file does not exist). */
export function parseRepoConfig(text: string | null): RepoConfigResult {
  if (text === null || text.trim() === "") return { ok: true, config: defaultRepoConfig };
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    return { ok: false, error: `.github/stacksmith.yml is not valid YAML: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}` };
  }
  return validateRepoConfig(raw ?? {});
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

export function validateRepoConfig(raw: unknown): RepoConfigResult {
  const result = RepoConfig.safeParse(raw);
  if (result.success) return { ok: true, config: result.data };
  const issues = result.error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
    return `\`${field}\`: ${issue.message}`;
  });
  return { ok: false, error: `.github/stacksmith.yml is invalid: ${issues.join("; ")}` };
}
