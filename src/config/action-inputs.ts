/**
 * The Action's inputs as the environment the Action entry point reads. The runner hands a
 * JavaScript action each `with:` input (or its default from action.yml) as `INPUT_<NAME>`: the
 * name upper-cased, spaces turned to underscores, hyphens kept (`INPUT_ANTHROPIC-API-KEY`).
 * A non-empty input wins over the variable it maps to; an empty one leaves the environment as is.
 */
export const ACTION_INPUTS = {
  "anthropic-api-key": "ANTHROPIC_API_KEY",
  "github-token": "GITHUB_TOKEN",
  model: "STACKSMITH_MODEL",
  "anthropic-base-url": "ANTHROPIC_BASE_URL",
  "state-secret": "STACKSMITH_STATE_SECRET",
  provider: "STACKSMITH_PROVIDER",
  "openai-base-url": "OPENAI_BASE_URL",
  "openai-api-key": "OPENAI_API_KEY",
} as const;

export type ActionInput = keyof typeof ACTION_INPUTS;

/** The variable the runner sets for an input, as @actions/core's `getInput` reads it. */
export function inputVariable(input: string): string {
  return `INPUT_${input.replace(/ /g, "_").toUpperCase()}`;
}

/** An input's value, trimmed as `getInput` trims it; undefined when empty or not given. */
export function readInput(env: NodeJS.ProcessEnv, input: ActionInput): string | undefined {
  const value = env[inputVariable(input)]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

export function envFromActionInputs(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = { ...env };
  for (const [input, variable] of Object.entries(ACTION_INPUTS) as [ActionInput, string][]) {
    const value = readInput(env, input);
    if (value !== undefined) result[variable] = value;
  }
  // On GitHub Enterprise Server, Probot reaches the API at https://<host>/api/v3.
  const server = env.GITHUB_SERVER_URL;
  if (result.GHE_HOST === undefined && server !== undefined && server !== "" && server !== "https://github.com") {
    const url = URL.canParse(server) ? new URL(server) : undefined;
    if (url !== undefined) {
      result.GHE_HOST = url.host;
      if (url.protocol === "http:") result.GHE_PROTOCOL = "http";
    }
  }
  return result;
}
