import { CONFLICT_MARKERS } from "../edit/three-way-merge.js";
import { FRAME_RULE, framed } from "../shared/frame.js";

/** Prompt text, built by pure functions from gathered data. Untrusted text is framed with the job's random id. */

export const EDIT_SYSTEM_PROMPT = `You are Stacksmith, a careful software engineer fixing a GitHub issue in a repository you cannot run.
Read the code you need with the tools, then answer with the change.

Your final answer starts with a short explanation of the change for the pull request description (what and why, a few sentences), followed by one or more SEARCH/REPLACE blocks, each in its own fenced code block:

\`\`\`python
### path/to/file.py
<<<<<<< SEARCH
exact lines copied from the current file
=======
the lines that replace them
>>>>>>> REPLACE
\`\`\`

Rules:
- SEARCH must match the current file exactly, including indentation, and match in one place only: include enough lines to be unique.
- Keep each block small: the lines that change plus a little context.
- To create a file, use an empty SEARCH section. To delete a file, use the whole file as SEARCH and an empty REPLACE.
- Edit only what your task needs. Do not touch unrelated code, tests you were not asked to change, or CI workflows.
- ${FRAME_RULE}`;

export interface IssueText {
  repo: string;
  number: number;
  title: string;
  body: string;
  instructions: string | null;
}

export interface PlanLine {
  title: string;
  goal: string;
  files: readonly string[];
}

function issueSection(issue: IssueText, nonce: string): string[] {
  const body = issue.body.trim() === "" ? "(no description)" : issue.body.trim();
  const parts = [`Repository: ${issue.repo}`, "", ...framed("ISSUE", `${issue.title}\n\n${body}`, nonce)];
  if (issue.instructions !== null && issue.instructions.trim() !== "") {
    parts.push("", ...framed("MAINTAINER INSTRUCTIONS", issue.instructions.trim(), nonce));
  }
  return parts;
}

function fileSection(files: readonly string[], maxListed: number): string[] {
  const shown = files.slice(0, maxListed);
  const more = files.length - shown.length;
  return ["", `Files in the repository (${files.length}):`, ...shown, ...(more > 0 ? [`… ${more} more (use list_files).`] : [])];
}

export interface PlanPromptInput {
  issue: IssueText;
  /** A compact map of the repository: its tree, and the definitions of the likeliest files. */
  repoMap: string;
  /** Files locate picked to change, most likely first, and files worth reading that should not change. */
  edit: readonly string[];
  read: readonly string[];
  maxSubtasks: number;
  /** The job's frame id. */
  nonce: string;
}

export function renderPlanPrompt(input: PlanPromptInput): string {
  const parts = [...issueSection(input.issue, input.nonce), "", ...framed("REPOSITORY MAP", input.repoMap, input.nonce)];
  if (input.edit.length > 0) parts.push("", "Files most likely to change:", ...input.edit.map((f) => `- ${f}`));
  if (input.read.length > 0) parts.push("", "Files worth reading, which should not need to change:", ...input.read.map((f) => `- ${f}`));
  parts.push("", `Plan at most ${input.maxSubtasks} subtasks, then call submit_plan.`);
  return parts.join("\n");
}

export interface SubtaskPromptInput {
  issue: IssueText;
  plan: readonly PlanLine[];
  /** 1-based index of the subtask to do now. */
  k: number;
  files: readonly string[];
  maxListedFiles: number;
  /** The current text of the files the subtask will likely change, shown whole. */
  contents?: ReadonlyArray<{ path: string; text: string }>;
  /** The job's frame id. */
  nonce: string;
}

