/** Stage 2 of locate: the model picks the files to edit and to read, from the prefilter's map, with bounded tool turns. */
import { addUsage, textOf, zeroUsage, type ContentBlock, type Message, type ModelClient, type Usage } from "../llm/model-client.js";
import { framedToolResult } from "../shared/frame.js";
import { newFrameNonce } from "../shared/frame-nonce.js";
import type { LocateIndex } from "./build-index.js";
import { LOCATE_SYSTEM_PROMPT, renderLocatePrompt } from "./locate-prompt.js";
import { LOCATE_TOOLS, normalisePath, runLocateTool, SUBMIT_TOOL } from "./locate-tools.js";
import { rankFiles } from "./rank.js";
import { renderRepoMap } from "./repo-map.js";
import type { RankedFile } from "./types.js";

export interface LocateWithModelInput {
  model: ModelClient;
  index: LocateIndex;
  /** The issue as `${title}\n${body}` (plus any instructions from the trigger). */
  issue: string;
  /** The prefilter's ranking; computed from the index when absent. */
  ranked?: readonly RankedFile[];
  /** Candidates listed in the prompt (default 20). */
  topK?: number;
  /** Token budget of the repo map (default 6,000). */
  mapTokens?: number;
  /** Turns in which the model may call exploration tools (default 6). */
  maxToolTurns?: number;
  /** Output tokens per model call (default 2,048). */
  maxTokens?: number;
  /** At most this many files in each list (default 5 to edit, 10 to read). */
  maxEdit?: number;
  maxRead?: number;
  /** The id that frames untrusted text in the prompt; a fresh one when absent. */
  nonce?: string;
}

export type LocateStop =
  /** The model called submit_files with at least one valid file to edit. */
  | "submitted"
  /** The model answered in text with a JSON object instead of the tool. */
  | "answered-in-text"
  /** The model gave no usable answer within the turns: the prefilter's top files are returned instead. */
  | "fallback";

export interface LocateResult {
  edit: string[];
  read: string[];
  /** Paths the model gave that are not files of the repository (dropped). */
  rejected: string[];
  usage: Usage;
  /** Model calls made. */
  turns: number;
  /** Turns that used exploration tools. */
  toolTurns: number;
  stop: LocateStop;
}

