import { ProbotOctokit } from "probot";

/** Retries after a secondary rate limit this many times, when GitHub asks to wait at most this long. */
const SECONDARY_RETRIES = 2;
const SECONDARY_MAX_WAIT_S = 120;

/**
 * Probot's Octokit, retrying a request that hit GitHub's secondary rate limit after the
 * `retry-after` it names (Probot's default only logs it and fails the request).
 */
export const StacksmithOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  throttle: {
    ...(options.throttle as object | undefined),
    onSecondaryRateLimit: (retryAfter: number, _request: unknown, _octokit: unknown, retryCount: number) =>
      retryCount < SECONDARY_RETRIES && retryAfter <= SECONDARY_MAX_WAIT_S,
  },
}));
