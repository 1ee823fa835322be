import type { ApplyResult, EditFailure, ParseError } from "./types.js";

function describe(failure: EditFailure): string {
  switch (failure.kind) {
    case "no-match":
      return failure.similar === null ? "the SEARCH text was not found in the file" : `the SEARCH text was not found. Did you mean:\n${failure.similar}`;
    case "ambiguous":
      return `the SEARCH text matches at lines ${failure.lines.join(", ")}; include more lines so it matches once`;
    case "outside-repo":
      return "the path is outside the repository";
    case "protected":
      return "the path is protected and may not be edited";
    case "unsupported-file":
      return `the file is a ${failure.file} file, which cannot be edited as text`;
    case "identical":
      return "SEARCH and REPLACE are identical";
    case "missing-file":
      return "the file does not exist; use an empty SEARCH to create it";
  }
}

/** Feedback for the model: which blocks applied, and what to fix and resend. */
export function formatFeedback(result: ApplyResult, parseErrors: readonly ParseError[]): string {
  const parts: string[] = [];
  for (const error of parseErrors) parts.push(`- Line ${error.line} of your answer: ${error.message}.`);
  for (const outcome of result.outcomes) {
    const label = `Block ${outcome.index + 1} (${outcome.edit.path})`;
    parts.push(outcome.status === "applied" ? `- ${label}: applied.` : `- ${label}: FAILED, ${describe(outcome.failure)}.`);
  }
  parts.push("Resend only the blocks that failed, corrected. The applied blocks are already in the files.");
  return parts.join("\n");
}
