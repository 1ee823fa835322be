import { describe, expect, it } from "vitest";
import { ALWAYS_PROTECTED_PATHS, protectedPathMatcher } from "../../../src/agent/protected-paths.js";
import { DEFAULT_PROTECTED_PATHS } from "../../../src/config/repo-config.js";

describe("protectedPathMatcher", () => {
  const byDefault = protectedPathMatcher(DEFAULT_PROTECTED_PATHS);

  it("protects, by default, what runs with the repository's secrets or on a developer's machine, in any case", () => {
    for (const path of [
      ".github/workflows/ci.yml",
      ".GITHUB/workflows/x.yml",
      ".github/Workflows/nested/x.yaml",
      ".github/actions/setup/action.yml",
      "tools/release/action.yaml",
      ".github/dependabot.yml",
      "CODEOWNERS",
      "docs/CODEOWNERS",
      ".github/CODEOWNERS",
      ".gitattributes",
      "sub/.gitattributes",
      ".gitmodules",
      ".GITMODULES",
      ".devcontainer/devcontainer.json",
      ".devcontainer.json",
      ".vscode/tasks.json",
      ".husky/pre-commit",
      ".pre-commit-config.yaml",
      "services/api/.envrc",
    ]) {
      expect(byDefault(path), path).toBe(true);
    }
  });

  it("protects, by default, what steers agents at any depth and in any case", () => {
    for (const path of [
      "AGENTS.md",
      "Agents.md",
      "sub/AGENTS.md",
      "CLAUDE.md",
      "sub/Claude.md",
      "pkg/.claude/settings.json",
      ".cursor/rules/x.mdc",
      "web/.cursorrules",
      ".windsurfrules",
      ".clinerules",
      "GEMINI.md",
      ".mcp.json",
      "tools/.mcp.json",
      ".github/copilot-instructions.md",
      ".github/instructions/py.instructions.md",
      ".github/prompts/fix.prompt.md",
      ".github/stacksmith.yml",
      ".github/STACKSMITH.yaml",
    ]) {
      expect(byDefault(path), path).toBe(true);
    }
  });

  it("leaves ordinary files editable", () => {
    for (const path of ["src/app.py", "README.md", ".github/ISSUE_TEMPLATE/bug.md", "docs/agents.txt", "src/workflows/run.py", "test/fixtures/CLAUDE.txt"]) {
      expect(byDefault(path), path).toBe(false);
    }
  });

  it("keeps the floor whatever the configuration says: workflows, local actions and the app's own config", () => {
    const nothing = protectedPathMatcher([]);
    for (const path of [".github/workflows/ci.yml", ".GitHub/Workflows/ci.yml", ".github/actions/a/action.yml", ".github/stacksmith.yml"]) expect(nothing(path), path).toBe(true);
    expect(nothing("AGENTS.md")).toBe(false);
    expect(ALWAYS_PROTECTED_PATHS.every((glob) => (DEFAULT_PROTECTED_PATHS as readonly string[]).includes(glob))).toBe(true);
  });

  it("matches a repository's own globs without regard to case", () => {
    const own = protectedPathMatcher(["migrations/**"]);
    expect(own("Migrations/0001.sql")).toBe(true);
    expect(own("src/app.py")).toBe(false);
  });
});
