import { StacksmithError } from "../shared/errors.js";
import type { GitHubClient } from "./github-client.js";

function statusOf(err: unknown): number | null {
  return typeof err === "object" && err !== null && "status" in err && typeof err.status === "number" ? err.status : null;
}

/** How an operation reads in a sentence, where its name alone does not ("to permission"). */
const OPERATIONS: Record<string, string> = {
  permission: "check a person's permission",
  installationToken: "hand out an installation token",
  readFile: "read a file",
  listComments: "list the issue's comments",
  jobLog: "read a CI job's log",
};

/** A GitHub API failure as a message a maintainer can act on. */
export function gitHubError(operation: string, err: unknown): StacksmithError {
  if (err instanceof StacksmithError) return err;
  const status = statusOf(err);
  const detail = err instanceof Error ? err.message.split("\n")[0]?.slice(0, 300) : String(err);
  const what = OPERATIONS[operation] ?? operation.replace(/([A-Z])/g, " $1").toLowerCase();
  let message: string;
  if (status === null) message = `GitHub could not be reached to ${what}: ${detail}`;
  else if (status >= 500) message = `GitHub failed (HTTP ${status}) to ${what}; it may be having trouble, so try again later`;
  else if (status === 429 || (status === 403 && /rate limit/i.test(detail ?? ""))) message = `GitHub's rate limit stopped the request to ${what}; try again later`;
  else if (status === 401 || status === 403) message = `GitHub refused to ${what} (HTTP ${status}): ${detail}. Check the app's permissions on this repository`;
  else message = `GitHub answered HTTP ${status} to ${what}: ${detail}`;
  return new StacksmithError("GITHUB_FAILED", message, { status, operation }, { cause: err });
}

/** Every method of the client throws GITHUB_FAILED with a clear message instead of a raw HTTP error. */
export function withGitHubErrors(client: GitHubClient): GitHubClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } catch (err) {
          throw gitHubError(String(prop), err);
        }
      };
    },
  });
}
