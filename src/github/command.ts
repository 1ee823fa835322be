import { AgentCommandName } from "../queue/job.js";
import { visibleText } from "./visible-text.js";

/**
 * `/agent <command> [instructions]` (fix, restack, rebase, go or plan) at the start of a line that a reader of the page sees as text: not in
 * hidden markup (HTML comments, hidden elements, attributes, link definitions: the same definition
 * the prompts use), not in code (fenced or indented blocks, code spans, which may run over lines),
 * not in a block quote (nor the lines that continue a quote's paragraph without `>`), and not
 * inside `<details>`. A reader can open `<details>`, but it is folded away when the page loads and
 * holds pasted logs and templates, so a command there is not one its writer meant to show.
 */

const AGENT_COMMANDS = AgentCommandName.options;

export interface AgentCommand {
  name: AgentCommandName;
  /** Everything after `/agent <command>` on its line, plus the lines that follow (outside quotes). */
  instructions: string;
}

/** GitHub keeps comments under 65,536 characters; anything longer is read no further. */
const MAX_BODY = 70_000;

interface Fence {
  char: string;
  size: number;
}

function fenceOf(line: string): Fence | null {
  const t = line.trimStart();
  const char = t[0];
  if (char !== "`" && char !== "~") return null;
  let n = 0;
  while (t[n] === char) n++;
  return n >= 3 ? { char, size: n } : null;
}

function closes(line: string, fence: Fence): boolean {
  const t = line.trimStart();
  let n = 0;
  while (t[n] === fence.char) n++;
  return n >= fence.size && t.slice(n).trim() === "";
}

function isQuote(line: string): boolean {
  return line.trimStart().startsWith(">") && line.length - line.trimStart().length <= 3;
}

/** The command on this line and the instructions after it, or null when the line is not a command. */
function commandOn(line: string): { name: AgentCommandName; rest: string } | null {
  if (!line.startsWith("/agent")) return null;
  let i = 6;
  const space = (c: string | undefined) => c === " " || c === "\t";
  if (!space(line[i])) return null;
  while (space(line[i])) i++;
  for (const name of AGENT_COMMANDS) {
    if (line.slice(i, i + name.length) !== name) continue;
    const end = i + name.length;
    if (end < line.length && !space(line[end])) return null;
    return { name, rest: line.slice(end).trim() };
  }
  return null;
}

/** Counts `<details` openings minus closings in a line. */
function detailsChange(line: string): number {
  const lower = line.toLowerCase();
  let change = 0;
  for (let at = lower.indexOf("details"); at >= 0; at = lower.indexOf("details", at + 7)) {
    const after = lower[at + 7];
    if (after !== undefined && !/[\s>/]/.test(after)) continue;
    if (lower[at - 1] === "<") change++;
    else if (lower[at - 1] === "/" && lower[at - 2] === "<") change--;
  }
  return change;
}

/** The length of the code span still open after this line, given the one open before it (0: none). */
function openSpanAfter(line: string, open: number): number {
  let i = 0;
  while (i < line.length) {
    if (open === 0 && line[i] === "\\") {
      i += 2;
      continue;
    }
    if (line[i] !== "`") {
      i++;
      continue;
    }
    let j = i;
    while (line[j] === "`") j++;
    const size = j - i;
    if (open === 0) open = size;
    else if (size === open) open = 0;
    i = j;
  }
  return open;
}

export function parseAgentCommand(body: string): AgentCommand | null {
  const raw = body.length > MAX_BODY ? body.slice(0, MAX_BODY) : body;
  const lines = visibleText(raw, { truncated: raw.length < body.length }).split("\n");
  let fence: Fence | null = null;
  let details = 0;
  let quoted = false;
  let span = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (fence !== null) {
      if (closes(line, fence)) fence = null;
      continue;
    }
    const opened = fenceOf(line);
    if (opened !== null && span === 0) {
      fence = opened;
      quoted = false;
      continue;
    }
    if (line.trim() === "") {
      quoted = false;
      span = 0;
      continue;
    }
    const folded = details > 0;
    details = Math.max(0, details + detailsChange(line));
    if (isQuote(line)) quoted = true;
    const inSpan = span > 0;
    span = openSpanAfter(line, span);
    if (folded || quoted || inSpan) continue;
    const first = commandOn(line.trimEnd());
    if (first === null) continue;
    return { name: first.name, instructions: [first.rest, instructionLines(lines.slice(i + 1))].join("\n").trim() };
  }
  return null;
}

/** The lines after the command, without block quotes and the lines that continue them. */
function instructionLines(lines: readonly string[]): string {
  const kept: string[] = [];
  let quoted = false;
  for (const line of lines) {
    if (line.trim() === "") quoted = false;
    else if (isQuote(line)) quoted = true;
    if (!quoted) kept.push(line);
  }
  return kept.join("\n");
}
