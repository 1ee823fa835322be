/**
 * A merge commit as a task: the merge message (GitHub's `Merge pull request #N from
 * owner/branch`, then the pull request's title and body), then the subjects of the commits it
 * brought in, oldest first, leaving out those the message already says. Pure.
 */

/** Subjects listed at most; the rest are counted. */
const MAX_SUBJECTS = 50;

/** GitHub's default merge message, and its "pull request title" one (`Title (#N)`). */
const PULL_REQUEST = /^Merge pull request #(\d+) from \S/;
const TITLE_NUMBER = /\(#(\d+)\)$/;

/** The pull request a merge message names (`Merge pull request #N from …` or `Title (#N)`), or null. */
export function mergedPullRequest(message: string): number | null {
  const subject = subjectOf(message);
  const match = PULL_REQUEST.exec(subject) ?? TITLE_NUMBER.exec(subject);
  return match?.[1] === undefined ? null : Number(match[1]);
}

export function subjectOf(message: string): string {
  return (message.trim().split("\n")[0] ?? "").trim();
}

/** `subjects` oldest first. */
export function mergeTask(message: string, subjects: readonly string[]): string {
  const text = message.trim();
  const said = new Set(text.split("\n").map((l) => l.trim()));
  const listed = subjects.filter((s) => s !== "" && !said.has(s));
  const unique = [...new Set(listed)];
  if (unique.length === 0) return text;
  const shown = unique.slice(0, MAX_SUBJECTS).map((s) => `- ${s}`);
  if (unique.length > MAX_SUBJECTS) shown.push(`- … and ${unique.length - MAX_SUBJECTS} more`);
  return `${text}\n\nCommits:\n${shown.join("\n")}`;
}
