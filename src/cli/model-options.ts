import { DEFAULT_MODEL } from "../config/env.js";
import type { ModelClient } from "../llm/model-client.js";
import { createModelClient, providerFor } from "../llm/provider.js";
import { UsageError } from "./io.js";

/** The flags every model-using command takes. */
export const MODEL_FLAGS = {
  model: { type: "string" },
  provider: { type: "string" },
  "base-url": { type: "string" },
} as const;

export const MODEL_HELP = `  --model <id>          the model (default STACKSMITH_MODEL, else ${DEFAULT_MODEL}; required for openai)
  --provider <p>        anthropic (default) or openai-compatible (any OpenAI-compatible chat completions server; also STACKSMITH_PROVIDER)
  --base-url <url>      the provider's API root; alone it selects openai, e.g. http://127.0.0.1:8000/v1
Keys come from ANTHROPIC_API_KEY or OPENAI_API_KEY; ANTHROPIC_BASE_URL and OPENAI_BASE_URL stand in for --base-url.
`;

/** The ModelClient the flags and environment name. */
export function modelFromFlags(values: { model?: string; provider?: string; "base-url"?: string }, env: NodeJS.ProcessEnv): ModelClient {
  const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v === "" ? undefined : v);
  const provider = providerFor(values.provider ?? nonEmpty(env.STACKSMITH_PROVIDER), values["base-url"] ?? nonEmpty(env.OPENAI_BASE_URL));
  const baseUrl = values["base-url"] ?? nonEmpty(provider === "openai" ? env.OPENAI_BASE_URL : env.ANTHROPIC_BASE_URL);
  const apiKey = nonEmpty(provider === "openai" ? env.OPENAI_API_KEY : env.ANTHROPIC_API_KEY);
  const model = values.model ?? nonEmpty(env.STACKSMITH_MODEL) ?? (provider === "anthropic" ? DEFAULT_MODEL : undefined);
  if (model === undefined) throw new UsageError("an OpenAI-compatible server needs --model (the name it serves the model under)");
  return createModelClient({ provider, model, ...(baseUrl === undefined ? {} : { baseUrl }), ...(apiKey === undefined ? {} : { apiKey }) });
}

/** The model keys in the environment: no text a run writes may contain them. */
export function modelSecrets(env: NodeJS.ProcessEnv): string[] {
  return [env.ANTHROPIC_API_KEY, env.OPENAI_API_KEY].filter((k): k is string => k !== undefined && k.length >= 8);
}
