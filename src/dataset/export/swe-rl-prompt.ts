import type { MinedRecord } from "../mine/mined-record.js";

/**
 * SWE-RL's prompt (paper §D; the repair prompt it shares with Agentless): a system turn asking
 * for the thinking first, then the solution, in `<think>`/`<solution>` tags; a user turn with
 * the issue, the files as `### path` blocks with their full text in one fence, and the
 * SEARCH/REPLACE instructions. Pure.
 */

export const THINKING_SYSTEM_PROMPT = `A user will ask you to solve a task. You should first draft your thinking process (inner monologue). Then, generate the solution.

Your response format must follow the template below:
<think>
Your thoughts or/and draft, like working through an exercise on scratch paper. Be as casual and as long as you want until you are confident to generate a correct solution.
</think>
<solution>
Final solution presented to the user.
</solution>`;

const INSTRUCTIONS = `Please first localize the bug based on the issue statement, and then generate *SEARCH/REPLACE* edits to fix the issue.

Every *SEARCH/REPLACE* edit must use this format:
1. The file path
2. The start of search block: <<<<<<< SEARCH
3. A contiguous chunk of lines to search for in the existing source code
4. The dividing line: =======
5. The lines to replace into the source code
6. The end of the replace block: >>>>>>> REPLACE

Here is an example:

\`\`\`python
### mathweb/flask/app.py
<<<<<<< SEARCH
from flask import Flask
=======
import math
from flask import Flask
>>>>>>> REPLACE
\`\`\`

Please note that the *SEARCH/REPLACE* edit REQUIRES PROPER INDENTATION. If you would like to add the line '        print(x)', you must fully write that out, with all those spaces before the code!
Wrap each *SEARCH/REPLACE* edit in a code block as shown in the example above. If you have multiple *SEARCH/REPLACE* edits, use a separate code block for each one.`;

export interface ShownFile {
  path: string;
  content: string;
}

/**
 * The files a prompt shows: every changed file that existed before the change and every
 * context file, sorted by path, so that a file's place says nothing about whether it changed.
 */
export function shownFiles(record: Pick<MinedRecord, "changed_files" | "context_files">): ShownFile[] {
  const files = new Map<string, string>();
  for (const f of record.changed_files) if (f.old_content !== null) files.set(f.path, f.old_content);
  for (const f of record.context_files) if (!files.has(f.path)) files.set(f.path, f.content);
  return [...files].map(([path, content]) => ({ path, content })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function renderRepairPrompt(task: string, files: readonly ShownFile[]): string {
  const content = files.map((f) => `### ${f.path}\n${f.content}`).join("\n\n");
  return `We are currently solving the following issue within our repository. Here is the issue text:
--- BEGIN ISSUE ---
${task}
--- END ISSUE ---

Below are some code segments, each from a relevant file. One or more of these files may contain bugs.

--- BEGIN FILE ---
\`\`\`
${content}
\`\`\`
--- END FILE ---

${INSTRUCTIONS}`;
}
