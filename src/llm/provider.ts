import { StacksmithError } from "../shared/errors.js";
import { AnthropicModelClient } from "./anthropic-client.js";
import type { ModelClient } from "./model-client.js";
import { OpenAiCompatibleClient } from "./openai-compatible-client.js";

export type Provider = "anthropic" | "openai";

export interface ProviderSettings {
  provider: Provider;
  model: string;
  /** Anthropic: another Messages API root. OpenAI-compatible: the API root (required), e.g. http://127.0.0.1:8000/v1. */
  baseUrl?: string;
  apiKey?: string;
  maxRetries?: number;
  /** How long an answer may go silent before the call stops (STACKSMITH_MODEL_TIMEOUT_MS). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** The provider for a base URL and an explicit choice: an explicit one wins; a base URL alone means OpenAI-compatible. */
export function providerFor(explicit: string | undefined, baseUrl: string | undefined): Provider {
  if (explicit === undefined) return baseUrl === undefined ? "anthropic" : "openai";
  if (explicit === "anthropic" || explicit === "openai") return explicit;
  if (explicit === "openai-compatible") return "openai";
  throw new StacksmithError("INVALID_INPUT", `unknown model provider '${explicit}' (anthropic or openai-compatible)`);
}

/** A ModelClient for the settings; Anthropic needs a key, an OpenAI-compatible server a base URL. */
export function createModelClient(settings: ProviderSettings): ModelClient {
  const extra = {
    ...(settings.maxRetries === undefined ? {} : { maxRetries: settings.maxRetries }),
    ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
    ...(settings.fetch === undefined ? {} : { fetch: settings.fetch }),
  };
  switch (settings.provider) {
    case "anthropic":
      if (settings.apiKey === undefined || settings.apiKey === "") {
        throw new StacksmithError("MODEL_NOT_CONFIGURED", "no ANTHROPIC_API_KEY is set (or give --base-url for an OpenAI-compatible server)");
      }
      return new AnthropicModelClient({ apiKey: settings.apiKey, model: settings.model, ...(settings.baseUrl === undefined ? {} : { baseURL: settings.baseUrl }), ...extra });
    case "openai":
      if (settings.baseUrl === undefined) throw new StacksmithError("MODEL_NOT_CONFIGURED", "an OpenAI-compatible provider needs --base-url (e.g. http://127.0.0.1:8000/v1)");
      return new OpenAiCompatibleClient({ baseUrl: settings.baseUrl, model: settings.model, ...(settings.apiKey === undefined || settings.apiKey === "" ? {} : { apiKey: settings.apiKey }), ...extra });
  }
}
