import type { Probot } from "probot";

/**
 * Whether the app's GitHub credentials work: the app's own JWT is accepted (GET /app).
 * Answers are kept for a while (a minute when they work, ten seconds when they do not), so a
 * health check every few seconds costs GitHub one call a minute.
 */
export function gitHubCredentialCheck(probot: Pick<Probot, "auth">, now: () => number = Date.now): () => Promise<string | null> {
  let cached: { at: number; problem: string | null } | undefined;
  return async () => {
    if (cached !== undefined && now() - cached.at < (cached.problem === null ? 60_000 : 10_000)) return cached.problem;
    let problem: string | null = null;
    try {
      const octokit = await probot.auth();
      await octokit.request("GET /app");
    } catch (err) {
      const status = typeof err === "object" && err !== null && "status" in err && typeof err.status === "number" ? err.status : null;
      problem =
        status === 401 || status === 403 || status === 404
          ? `GitHub does not accept the app's credentials (HTTP ${status}): check APP_ID and PRIVATE_KEY`
          : `GitHub did not answer the app's credential check (${status === null ? "" : `HTTP ${status}: `}${err instanceof Error ? err.message.split("\n")[0] : String(err)})`;
    }
    cached = { at: now(), problem };
    return problem;
  };
}
