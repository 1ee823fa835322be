import { generateKeyPairSync } from "node:crypto";
import { Probot, ProbotOctokit } from "probot";
import { pino } from "pino";

export const WEBHOOK_SECRET = "test-webhook-secret";

let cachedKey: string | undefined;

/** A real RSA key, so Probot signs real app JWTs. */
export function privateKey(): string {
  cachedKey ??= generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  return cachedKey;
}

/** Octokit as Probot builds it, with retries and throttling off so mocks see exact request counts. */
export const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { ...(options.throttle as object), enabled: false },
}));

/** A Probot for tests; `log` receives its JSON log lines when given. */
export function testProbot(log?: (line: string) => void, options: { baseUrl?: string } = {}): Probot {
  const logger = log === undefined ? pino({ level: "silent" }) : pino({ level: "debug" }, { write: log });
  return new Probot({ appId: 1, privateKey: privateKey(), secret: WEBHOOK_SECRET, Octokit: TestOctokit, log: logger, ...options });
}
