import type { Probot } from "probot";
import type { Job } from "../queue/job.js";
import type { AppIdentity, GitHubClient } from "./github-client.js";
import { withGitHubErrors } from "./github-errors.js";
import { OctokitGitHubClient } from "./octokit-client.js";

/**
 * The GitHub client for a job's installation and repository. A fresh installation token is
 * asked for as the app, through the configured host (Probot's own refresh posts to
 * api.github.com whatever GHE_HOST says). In Action mode there is only the workflow's token.
 */
export function githubForJob(probot: Pick<Probot, "auth">, self: AppIdentity): (job: Job) => Promise<GitHubClient> {
  return async (job) => {
    const refresh =
      self.kind === "app"
        ? async () => {
            const app = await probot.auth();
            const { data } = await app.rest.apps.createInstallationAccessToken({ installation_id: job.installationId });
            return data.token;
          }
        : null;
    return withGitHubErrors(new OctokitGitHubClient(await probot.auth(job.installationId), job.repo.owner, job.repo.name, self, refresh));
  };
}
