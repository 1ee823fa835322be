import type { Edit, ParseError, ParseResult } from "./types.js";

const SEARCH = /^<{5,9} SEARCH\s*$/;
const DIVIDER = /^={5,9}\s*$/;
const REPLACE = /^>{5,9} REPLACE\s*$/;
const PATH = /^###\s+(.+?)\s*$/;

/** Parses SEARCH/REPLACE blocks (`### path`, `<<<<<<< SEARCH`, `=======`, `>>>>>>> REPLACE`). */
export function parseEdits(text: string): ParseResult {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const edits: Edit[] = [];
  const errors: ParseError[] = [];
  let path: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const pathMatch = PATH.exec(line);
    if (pathMatch?.[1] !== undefined) {
      path = pathMatch[1];
      continue;
    }
    if (!SEARCH.test(line)) continue;
    const start = i + 1;
    if (path === null) {
      errors.push({ line: start, message: "a SEARCH block without a `### path` line before it" });
      continue;
    }
    let j = i + 1;
    const search: string[] = [];
    while (j < lines.length && !DIVIDER.test(lines[j] ?? "")) search.push(lines[j++] ?? "");
    const replace: string[] = [];
    j++;
    while (j < lines.length && !REPLACE.test(lines[j] ?? "")) replace.push(lines[j++] ?? "");
    if (j >= lines.length) {
      errors.push({ line: start, message: "a SEARCH block that is not closed by `=======` and `>>>>>>> REPLACE`" });
      break;
    }
    edits.push({ path, search: search.join("\n"), replace: replace.join("\n") });
    i = j;
  }
  return { edits, errors };
}
