import { StacksmithError } from "../shared/errors.js";

/**
 * The only rule for where the app may write: one issue's own branches,
 * `refs/heads/stacksmith/issue-<N>/<k>-<slug>`, with the slug as `branchName` makes it.
 * Every push passes through `assertPushable` in the git layer, whatever asked for it and
 * whatever the stack's state says, so no text from an issue, a comment or a model can move
 * a push anywhere else (the default branch, another issue's stack, a tag).
 */
export interface PushScope {
  issue: number;
}

const BRANCH = /^stacksmith\/issue-([1-9][0-9]{0,9})\/[1-9][0-9]{0,2}-[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_BRANCH_LENGTH = 100;

/** Why a branch may not be pushed in this scope, or null when it may. */
export function pushRefusal(scope: PushScope | null, branch: string): string | null {
  if (scope === null) return "this workspace may not push";
  const match = branch.length <= MAX_BRANCH_LENGTH ? BRANCH.exec(branch) : null;
  if (match === null) return `\`${printable(branch)}\` is not one of Stacksmith's branches (stacksmith/issue-<N>/<k>-<slug>)`;
  if (Number(match[1]) !== scope.issue) return `\`${printable(branch)}\` belongs to another issue's stack than #${scope.issue}`;
  return null;
}

export function assertPushable(scope: PushScope | null, branch: string): void {
  const refusal = pushRefusal(scope, branch);
  if (refusal !== null) throw new StacksmithError("PUSH_REFUSED", `Stacksmith refused to push: ${refusal}`, { branch: printable(branch) });
}

/** A branch name as it may be shown: at most 100 characters, nothing unprintable. */
function printable(branch: string): string {
  const shown = branch.replace(/[^\x20-\x7e]/g, "?");
  return shown.length > MAX_BRANCH_LENGTH ? `${shown.slice(0, MAX_BRANCH_LENGTH)}…` : shown;
}
