/**
 * Bugs and environment faults are typed errors with a stable `code`; the worker
 * catches them in one place and turns them into a message the user can act on.
 * Expected failures (an edit that does not apply, a model without edits) are values, not errors.
 */
export type ErrorCode =
  | "CONFIG_INVALID"
  | "CLONE_FAILED"
  | "CLONE_AUTH"
  | "CLONE_NOT_FOUND"
  | "REPO_EMPTY"
  | "REPO_ARCHIVED"
  | "REPO_TOO_LARGE"
  | "PUSH_REJECTED"
  | "PUSH_REFUSED"
  | "BRANCH_NOT_OURS"
  | "EDIT_FAILED"
  | "MODEL_FAILED"
  | "MODEL_TIMEOUT"
  /** The prompt is larger than the model's context window. */
  | "CONTEXT_OVERFLOW"
  | "MODEL_NOT_CONFIGURED"
  | "GITHUB_FAILED"
  | "BUDGET_EXCEEDED"
  | "NOT_AUTHORISED"
  | "INVALID_INPUT"
  | "INTERNAL";

export class StacksmithError extends Error {
  readonly code: ErrorCode;
  readonly data: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, data: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StacksmithError";
    this.code = code;
    this.data = data;
  }
}

export function isStacksmithError(err: unknown): err is StacksmithError {
  return err instanceof StacksmithError;
}

/** A one-line description of any thrown value, safe to show to a user (no stack). */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
