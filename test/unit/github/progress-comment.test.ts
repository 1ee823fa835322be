import { describe, expect, it } from "vitest";
import { renderProgress, type Progress } from "../../../src/github/progress-comment.js";

const base: Progress = {
  issue: 4,
  status: "working",
  step: "Cloning the repository",
  subtasks: [],
  message: null,
  model: "claude-sonnet-5-5",
  usage: { inputTokens: 1000, outputTokens: 250, cacheReadTokens: 2000, cacheWriteTokens: 500 },
  costUsd: 0.0123,
  startedAt: new Date("2026-11-26T10:00:00Z"),
  updatedAt: new Date("2026-11-26T10:03:30Z"),
};

describe("renderProgress", () => {
  it("renders a run at work", () => {
    expect(renderProgress(base)).toBe(
      [
        "<!-- stacksmith:progress -->",
        "### Stacksmith is working on this issue",
        "",
        "**Now:** Cloning the repository",
        "",
        "<sub>claude-sonnet-5-5 · 3,500 input and 250 output tokens · $0.01 · started 2026-11-26 10:00 UTC · updated 2026-11-26 10:03 UTC</sub>",
      ].join("\n"),
    );
  });

  it("renders the plan with each subtask's state, and the outcome", () => {
    const done: Progress = {
      ...base,
      status: "failed",
      step: null,
      costUsd: null,
      message: "**Failed:** the push was rejected. Nothing was pushed.",
      subtasks: [
        { title: "Add the parser", state: { kind: "done", pr: { number: 12, url: "https://github.com/o/r/pull/12" } } },
        { title: "Use it", state: { kind: "failed", reason: "stopped" } },
        { title: "Document it", state: { kind: "pending" } },
        { title: "Ship it", state: { kind: "working" } },
      ],
    };
    expect(renderProgress(done)).toBe(
      [
        "<!-- stacksmith:progress -->",
        "### Stacksmith could not finish this issue",
        "",
        "**Failed:** the push was rejected. Nothing was pushed.",
        "",
        "**Plan**",
        "",
        "- [x] 1. Add the parser: #12",
        "- [ ] 2. Use it: failed, stopped",
        "- [ ] 3. Document it: pending",
        "- [ ] 4. Ship it: **working**",
        "",
        "<sub>claude-sonnet-5-5 · 3,500 input and 250 output tokens · started 2026-11-26 10:00 UTC · updated 2026-11-26 10:03 UTC</sub>",
      ].join("\n"),
    );
  });
});
