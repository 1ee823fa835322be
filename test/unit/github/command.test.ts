import { describe, expect, it } from "vitest";
import { parseAgentCommand } from "../../../src/github/command.js";

describe("parseAgentCommand", () => {
  it("finds the command at the start of a line, with instructions", () => {
    expect(parseAgentCommand("/agent fix")).toEqual({ name: "fix", instructions: "" });
    expect(parseAgentCommand("Looks broken.\n/agent fix keep the API\nand add a test")).toEqual({ name: "fix", instructions: "keep the API\nand add a test" });
    expect(parseAgentCommand("/agent fix\r\nuse ValueError\r\n")).toEqual({ name: "fix", instructions: "use ValueError" });
  });

  it("ignores quoted, fenced, indented-in-text and mid-line mentions", () => {
    expect(parseAgentCommand("> /agent fix")).toBeNull();
    expect(parseAgentCommand("```\n/agent fix\n```")).toBeNull();
    expect(parseAgentCommand("~~~md\n/agent fix\n~~~")).toBeNull();
    expect(parseAgentCommand("please run /agent fix")).toBeNull();
    expect(parseAgentCommand("/agent fixes")).toBeNull();
    expect(parseAgentCommand("/agentfix")).toBeNull();
  });

  it("finds the command after a closed fence, and drops quoted lines from the instructions", () => {
    expect(parseAgentCommand("```\ncode\n```\n/agent fix now\n> quoted reply\nplain")).toEqual({ name: "fix", instructions: "now\nplain" });
  });

  it("treats an unclosed fence as code to the end", () => {
    expect(parseAgentCommand("```\n/agent fix")).toBeNull();
  });
});
