/** How a job ended, for logs and tests. */
export type JobOutcome =
  | { kind: "ignored"; reason: string }
  | { kind: "done"; pullRequests: number[] }
  | { kind: "failed"; reason: string };
