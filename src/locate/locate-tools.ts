/** The read-only tools of the model locate step, over the in-memory index: search_code, read_file, list_dir. */
import type { ToolSpec } from "../llm/model-client.js";
import { scoreBm25 } from "./bm25.js";
import { CHUNK_LINES, type LocateIndex } from "./build-index.js";
import { codeTerms } from "./tokenize.js";

export const MAX_SEARCH_HITS = 30;
export const MAX_READ_LINES = 250;
export const MAX_LIST_ENTRIES = 200;

export const SUBMIT_TOOL = "submit_files";

export const LOCATE_TOOLS: ToolSpec[] = [
  {
    name: "search_code",
    description:
      "Search the repository. A single word or exact snippet is matched literally (lines containing it); a phrase of several words is ranked by keyword relevance (passages). Returns path:line: text.",
    inputSchema: { type: "object", properties: { query: { type: "string" } }, required: ["query"] },
  },
  {
    name: "read_file",
    description: `Read lines start..end (1-based, inclusive) of a file, numbered; at most ${MAX_READ_LINES} lines per call.`,
    inputSchema: {
      type: "object",
      properties: { path: { type: "string" }, start: { type: "integer", minimum: 1 }, end: { type: "integer", minimum: 1 } },
      required: ["path"],
    },
  },
  {
    name: "list_dir",
    description: "List a directory's entries (subdirectories end with /). Use an empty path for the root.",
    inputSchema: { type: "object", properties: { path: { type: "string" } } },
  },
  {
    name: SUBMIT_TOOL,
    description:
      "Give the answer and finish: `edit` lists the files to change to resolve the issue, most likely first; `read` lists other files worth reading for context but not changing. Paths exactly as in the repository.",
    inputSchema: {
      type: "object",
      properties: {
        edit: { type: "array", items: { type: "string" } },
        read: { type: "array", items: { type: "string" } },
      },
      required: ["edit", "read"],
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

/** A path as the model may write it (`./a/b.py`, `/a/b.py`, `` `a/b.py` ``) in the repository's form. */
export function normalisePath(path: string): string {
  return path
    .trim()
    .replace(/^`+|`+$/g, "")
    .replace(/\\/g, "/")
    .replace(/^(\.\/)+/, "")
    .replace(/^\/+/, "")
    .replace(/\/+$/, "");
}

export function searchCode(index: LocateIndex, query: string): ToolOutput {
  const q = query.trim();
  if (q === "") return { content: "`query` must not be empty.", isError: true };
  const hits: string[] = [];
  const literal = !/\s/.test(q) || /^["'].*["']$/.test(q);
  if (literal) {
    const needle = q.replace(/^["']|["']$/g, "");
    for (const file of index.files) {
      if (!file.text.includes(needle)) continue;
      const lines = file.text.split("\n");
      for (let i = 0; i < lines.length && hits.length < MAX_SEARCH_HITS; i++) {
        if ((lines[i] as string).includes(needle)) hits.push(`${file.path}:${i + 1}: ${(lines[i] as string).trim().slice(0, 160)}`);
      }
      if (hits.length >= MAX_SEARCH_HITS) break;
    }
    if (hits.length > 0) return { content: hits.join("\n") + (hits.length >= MAX_SEARCH_HITS ? "\n… more matches; refine the query." : ""), isError: false };
  }
  const terms = codeTerms(q);
  const scores = scoreBm25(index.chunkBm25, terms);
  const order = [...scores.keys()].filter((c) => (scores[c] as number) > 0).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  const wanted = new Set(terms);
  const perFile = new Map<number, number>();
  for (const c of order.slice(0, 50)) {
    const f = index.chunkFile[c] as number;
    if ((perFile.get(f) ?? 0) >= 2) continue;
    perFile.set(f, (perFile.get(f) ?? 0) + 1);
    const file = index.files[f];
    if (file === undefined) continue;
    const start = chunkStart(index, c);
    const lines = file.text.split("\n").slice(start, start + CHUNK_LINES);
    let shown = 0;
    lines.forEach((line, k) => {
      if (shown < 4 && codeTerms(line).some((t) => wanted.has(t))) {
        hits.push(`${file.path}:${start + k + 1}: ${line.trim().slice(0, 160)}`);
        shown++;
      }
    });
    if (hits.length >= MAX_SEARCH_HITS) break;
  }
  if (hits.length === 0) return { content: `No matches for ${JSON.stringify(q)}.`, isError: false };
  return { content: hits.join("\n"), isError: false };
}

/** The first line (0-based) of a chunk: chunks of a file are consecutive windows, half a window apart. */
function chunkStart(index: LocateIndex, chunk: number): number {
  const f = index.chunkFile[chunk];
  let first = chunk;
  while (first > 0 && index.chunkFile[first - 1] === f) first--;
  return (chunk - first) * Math.max(1, Math.floor(CHUNK_LINES / 2));
}

export function readFileLines(index: LocateIndex, rawPath: string, start?: number, end?: number): ToolOutput {
  const path = normalisePath(rawPath);
  const i = index.lookup.indexOf(path);
  if (i === undefined) return { content: `No file ${JSON.stringify(rawPath)} in the repository (or it is binary or too large).`, isError: true };
  const lines = (index.files[i]?.text ?? "").split("\n");
  const from = Math.max(1, start ?? 1);
  const to = Math.min(lines.length, end ?? from + MAX_READ_LINES - 1, from + MAX_READ_LINES - 1);
  if (from > lines.length) return { content: `${path} has ${lines.length} lines.`, isError: true };
  const body = lines
    .slice(from - 1, to)
    .map((l, k) => `${String(from + k).padStart(5)} ${l}`)
    .join("\n");
  return { content: `${path} (lines ${from}-${to} of ${lines.length}):\n${body}`, isError: false };
}

export function listDir(index: LocateIndex, rawPath: string): ToolOutput {
  const dir = normalisePath(rawPath === "." ? "" : rawPath);
  const prefix = dir === "" ? "" : `${dir}/`;
  const entries = new Set<string>();
  for (const f of index.files) {
    if (!f.path.startsWith(prefix)) continue;
    const rest = f.path.slice(prefix.length);
    const slash = rest.indexOf("/");
    entries.add(slash < 0 ? rest : `${rest.slice(0, slash)}/`);
  }
  if (entries.size === 0) return { content: `No directory ${JSON.stringify(rawPath)} in the repository.`, isError: true };
  const sorted = [...entries].sort();
  const shown = sorted.slice(0, MAX_LIST_ENTRIES);
  return { content: shown.join("\n") + (sorted.length > shown.length ? `\n… ${sorted.length - shown.length} more` : ""), isError: false };
}

/** Runs one exploration tool; the submit tool is handled by the caller. */
export function runLocateTool(index: LocateIndex, name: string, input: unknown): ToolOutput {
  switch (name) {
    case "search_code": {
      const query = field(input, "query");
      return typeof query === "string" ? searchCode(index, query) : { content: "`query` must be a string.", isError: true };
    }
    case "read_file": {
      const path = field(input, "path");
      const start = field(input, "start");
      const end = field(input, "end");
      if (typeof path !== "string") return { content: "`path` must be a string.", isError: true };
      if ((start !== undefined && !Number.isInteger(start)) || (end !== undefined && !Number.isInteger(end))) {
        return { content: "`start` and `end` must be integers.", isError: true };
      }
      return readFileLines(index, path, start as number | undefined, end as number | undefined);
    }
    case "list_dir": {
      const path = field(input, "path") ?? "";
      return typeof path === "string" ? listDir(index, path) : { content: "`path` must be a string.", isError: true };
    }
    default:
      return { content: `Unknown tool ${name}. Use search_code, read_file, list_dir or ${SUBMIT_TOOL}.`, isError: true };
  }
}
