/** The remote a workspace fetches from and pushes to, and how its token is sent and renewed. */
import { GitHttpError } from "./git-http.js";
import type { PackLimits } from "./pack-limits.js";
import type { PushScope } from "./push-guard.js";

export interface Remote {
  url: string;
  /** Called before each network operation; `refresh` asks for a new token after the remote refused one. */
  token: (refresh?: boolean) => Promise<string>;
  /** The only branches a push may update (push-guard.ts); null: this workspace never pushes. */
  pushScope: PushScope | null;
  /** What a pack from the remote may cost (pack-limits.ts); the defaults where not given. */
  limits?: Partial<PackLimits>;
}

export function basicAuthHeader(token: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}` };
}

/** Runs a network operation with the remote's token, once more with a fresh token if it was refused (expired). */
export async function withToken<T>(remote: Pick<Remote, "token">, run: (headers: Record<string, string>) => Promise<T>): Promise<T> {
  try {
    return await run(basicAuthHeader(await remote.token()));
  } catch (err) {
    if (!(err instanceof GitHttpError && err.status === 401)) throw err;
    return run(basicAuthHeader(await remote.token(true)));
  }
}
