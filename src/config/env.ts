import { z } from "zod";
import { DEFAULT_PRICES, priceFor, type PriceTable } from "../llm/pricing.js";

export const DEFAULT_MODEL = "claude-sonnet-5-5";

/** An optional positive integer variable, with its default. */
export const positiveInt = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) {
        ctx.addIssue({ code: "custom", message: "must be a positive integer" });
        return z.NEVER;
      }
      return n;
    });

const positiveNumber = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) {
        ctx.addIssue({ code: "custom", message: "must be a positive number" });
        return z.NEVER;
      }
      return n;
    });

const Rates = z.object({ input: z.number().nonnegative(), output: z.number().nonnegative(), cacheRead: z.number().nonnegative(), cacheWrite: z.number().nonnegative() });
const Price = Rates.extend({ longPrompt: Rates.extend({ overTokens: z.number().int().nonnegative() }).optional() });

const prices = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === "") return undefined;
    try {
      const parsed = z.record(z.string(), Price).safeParse(JSON.parse(v));
      if (parsed.success) return parsed.data;
      ctx.addIssue({ code: "custom", message: `must map model ids (or id prefixes ending in *) to {input, output, cacheRead, cacheWrite} dollars per million tokens: ${parsed.error.issues[0]?.message ?? ""}` });
    } catch {
      ctx.addIssue({ code: "custom", message: "must be JSON" });
    }
    return z.NEVER;
  });

/** The environment, parsed once at start-up by a composition root. */
export const Env = z
  .object({
    APP_ID: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v === "") return undefined;
        if (!/^[1-9][0-9]{0,15}$/.test(v)) {
          ctx.addIssue({ code: "custom", message: "must be the GitHub App's numeric id" });
          return z.NEVER;
        }
        return Number(v);
      }),
    ANTHROPIC_API_KEY: z.string().optional(),
    WEBHOOK_SECRET: z.string().optional(),
    PRIVATE_KEY: z.string().optional(),
    PRIVATE_KEY_PATH: z.string().optional(),
    /** A GitHub Enterprise Server host (`host` or `host:port`), for the API and for git. */
    GHE_HOST: z
      .string()
      .regex(/^[A-Za-z0-9.-]+(?::[0-9]{1,5})?$/, "must be a host name, optionally with :port")
      .optional(),
    GHE_PROTOCOL: z.enum(["https", "http"]).optional(),
    /** Set by GitHub Actions: the GitHub the workflow runs on. */
    GITHUB_SERVER_URL: z.string().url().optional(),
    /** The key for the state the app hides in its comments; default: derived from the private key. */
    STACKSMITH_STATE_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
    ANTHROPIC_BASE_URL: z.string().url().optional(),
    /** Which API the model is called through: Anthropic's, or any OpenAI-compatible chat completions server. */
    STACKSMITH_PROVIDER: z.enum(["anthropic", "openai-compatible"]).default("anthropic"),
    /** The OpenAI-compatible server's API root, e.g. http://127.0.0.1:8000/v1. */
    OPENAI_BASE_URL: z.string().url().optional(),
    OPENAI_API_KEY: z.string().optional(),
    /** Default: DEFAULT_MODEL on Anthropic; an OpenAI-compatible server's model must be named. */
    STACKSMITH_MODEL: z.string().min(1).optional(),
    STACKSMITH_CONCURRENCY: positiveInt(2),
    /** How long a model's answer may go silent before the call is stopped (ms). */
    STACKSMITH_MODEL_TIMEOUT_MS: positiveInt(180_000),
    /** Jobs waiting to run in the server's own process (no REDIS_URL); more are dropped and logged. */
    STACKSMITH_MAX_QUEUED: positiveInt(300),
    STACKSMITH_MAX_USD_PER_RUN: positiveNumber(10),
    STACKSMITH_MAX_RUNS_PER_REPO_PER_DAY: positiveInt(100),
    STACKSMITH_MAX_USD_PER_REPO_PER_DAY: positiveNumber(100),
    STACKSMITH_MAX_REPO_MB: positiveNumber(1000),
    STACKSMITH_MAX_FILES: positiveInt(100_000),
    /** Extra or replacement prices, JSON: {"model-id": {"input": 3, "output": 15, "cacheRead": 0.3, "cacheWrite": 3.75}}; a key ending in * covers ids that start with the rest. */
    STACKSMITH_PRICES: prices,
    /** Folder for the dataset flywheel's outcomes.jsonl; unset: outcomes are not recorded. */
    STACKSMITH_DATA_DIR: z.string().min(1).optional(),
    /** The server's HTTP port; 0 takes any free one (the start-up line says which). */
    PORT: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v === "") return 3000;
        const n = Number(v);
        if (!/^[0-9]{1,5}$/.test(v) || n > 65535) {
          ctx.addIssue({ code: "custom", message: "must be a port number from 0 to 65535" });
          return z.NEVER;
        }
        return n;
      }),
    /** The interface to listen on. */
    HOST: z
      .string()
      .optional()
      .transform((v) => (v === undefined || v === "" ? "localhost" : v)),
    LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
    /** The server's and the worker's log lines; unset (or empty): json when NODE_ENV=production, else pretty. */
    LOG_FORMAT: z.preprocess((v) => (v === "" ? undefined : v), z.enum(["pretty", "json"]).optional()),
    NODE_ENV: z.string().optional(),
  })
  .transform((env, ctx) => {
    const model = env.STACKSMITH_MODEL ?? (env.STACKSMITH_PROVIDER === "anthropic" ? DEFAULT_MODEL : undefined);
    if (model === undefined) {
      ctx.addIssue({ code: "custom", path: ["STACKSMITH_MODEL"], message: "must name the model the OpenAI-compatible server serves (STACKSMITH_PROVIDER=openai-compatible)" });
      return z.NEVER;
    }
    if (env.STACKSMITH_PROVIDER === "openai-compatible" && env.OPENAI_BASE_URL === undefined) {
      ctx.addIssue({ code: "custom", path: ["OPENAI_BASE_URL"], message: "must be the OpenAI-compatible server's API root, e.g. http://127.0.0.1:8000/v1 (STACKSMITH_PROVIDER=openai-compatible)" });
      return z.NEVER;
    }
    // Every dollar limit rests on the price of the model: a model without one would cost nothing.
    // A model the operator serves themselves may go unpriced (it costs nothing here); the token budgets still hold.
    if (env.STACKSMITH_PROVIDER === "anthropic" && priceFor(model, priceTable(env)) === null) {
      ctx.addIssue({ code: "custom", path: ["STACKSMITH_MODEL"], message: `${model} has no price, so no dollar limit could hold; add its price to STACKSMITH_PRICES` });
      return z.NEVER;
    }
    return { ...env, STACKSMITH_MODEL: model };
  });