export function renderSubtaskPrompt(input: SubtaskPromptInput): string {
  const parts = issueSection(input.issue, input.nonce);
  const current = input.plan[input.k - 1];
  if (input.plan.length > 1 && current !== undefined) {
    parts.push("", `The fix is planned as ${input.plan.length} stacked pull requests:`);
    input.plan.forEach((step, i) => parts.push(`${i + 1}. ${step.title}${i + 1 < input.k ? " (done: already in the code you see)" : i + 1 === input.k ? " (yours now)" : " (later)"}`));
    parts.push("", `Do only subtask ${input.k}: ${current.title}`, `Goal: ${current.goal}`);
    if (current.files.length > 0) parts.push(`Likely files: ${current.files.join(", ")}`);
    parts.push("Leave the later subtasks' work to them.");
  } else if (current !== undefined && current.files.length > 0) {
    parts.push("", `Likely files: ${current.files.join(", ")}`);
  }
  parts.push(...fileSection(input.files, input.maxListedFiles));
  for (const file of input.contents ?? []) parts.push("", ...framed(`FILE ${file.path}`, file.text, input.nonce));
  parts.push("", "Read what else you need, then answer with the explanation and the SEARCH/REPLACE blocks.");
  return parts.join("\n");
}

export interface RevisionPromptInput {
  issue: IssueText;
  k: number;
  n: number;
  title: string;
  goal: string;
  /** The pull request's current diff against its base. */
  diff: string;
  /** The feedback to address: a review, instructions, or CI failures. */
  feedbackTitle: string;
  feedback: string;
  /** The job's frame id. */
  nonce: string;
}

export function renderRevisionPrompt(input: RevisionPromptInput): string {
  return [
    ...issueSection(input.issue, input.nonce),
    "",
    `You opened pull request ${input.k} of ${input.n} for this issue: ${input.title}`,
    `Its goal: ${input.goal}`,
    "",
    ...framed("CURRENT DIFF OF THE PULL REQUEST", input.diff.trim() === "" ? "(empty)" : input.diff, input.nonce, "CURRENT DIFF"),
    "",
    ...framed(input.feedbackTitle.toUpperCase(), input.feedback.trim(), input.nonce),
    "",
    "Address all of it in this pull request's files. Change only what it asks. The code you read with the tools is the pull request's current head.",
    "Answer with a short explanation of what you changed, then the SEARCH/REPLACE blocks.",
  ].join("\n");
}

export interface ConflictPromptInput {
  k: number;
  n: number;
  title: string;
  goal: string;
  /** The branch or commit the part moves onto, as a reader knows it. */
  onto: string;
  files: ReadonlyArray<{ path: string; marked: string; baseChange: string; partChange: string }>;
  nonce: string;
}

/** A merge conflict as an edit task: each file with its markers, and what each side changed. */
export function renderConflictPrompt(input: ConflictPromptInput): string {
  const parts = [
    `You opened pull request ${input.k} of ${input.n}: ${input.title}`,
    `Its goal: ${input.goal}`,
    "",
    `Its branch is being moved onto ${input.onto}, whose code changed some of the same lines as this part.`,
    "In the files below (and in the tree the tools read) this part's changes are merged onto the new base, and each overlap is marked:",
    `\`${CONFLICT_MARKERS.newBase}\` (then the new base's lines), \`${CONFLICT_MARKERS.oldBase}\` (the lines both started from), \`${CONFLICT_MARKERS.divider}\`, then this part's lines and \`${CONFLICT_MARKERS.part}\`.`,
  ];
  for (const file of input.files) {
    parts.push("", ...framed(`FILE ${file.path} WITH CONFLICT MARKERS`, file.marked, input.nonce, "FILE"));
    parts.push("", ...framed(`WHAT THE NEW BASE CHANGED IN ${file.path}`, file.baseChange.trim() === "" ? "(nothing)" : file.baseChange, input.nonce, "DIFF"));
    parts.push("", ...framed(`WHAT THIS PART CHANGED IN ${file.path}`, file.partChange.trim() === "" ? "(nothing)" : file.partChange, input.nonce, "DIFF"));
  }
  parts.push(
    "",
    "Resolve every conflict so that the file keeps what the new base does and this part still reaches its goal on top of it.",
    "Answer with a short explanation of how you resolved each conflict, then SEARCH/REPLACE blocks whose SEARCH covers each marked region, markers included. No conflict marker may remain.",
  );
  return parts.join("\n");
}
