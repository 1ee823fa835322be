/** The prompts of the model locate step (pure rendering). */
import { FRAME_RULE, framed } from "../shared/frame.js";
import type { RankedFile } from "./types.js";

export const LOCATE_SYSTEM_PROMPT = `You locate the code to change for a GitHub issue in a repository you cannot run.
You get the issue, a map of the repository (a compressed file tree and the definitions of the files a keyword
search ranks most likely) and a ranked list of candidate files. You may look further with the tools search_code,
read_file and list_dir, for a limited number of turns. Then call submit_files once with:
- edit: the files that must change to resolve the issue, most likely first (usually one to three; source code, not tests, unless the issue is about tests);
- read: other files worth reading for context (callers, definitions used, related tests), but not changing.
Use paths exactly as they appear in the repository. ${FRAME_RULE}`;

/** Removes control characters from untrusted text, and bounds its length. */
export function sanitiseIssue(text: string, maxChars = 16_000): string {
  const cleaned = text.replace(/\r\n?/g, "\n").replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "");
  return cleaned.length > maxChars ? `${cleaned.slice(0, maxChars)}\n… (truncated)` : cleaned;
}

export interface LocatePromptInput {
  issue: string;
  repoMap: string;
  candidates: readonly RankedFile[];
  maxToolTurns: number;
  /** The run's frame id. */
  nonce: string;
}

export function renderLocatePrompt(input: LocatePromptInput): string {
  const list = input.candidates.map((c, i) => `${i + 1}. ${c.path}${c.role === "source" ? "" : ` (${c.role})`}`).join("\n");
  return [
    ...framed("ISSUE", sanitiseIssue(input.issue), input.nonce),
    "",
    ...framed("REPOSITORY MAP", input.repoMap, input.nonce),
    "",
    "Candidate files from the keyword prefilter, most likely first:",
    list,
    "",
    `You have at most ${input.maxToolTurns} turns of tool calls (several calls in one turn are fine). Then call submit_files.`,
  ].join("\n");
}
