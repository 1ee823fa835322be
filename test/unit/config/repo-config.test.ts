import { describe, expect, it } from "vitest";
import { DEFAULT_PROTECTED_PATHS, labelOf, parseRepoConfig } from "../../../src/config/repo-config.js";

describe("repo config", () => {
  it("defaults everything when the file is missing or empty", () => {
    expect(parseRepoConfig(null)).toEqual({
      ok: true,
      config: {
        label: "agent",
        draft: true,
        maxEditRounds: 3,
        maxToolTurns: 20,
        modelLocateMinFiles: 200,
        maxSubtasks: 5,
        ciFixAttempts: 2,
        protectedPaths: [...DEFAULT_PROTECTED_PATHS],
        replyToUnauthorized: true,
        stacks: "auto",
        approvePlan: false,
        autoRebase: true,
        budget: { maxModelCalls: 60, maxInputTokens: 3_000_000, maxOutputTokens: 150_000, maxCostUsd: 5 },
        daily: { maxRuns: 50, maxCostUsd: 50 },
      },
    });
    expect(parseRepoConfig("   \n")).toMatchObject({ ok: true, config: { label: "agent" } });
  });

  it("takes `stacks` as auto, native or chain only, naming the field otherwise", () => {
    expect(parseRepoConfig("stacks: native\n")).toMatchObject({ ok: true, config: { stacks: "native" } });
    expect(parseRepoConfig("stacks: chain\n")).toMatchObject({ ok: true, config: { stacks: "chain" } });
    const bad = parseRepoConfig("stacks: graphite\n");
    expect(bad.ok).toBe(false);
    expect(bad.ok ? "" : bad.error).toContain("`stacks`");
  });

  it("reads the fields it knows", () => {
    expect(parseRepoConfig("label: bot-fix\ndraft: false\nmodel: claude-opus-5\n")).toMatchObject({ ok: true, config: { label: "bot-fix", draft: false, model: "claude-opus-5" } });
  });

  it("refuses a model the server has no price for, naming the field", () => {
    const isPriced = (model: string) => model === "claude-sonnet-5-5";
    expect(parseRepoConfig("model: claude-sonnet-5-5\n", { isPriced })).toMatchObject({ ok: true, config: { model: "claude-sonnet-5-5" } });
    expect(parseRepoConfig("label: agent\n", { isPriced })).toMatchObject({ ok: true });
    const result = parseRepoConfig("model: some-unpriced-model\n", { isPriced });
    expect(result).toEqual({
      ok: false,
      error: ".github/stacksmith.yml is invalid: `model`: this server has no price for that model, so its cost could not be limited; use a model from its price list",
    });
  });

  it("names the field that is wrong", () => {
    const result = parseRepoConfig("label: 3\nmaxEditRounds: 99\n");
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toContain("`label`");
      expect(result.error).toContain("`maxEditRounds`");
    }
    const nested = parseRepoConfig("budget:\n  maxCostUsd: -1\n");
    expect(nested.ok ? "" : nested.error).toContain("`budget.maxCostUsd`");
    const unknown = parseRepoConfig("lable: agent\n");
    expect(unknown.ok ? "" : unknown.error).toContain("lable");
  });

  it("reports YAML syntax errors", () => {
    const result = parseRepoConfig("label: [unclosed\n");
    expect(result.ok ? "" : result.error).toContain("is not valid YAML");
  });

  it("finds the label even in an invalid config", () => {
    expect(labelOf("label: fixme\ndraft: maybe\n")).toBe("fixme");
    expect(labelOf("label: [unclosed\n")).toBe("agent");
    expect(labelOf(null)).toBe("agent");
  });
});