interface Answer {
  edit: string[];
  read: string[];
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function parseAnswer(input: unknown): Answer | null {
  if (typeof input !== "object" || input === null) return null;
  const o = input as Record<string, unknown>;
  if (!Array.isArray(o.edit)) return null;
  return { edit: stringList(o.edit), read: stringList(o.read) };
}

/** A JSON object `{"edit": [...], "read": [...]}` in a text answer, fenced or bare. */
export function parseTextAnswer(text: string): Answer | null {
  const candidates = [...text.matchAll(/```(?:json)?\s*\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
  const brace = text.indexOf("{");
  if (brace >= 0) candidates.push(text.slice(brace, text.lastIndexOf("}") + 1));
  for (const c of candidates) {
    try {
      const answer = parseAnswer(JSON.parse(c));
      if (answer !== null) return answer;
    } catch {
      // not JSON; try the next candidate
    }
  }
  return null;
}

/** Keeps the paths that are files of the repository (each once), and reports the others. */
export function validatePaths(index: LocateIndex, answer: Answer, maxEdit: number, maxRead: number): { edit: string[]; read: string[]; rejected: string[] } {
  const rejected: string[] = [];
  const seen = new Set<string>();
  const keep = (paths: readonly string[], max: number): string[] => {
    const out: string[] = [];
    for (const raw of paths) {
      const path = normalisePath(raw);
      if (index.lookup.indexOf(path) === undefined) {
        rejected.push(raw);
        continue;
      }
      if (seen.has(path) || out.length >= max) continue;
      seen.add(path);
      out.push(path);
    }
    return out;
  };
  const edit = keep(answer.edit, maxEdit);
  const read = keep(answer.read, maxRead);
  return { edit, read, rejected };
}

export async function locateWithModel(input: LocateWithModelInput): Promise<LocateResult> {
  const { model, index } = input;
  const maxToolTurns = input.maxToolTurns ?? 6;
  const maxEdit = input.maxEdit ?? 5;
  const maxRead = input.maxRead ?? 10;
  const ranked = input.ranked ?? rankFiles(index, input.issue);
  const candidates = ranked.slice(0, input.topK ?? 20);
  const repoMap = renderRepoMap(index, ranked, input.mapTokens ?? 6_000);
  const nonce = input.nonce ?? newFrameNonce();
  const messages: Message[] = [{ role: "user", content: [{ type: "text", text: renderLocatePrompt({ issue: input.issue, repoMap, candidates, maxToolTurns, nonce }) }] }];
  let usage: Usage = zeroUsage;
  let turns = 0;
  let toolTurns = 0;
  const rejected: string[] = [];
  // Each exploration turn may be followed by one turn to submit, and one more to correct invalid paths.
  const maxCalls = maxToolTurns + 2;
  while (turns < maxCalls) {
    const response = await model.complete({ system: LOCATE_SYSTEM_PROMPT, messages, tools: LOCATE_TOOLS, maxTokens: input.maxTokens ?? 2048, purpose: "locate" });
    turns++;
    usage = addUsage(usage, response.usage);
    messages.push({ role: "assistant", content: response.content });
    const uses = response.content.filter((b): b is Extract<ContentBlock, { type: "tool_use" }> => b.type === "tool_use");
    if (uses.length === 0) {
      const answer = parseTextAnswer(textOf(response.content));
      if (answer !== null) {
        const valid = validatePaths(index, answer, maxEdit, maxRead);
        rejected.push(...valid.rejected);
        if (valid.edit.length > 0) return { edit: valid.edit, read: valid.read, rejected, usage, turns, toolTurns, stop: "answered-in-text" };
      }
      messages.push({ role: "user", content: [{ type: "text", text: `Call ${SUBMIT_TOOL} with the files to edit and to read.` }] });
      continue;
    }
    const results: ContentBlock[] = [];
    const submit = uses.find((u) => u.name === SUBMIT_TOOL);
    if (submit !== undefined) {
      const answer = parseAnswer(submit.input);
      const valid = answer === null ? null : validatePaths(index, answer, maxEdit, maxRead);
      if (valid !== null) rejected.push(...valid.rejected);
      if (valid !== null && valid.edit.length > 0) return { edit: valid.edit, read: valid.read, rejected, usage, turns, toolTurns, stop: "submitted" };
      const reason =
        valid === null
          ? "`edit` must be an array of paths."
          : `None of the files to edit is a file of the repository: ${valid.rejected.map((p) => JSON.stringify(p)).join(", ")}. Use exact paths.`;
      for (const u of uses) results.push({ type: "tool_result", toolUseId: u.id, content: u === submit ? reason : "Not run.", isError: true });
      messages.push({ role: "user", content: results });
      continue;
    }
    const allowed = toolTurns < maxToolTurns;
    if (allowed) toolTurns++;
    for (const u of uses) {
      if (!allowed) {
        results.push({ type: "tool_result", toolUseId: u.id, content: `No tool turns left: call ${SUBMIT_TOOL} now.`, isError: true });
        continue;
      }
      const out = runLocateTool(index, u.name, u.input);
      results.push({ type: "tool_result", toolUseId: u.id, content: framedToolResult(out.content, nonce), ...(out.isError ? { isError: true } : {}) });
    }
    if (toolTurns >= maxToolTurns && allowed) results.push({ type: "text", text: `That was the last tool turn: call ${SUBMIT_TOOL} now.` });
    messages.push({ role: "user", content: results });
  }
  const fallback = ranked.filter((r) => r.role === "source").slice(0, 3).map((r) => r.path);
  return { edit: fallback, read: [], rejected, usage, turns, toolTurns, stop: "fallback" };
}
