import { applyEdits } from "../edit/apply.js";
import { formatFeedback, summarizeFailures } from "../edit/feedback.js";
import { parseEdits } from "../edit/parse.js";
import type { FileState } from "../edit/types.js";
import type { ContentBlock, Message, ModelClient, ToolSpec, Usage } from "../llm/model-client.js";
import { textOf } from "../llm/model-client.js";
import { runRepoTool } from "./repo-tools.js";
import type { RepoView } from "./repo-view.js";

export interface EditLoopInput {
  model: ModelClient;
  view: RepoView;
  system: string;
  prompt: string;
  tools: ToolSpec[];
  maxToolTurns: number;
  maxEditRounds: number;
  maxOutputTokens: number;
  isProtected: (path: string) => boolean;
  /** Called after every model call with its usage. */
  onUsage?: (usage: Usage) => void;
}

export type EditLoopResult =
  | { kind: "edited"; changes: Map<string, string | null>; summary: string; rounds: number }
  | { kind: "failed"; reason: string };

/** The explanation the model wrote before its first SEARCH/REPLACE block. */
export function summaryOf(text: string): string {
  const cut = text.search(/^(```|~~~|###\s|<{5,9} SEARCH)/m);
  return (cut < 0 ? text : text.slice(0, cut)).trim();
}

/**
 * Talks with the model until its SEARCH/REPLACE blocks all apply: tool calls are answered,
 * failed blocks go back as feedback, applied ones accumulate on top of the tree.
 */
export async function runEditLoop(input: EditLoopInput): Promise<EditLoopResult> {
  const messages: Message[] = [{ role: "user", content: [{ type: "text", text: input.prompt }] }];
  const changes = new Map<string, string | null>();
  let toolTurns = 0;
  let rounds = 0;
  let summary = "";

  const currentState = async (path: string): Promise<FileState> => {
    if (changes.has(path)) {
      const content = changes.get(path);
      return content === null || content === undefined ? { kind: "missing" } : { kind: "text", content };
    }
    return input.view.state(path);
  };

  for (;;) {
    const response = await input.model.complete({
      system: input.system,
      messages,
      tools: input.tools,
      maxTokens: input.maxOutputTokens,
      purpose: "edit",
    });
    input.onUsage?.(response.usage);
    messages.push({ role: "assistant", content: response.content });

    if (response.stopReason === "tool_use") {
      toolTurns += 1;
      const calls = response.content.filter((b): b is Extract<ContentBlock, { type: "tool_use" }> => b.type === "tool_use");
      if (toolTurns > input.maxToolTurns + 1) {
        return { kind: "failed", reason: `the model kept reading files past its limit of ${input.maxToolTurns} tool turns without proposing a change` };
      }
      const results: ContentBlock[] = [];
      for (const call of calls) {
        if (toolTurns > input.maxToolTurns) {
          results.push({ type: "tool_result", toolUseId: call.id, content: "Tool budget used up. Answer now with your SEARCH/REPLACE blocks.", isError: true });
          continue;
        }
        const out = await runRepoTool(input.view, call.name, call.input);
        results.push({ type: "tool_result", toolUseId: call.id, content: out.content, isError: out.isError });
      }
      messages.push({ role: "user", content: results });
      continue;
    }
    if (response.stopReason === "max_tokens") {
      return { kind: "failed", reason: "the model's answer was cut off at the output token limit before it finished its edits" };
    }
    if (response.stopReason === "refusal") {
      return { kind: "failed", reason: "the model declined to work on this issue" };
    }

    const text = textOf(response.content);
    if (rounds === 0) summary = summaryOf(text);
    const parsed = parseEdits(text);
    if (parsed.edits.length === 0 && parsed.errors.length === 0) {
      const said = summaryOf(text).slice(0, 500);
      return {
        kind: "failed",
        reason: rounds === 0 ? `the model proposed no edits${said === "" ? "" : `. It said: “${said}”`}` : "the model stopped without resending the blocks that failed",
      };
    }
    const files = new Map<string, FileState>();
    for (const edit of parsed.edits) if (!files.has(edit.path)) files.set(edit.path, await currentState(edit.path));
    const result = applyEdits(parsed.edits, files, { isProtected: input.isProtected });
    for (const [path, content] of result.changes) changes.set(path, content);
    const failed = result.outcomes.filter((o) => o.status === "failed").length;
    if (failed === 0 && parsed.errors.length === 0) return { kind: "edited", changes, summary, rounds: rounds + 1 };

    rounds += 1;
    const feedback = formatFeedback(result, parsed.errors);
    if (rounds >= input.maxEditRounds) {
      const what = rounds === 1 ? "the model's edits did not apply" : `the model's edits still did not apply after ${rounds} attempts`;
      return { kind: "failed", reason: `${what}: ${summarizeFailures(result, parsed.errors)}` };
    }
    messages.push({ role: "user", content: [{ type: "text", text: feedback }] });
  }
}
