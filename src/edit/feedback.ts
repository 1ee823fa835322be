import { framed } from "../shared/frame.js";
import { splitLines } from "./lines.js";
import type { ApplyResult, EditFailure, EditOutcome, MatchStrategy, ParseError, PathProblem } from "./types.js";

const PATH_PROBLEMS: Record<PathProblem, string> = {
  absolute: "it is an absolute path; use a path relative to the repository root",
  parent: "it leaves the repository through `..`; use a path relative to the repository root",
  "git-dir": "it points inside a `.git` directory, which may not be edited",
  invalid: "it is not a plain relative path (empty or `.` parts, backslashes or control characters)",
  deceptive: "it holds characters that display as something else (bidirectional controls, invisible or look-alike characters); use plain characters",
};

const STRATEGY_NOTES: Record<MatchStrategy, string> = {
  exact: "",
  whitespace: " (matched after ignoring leading whitespace; REPLACE was re-indented to fit)",
  "leading-blank": " (matched after dropping the blank first line of SEARCH)",
  elision: " (matched piece by piece around the `...` lines)",
  "new-file": " (new file created)",
  append: " (empty SEARCH: REPLACE appended to the end of the file)",
  "delete-file": " (the file was deleted)",
};

/** File text shown back to the model, framed as data like every file in its prompts. */
function fileLines(path: string, text: string, nonce: string): string {
  return framed(`FILE ${path}`, text.endsWith("\n") ? text.slice(0, -1) : text, nonce).join("\n");
}

function describe(failure: EditFailure, path: string, nonce: string): string {
  switch (failure.kind) {
    case "no-match": {
      const parts = [`the SEARCH text was not found in ${path}. SEARCH must copy the current lines exactly, whitespace and comments included.`];
      if (failure.closest !== null) {
        const { startLine, endLine, text, textStartLine } = failure.closest;
        const shownEnd = textStartLine + splitLines(text).length - 1;
        parts.push(`Did you mean lines ${startLine}-${endLine}? Here are lines ${textStartLine}-${shownEnd} of ${path}:\n${fileLines(path, text, nonce)}`);
      }
      if (failure.replaceAlreadyPresent) parts.push(`The REPLACE lines are already in ${path}: if this change was made before, do not resend it.`);
      return parts.join("\n");
    }
    case "ambiguous":
      return `the SEARCH text matches ${failure.lines.length} places in ${path} (starting at lines ${failure.lines.join(", ")}). Add surrounding lines so that it matches exactly one place.`;
    case "outside-repo":
      return `the path cannot be edited: ${PATH_PROBLEMS[failure.reason]}.`;
    case "protected":
      return "the path is protected and may not be edited; leave it unchanged.";
    case "unsupported-file": {
      const what =
        failure.file === "too-large"
          ? `too large to edit${failure.bytes === undefined ? "" : ` (${failure.bytes} bytes)`}`
          : failure.file === "lfs-pointer"
            ? "a Git LFS pointer (its content is stored outside the repository)"
            : `a ${failure.file}, not a text file`;
      return `${path} is ${what}; it cannot be edited with SEARCH/REPLACE.`;
    }
    case "path-taken":
      return failure.by === "directory"
        ? `${path} is a directory; a file cannot be written in its place.`
        : `${failure.by.parent} is a file, so nothing can be created below it.`;
    case "too-large-result":
      return `the result would make ${path} ${failure.bytes} bytes, over the limit of ${failure.limit} bytes for a file the agent writes. Make a smaller change.`;
    case "identical":
      return "SEARCH and REPLACE are identical, so the block changes nothing.";
    case "missing-file":
      return `${path} does not exist. Check the path, or use an empty SEARCH to create a new file.`;
  }
}

/** What went wrong with one block, in words for a person reading the issue. */
function shortReason(failure: EditFailure, path: string): string {
  const file = `\`${path}\``;
  switch (failure.kind) {
    case "no-match":
      return `the lines it meant to replace in ${file} are not there`;
    case "ambiguous":
      return `the lines it meant to replace occur ${failure.lines.length} times in ${file}`;
    case "outside-repo":
      return `${file} is not a path it may write`;
    case "protected":
      return `${file} is protected (see \`protectedPaths\`)`;
    case "unsupported-file":
      return `${file} is not a text file it can edit (${failure.file})`;
    case "path-taken":
      return failure.by === "directory" ? `${file} is a directory` : `${file} lies below a file`;
    case "too-large-result":
      return `${file} would grow past the ${failure.limit}-byte limit`;
    case "identical":
      return `its change to ${file} changed nothing`;
    case "missing-file":
      return `${file} does not exist`;
  }
}

/** The last round's failures, as one clause for a person: which files, and why (no instructions to the model). */
export function summarizeFailures(result: ApplyResult, parseErrors: readonly ParseError[]): string {
  const reasons = [...new Set(result.outcomes.flatMap((o) => (o.status === "failed" ? [shortReason(o.failure, o.edit.path)] : [])))];
  if (parseErrors.length > 0) reasons.push(parseErrors.length === 1 ? "one of its edit blocks was malformed" : `${parseErrors.length} of its edit blocks were malformed`);
  const shown = reasons.slice(0, 3);
  const more = reasons.length - shown.length;
  return `${shown.join("; ")}${more > 0 ? `; and ${more} more` : ""}`;
}

function blocks(outcomes: readonly EditOutcome[]): string {
  const numbers = outcomes.map((o) => String(o.index + 1)).join(", ");
  return outcomes.length === 1 ? `block ${numbers}` : `blocks ${numbers}`;
}

/**
 * Feedback for the model: each block's result, the closest lines for a SEARCH that matched
 * nowhere, and which blocks to resend. Applied blocks are already in the files.
 */
export function formatFeedback(result: ApplyResult, parseErrors: readonly ParseError[], nonce: string): string {
  const parts: string[] = [];
  for (const error of parseErrors) parts.push(`- Line ${error.line} of your answer: ${error.message}. That block was not applied.`);
  for (const outcome of result.outcomes) {
    const label = `Block ${outcome.index + 1} (${outcome.edit.path})`;
    parts.push(outcome.status === "applied" ? `- ${label}: applied${STRATEGY_NOTES[outcome.strategy]}.` : `- ${label}: FAILED, ${describe(outcome.failure, outcome.edit.path, nonce)}`);
  }
  const applied = result.outcomes.filter((o) => o.status === "applied");
  const failed = result.outcomes.filter((o) => o.status === "failed");
  if (failed.length === 0 && parseErrors.length === 0) {
    parts.push(applied.length === 0 ? "No SEARCH/REPLACE blocks were found." : "All blocks applied.");
    return parts.join("\n");
  }
  if (applied.length > 0) {
    const those = applied.length === 1 ? "it" : "them";
    parts.push(`Already applied and in the files: ${blocks(applied)}; do not resend ${those}.`);
  }
  const resend = failed.length > 0 ? blocks(failed) : "the blocks that could not be parsed";
  parts.push(`Resend only ${resend}, corrected, against the files as they are now.`);
  return parts.join("\n");
}
