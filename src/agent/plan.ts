import { z } from "zod";
import type { ContentBlock, Message, ModelClient, ToolSpec, Usage } from "../llm/model-client.js";
import { FRAME_RULE, framedToolResult } from "../shared/frame.js";
import { REPO_TOOLS, runRepoTool } from "./repo-tools.js";
import type { RepoView } from "./repo-view.js";

/** The issue split into ordered subtasks, each one reviewable pull request. */

export const PlannedStep = z.object({
  title: z.string().trim().min(1).max(100),
  goal: z.string().trim().min(1),
  files: z.array(z.string()).default([]),
  why: z.string().trim().default(""),
});
export type PlannedStep = z.infer<typeof PlannedStep>;

export const PLAN_TOOL: ToolSpec = {
  name: "submit_plan",
  description: "Submit the ordered subtasks. Each becomes one pull request, stacked on the previous one.",
  inputSchema: {
    type: "object",
    properties: {
      subtasks: {
        type: "array",
        items: {
          type: "object",
          properties: {
            title: { type: "string", description: "Short imperative title, like a commit subject." },
            goal: { type: "string", description: "What this subtask changes, precisely enough to implement it alone." },
            files: { type: "array", items: { type: "string" }, description: "Files it will likely touch." },
            why: { type: "string", description: "Why it comes at this point in the order." },
          },
          required: ["title", "goal", "files", "why"],
        },
      },
    },
    required: ["subtasks"],
  },
};

export const PLAN_SYSTEM_PROMPT = `You are Stacksmith, a careful software engineer. You plan how to fix a GitHub issue as a stack of small pull requests that a reviewer can read one at a time.

Split the work into ordered subtasks. Each subtask:
- is one coherent, reviewable change (ideally under ~200 changed lines) that leaves the code working;
- builds only on the subtasks before it;
- names the files it will likely touch.

Use as few subtasks as the work needs: a small fix is one subtask. Never pad the plan. Prefer an order where foundations come first (types, helpers), then their use, then docs.
Read code with the tools if you need to, then call submit_plan exactly once.
${FRAME_RULE}`;

export interface PlanInput {
  model: ModelClient;
  view: RepoView;
  prompt: string;
  maxSubtasks: number;
  maxToolTurns: number;
  maxOutputTokens: number;
  /** The job's frame id, for what the tools return. */
  nonce: string;
  /** Called after every model call with its usage. */
  onUsage?: (usage: Usage) => void;
}

export type PlanResult = { kind: "planned"; steps: PlannedStep[] } | { kind: "failed"; reason: string };

function validate(input: unknown, maxSubtasks: number): { steps: PlannedStep[] } | { error: string } {
  const parsed = z.object({ subtasks: z.array(PlannedStep).min(1) }).safeParse(input);
  if (!parsed.success) return { error: `Invalid plan: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` };
  if (parsed.data.subtasks.length > maxSubtasks) {
    return { error: `The plan has ${parsed.data.subtasks.length} subtasks; the limit is ${maxSubtasks}. Merge related subtasks.` };
  }
  return { steps: parsed.data.subtasks };
}

/** Asks the model for a plan through the submit_plan tool, feeding validation errors back. */
export async function planIssue(input: PlanInput): Promise<PlanResult> {
  const messages: Message[] = [{ role: "user", content: [{ type: "text", text: input.prompt }] }];
  const tools = [...REPO_TOOLS, PLAN_TOOL];
  for (let turn = 0; turn <= input.maxToolTurns; turn++) {
    const response = await input.model.complete({ system: PLAN_SYSTEM_PROMPT, messages, tools, maxTokens: input.maxOutputTokens, purpose: "plan" });
    input.onUsage?.(response.usage);
    messages.push({ role: "assistant", content: response.content });
    if (response.stopReason === "refusal") return { kind: "failed", reason: "the model declined to plan this issue" };
    const calls = response.content.filter((b): b is Extract<ContentBlock, { type: "tool_use" }> => b.type === "tool_use");
    if (calls.length === 0) {
      messages.push({ role: "user", content: [{ type: "text", text: "Call submit_plan with the plan now." }] });
      continue;
    }
    const results: ContentBlock[] = [];
    for (const call of calls) {
      if (call.name !== PLAN_TOOL.name) {
        const out = await runRepoTool(input.view, call.name, call.input);
        results.push({ type: "tool_result", toolUseId: call.id, content: framedToolResult(out.content, input.nonce), isError: out.isError });
        continue;
      }
      const checked = validate(call.input, input.maxSubtasks);
      if ("steps" in checked) return { kind: "planned", steps: checked.steps };
      results.push({ type: "tool_result", toolUseId: call.id, content: checked.error, isError: true });
    }
    messages.push({ role: "user", content: results });
  }
  return { kind: "failed", reason: `the model did not submit a valid plan within ${input.maxToolTurns} turns` };
}
