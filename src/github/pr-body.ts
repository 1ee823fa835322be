/** Pull request titles and bodies, rendered by pure functions. */

export interface PullRequestBodyInput {
  issue: number;
  summary: string;
  files: readonly string[];
  usageLine: string;
}

export function renderPullRequestBody(input: PullRequestBodyInput): string {
  const summary = input.summary.trim() === "" ? "_The model gave no summary._" : input.summary.trim();
  return [
    summary,
    "",
    `Fixes #${input.issue}`,
    "",
    "**Files changed**",
    "",
    ...input.files.map((f) => `- \`${f}\``),
    "",
    `<sub>Opened by Stacksmith from #${input.issue} · ${input.usageLine}. Review it like any contribution: nothing here was run.</sub>`,
  ].join("\n");
}
