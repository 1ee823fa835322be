import type { Probot } from "probot";
import type { Job } from "../queue/job.js";
import type { AppIdentity, GitHubClient } from "./github-client.js";
import { withGitHubErrors } from "./github-errors.js";
import { OctokitGitHubClient } from "./octokit-client.js";

/** The GitHub client for a job's installation and repository. */
export function githubForJob(probot: Pick<Probot, "auth">, self: AppIdentity): (job: Job) => Promise<GitHubClient> {
  return async (job) => withGitHubErrors(new OctokitGitHubClient(await probot.auth(job.installationId), job.repo.owner, job.repo.name, self));
}
