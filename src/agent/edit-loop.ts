import { describeFindings, formatFindings } from "../check/findings-text.js";
import type { Finding } from "../check/types.js";
import { applyEdits } from "../edit/apply.js";
import { formatFeedback, summarizeFailures } from "../edit/feedback.js";
import { parseEdits } from "../edit/parse.js";
import type { FileState } from "../edit/types.js";
import type { ContentBlock, Message, ModelClient, ToolSpec, Usage } from "../llm/model-client.js";
import { textOf } from "../llm/model-client.js";
import { framedToolResult } from "../shared/frame.js";
import { newFrameNonce } from "../shared/frame-nonce.js";
import { fileEdits, normaliseChanges, standardChecks, type EditChecks } from "./edit-checks.js";
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
  /** What the changed files must pass before the loop ends (default: standardChecks(view)). */
  checks?: EditChecks;
  /** The job's frame id, for file text in feedback (default: a new one). */
  nonce?: string;
}

export type EditLoopResult =
  | { kind: "edited"; changes: Map<string, string | null>; summary: string; rounds: number }
  | { kind: "failed"; reason: string };

/** The explanation the model wrote before its first SEARCH/REPLACE block. */
export function summaryOf(text: string): string {
  const cut = text.search(/^(```|~~~|###\s|<{5,9} SEARCH)/m);
  return (cut < 0 ? text : text.slice(0, cut)).trim();
}

const findingKey = (f: Finding): string => `${f.rule}\0${f.path}\0${f.message}`;

/**
 * Talks with the model until its SEARCH/REPLACE blocks all apply and the files they change pass the
 * checks: tool calls are answered, failed blocks and the problems found go back as feedback, applied
 * blocks accumulate on top of the tree. Errors (a syntax error the edit added, a conflict marker …) must
 * be fixed within the rounds; a warning is shown once, and the model fixes it or confirms it.
 */
export async function runEditLoop(input: EditLoopInput): Promise<EditLoopResult> {
  const messages: Message[] = [{ role: "user", content: [{ type: "text", text: input.prompt }] }];
  const changes = new Map<string, string | null>();
  const checks = input.checks ?? standardChecks(input.view);
  const nonce = input.nonce ?? newFrameNonce();
  /** Warnings already shown to the model: raised once, then taken as confirmed. */
  const shown = new Set<string>();
  /** The problems the files had after the last round (errors left, warnings to confirm). */
  let open: Finding[] = [];
  let toolTurns = 0;
  let rounds = 0;
  let summary = "";
  const edited = async (): Promise<EditLoopResult> => ({ kind: "edited", changes: await normaliseChanges(input.view, changes), summary, rounds: rounds + 1 });

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
        results.push({ type: "tool_result", toolUseId: call.id, content: framedToolResult(out.content, nonce), isError: out.isError });
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
      const errors = open.filter((f) => f.severity === "error");
      // No blocks after warnings alone: the model confirms the change as it is.
      if (rounds > 0 && open.length > 0 && errors.length === 0) return edited();
      const said = summaryOf(text).slice(0, 500);
      return {
        kind: "failed",
        reason:
          rounds === 0
            ? `the model proposed no edits${said === "" ? "" : `. It said: “${said}”`}`
            : errors.length > 0
              ? `the model stopped without fixing what its edit broke: ${describeFindings(errors)}`
              : "the model stopped without resending the blocks that failed",
      };
    }
    const files = new Map<string, FileState>();
    for (const edit of parsed.edits) if (!files.has(edit.path)) files.set(edit.path, await currentState(edit.path));
    const result = applyEdits(parsed.edits, files, { isProtected: input.isProtected });
    for (const [path, content] of result.changes) changes.set(path, content);
    const failed = result.outcomes.filter((o) => o.status === "failed").length;
    const found = await checks.check(await fileEdits(input.view, changes));
    const errors = found.filter((f) => f.severity === "error");
    const warnings = found.filter((f) => f.severity === "warning" && !shown.has(findingKey(f)));
    const applied = failed === 0 && parsed.errors.length === 0;
    if (applied && errors.length === 0 && warnings.length === 0) return edited();

    rounds += 1;
    if (rounds >= input.maxEditRounds) {
      if (applied && errors.length === 0) return edited();
      if (applied) {
        const still = rounds === 1 ? "the model's edits leave" : `after ${rounds} attempts the model's edits still leave`;
        return { kind: "failed", reason: `${still} ${describeFindings(errors)}` };
      }
      const what = rounds === 1 ? "the model's edits did not apply" : `the model's edits still did not apply after ${rounds} attempts`;
      return { kind: "failed", reason: `${what}: ${summarizeFailures(result, parsed.errors)}` };
    }
    for (const warning of warnings) shown.add(findingKey(warning));
    open = [...errors, ...warnings];
    const current = (path: string): string | null => changes.get(path) ?? null;
    const feedback = [formatFeedback(result, parsed.errors, nonce), ...(open.length > 0 ? [formatFindings(open, current, nonce)] : [])].join("\n\n");
    messages.push({ role: "user", content: [{ type: "text", text: feedback }] });
  }
}
