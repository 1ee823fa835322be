import { parseEnv, type Env } from "../../src/config/env.js";
import { sealFor, StateKey, type StateSeal } from "../../src/github/state-key.js";

/** The state secret every in-process test server signs its comments with. */
export const STATE_SECRET = "state-secret-for-tests-0123456789";
export const TEST_STATE_KEY = new StateKey(STATE_SECRET);

/** What the app's own comments look like on GitHub: its bot user, through its GitHub App (APP_ID 1). */
export const APP_BOT = { login: "stacksmith[bot]", type: "Bot" } as const;
export const APP_VIA = { id: 1, slug: "stacksmith", name: "Stacksmith" } as const;

/**
 * The environment of an in-process test server: app id 1, a state secret, and the local git
 * server as the GitHub host the app clones from (GHE_HOST; the API stays nock'd at api.github.com).
 */
export function testEnv(gitServerUrl: string, extra: Record<string, string> = {}): Env {
  const url = new URL(gitServerUrl);
  return parseEnv({
    APP_ID: "1",
    ANTHROPIC_API_KEY: "sk-ant-test",
    STACKSMITH_STATE_SECRET: STATE_SECRET,
    GHE_HOST: url.host,
    GHE_PROTOCOL: url.protocol.replace(":", ""),
    ...extra,
  });
}

/** The seal of an issue's state, to read what a test server wrote. */
export function testSeal(owner: string, repo: string, issue: number): StateSeal {
  return sealFor(TEST_STATE_KEY, { owner, name: repo }, issue);
}
