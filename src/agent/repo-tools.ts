import type { ToolSpec } from "../llm/model-client.js";
import type { RepoView } from "./repo-view.js";

/** The read-only tools the model uses to look at the repository while it works. */

export const MAX_LISTED_FILES = 2000;
export const MAX_READ_CHARS = 60_000;

export const REPO_TOOLS: ToolSpec[] = [
  {
    name: "list_files",
    description: "List the repository's files (paths relative to the root), optionally only those under a directory prefix.",
    inputSchema: { type: "object", properties: { prefix: { type: "string", description: "Directory prefix such as `src/`." } } },
  },
  {
    name: "read_file",
    description: "Read a text file of the repository. Optionally only lines start_line..end_line (1-based, inclusive).",
    inputSchema: {
      type: "object",
      properties: {
        path: { type: "string" },
        start_line: { type: "integer", minimum: 1 },
        end_line: { type: "integer", minimum: 1 },
      },
      required: ["path"],
    },
  },
];

export interface ToolOutput {
  content: string;
  isError: boolean;
}

function field(input: unknown, name: string): unknown {
  return typeof input === "object" && input !== null ? (input as Record<string, unknown>)[name] : undefined;
}

function listFiles(view: RepoView, input: unknown): ToolOutput {
  const prefix = field(input, "prefix");
  if (prefix !== undefined && typeof prefix !== "string") return { content: "`prefix` must be a string.", isError: true };
  const paths = view.files.map((f) => f.path).filter((p) => prefix === undefined || p.startsWith(prefix));
  if (paths.length === 0) return { content: `No files under ${JSON.stringify(prefix ?? "")}.`, isError: false };
  const shown = paths.slice(0, MAX_LISTED_FILES);
  const more = paths.length - shown.length;
  return { content: shown.join("\n") + (more > 0 ? `\n… ${more} more; list a narrower prefix.` : ""), isError: false };
}

async function readFile(view: RepoView, input: unknown): Promise<ToolOutput> {
  const path = field(input, "path");
  const start = field(input, "start_line");
  const end = field(input, "end_line");
  if (typeof path !== "string" || path === "") return { content: "`path` is required and must be a string.", isError: true };
  if ((start !== undefined && !Number.isInteger(start)) || (end !== undefined && !Number.isInteger(end))) {
    return { content: "`start_line` and `end_line` must be integers.", isError: true };
  }
  const state = await view.state(path);
  if (state.kind === "missing" || state.kind === "under-file") return { content: `No file ${path} in the repository.`, isError: true };
  if (state.kind !== "text") return { content: `${path} is not a readable text file (${state.kind}).`, isError: true };
  const lines = state.content.split("\n");
  const from = typeof start === "number" ? Math.max(1, start) : 1;
  const to = typeof end === "number" ? Math.min(lines.length, end) : lines.length;
  let text = lines.slice(from - 1, to).join("\n");
  let note = "";
  if (text.length > MAX_READ_CHARS) {
    text = text.slice(0, MAX_READ_CHARS);
    note = `\n… truncated at ${MAX_READ_CHARS} characters; read a line range.`;
  }
  const range = from === 1 && to === lines.length ? "" : ` (lines ${from}-${to} of ${lines.length})`;
  return { content: `${path}${range}:\n${text}${note}`, isError: false };
}

export async function runRepoTool(view: RepoView, name: string, input: unknown): Promise<ToolOutput> {
  switch (name) {
    case "list_files":
      return listFiles(view, input);
    case "read_file":
      return readFile(view, input);
    default:
      return { content: `Unknown tool ${name}. Use list_files or read_file.`, isError: true };
  }
}