export type Env = z.infer<typeof Env>;

const FREE = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };

/**
 * The server's prices: the built-in table with STACKSMITH_PRICES over it. On an
 * OpenAI-compatible server, the operator's own STACKSMITH_MODEL costs nothing unless priced
 * there; any other model a repository names must be priced, as on Anthropic.
 */
export function priceTable(env: { STACKSMITH_PRICES?: PriceTable | undefined; STACKSMITH_PROVIDER?: string; STACKSMITH_MODEL?: string | undefined }): PriceTable {
  const table: PriceTable = { ...DEFAULT_PRICES, ...env.STACKSMITH_PRICES };
  const model = env.STACKSMITH_MODEL;
  if (env.STACKSMITH_PROVIDER === "openai-compatible" && model !== undefined && priceFor(model, table) === null) return { ...table, [model]: FREE };
  return table;
}

/** A variable that does not parse: the operator's to fix, said in one line. */
export class EnvError extends Error {
  override readonly name = "EnvError";
}

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = Env.safeParse(source);
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new EnvError(`invalid environment: ${detail}`);
  }
  return result.data;
}

/** How the server and the worker write their logs: LOG_FORMAT, else JSON in production (as Probot decides). */
export function logFormat(env: Pick<Env, "LOG_FORMAT" | "NODE_ENV">): "pretty" | "json" {
  return env.LOG_FORMAT ?? (env.NODE_ENV === "production" ? "json" : "pretty");
}

/** Where the app clones from and pushes to: GitHub Enterprise when configured, else github.com. */
export function gitBaseUrl(env: Env): string {
  if (env.GHE_HOST !== undefined) return `${env.GHE_PROTOCOL ?? "https"}://${env.GHE_HOST}`;
  return env.GITHUB_SERVER_URL ?? "https://github.com";
}
