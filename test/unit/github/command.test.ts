import { describe, expect, it } from "vitest";
import { parseAgentCommand } from "../../../src/github/command.js";

describe("parseAgentCommand", () => {
  it("finds the command at the start of a line, with instructions", () => {
    expect(parseAgentCommand("/agent fix")).toEqual({ name: "fix", instructions: "" });
    expect(parseAgentCommand("Looks broken.\n/agent fix keep the API\nand add a test")).toEqual({ name: "fix", instructions: "keep the API\nand add a test" });
    expect(parseAgentCommand("/agent fix\r\nuse ValueError\r\n")).toEqual({ name: "fix", instructions: "use ValueError" });
    expect(parseAgentCommand("The `parse` step fails.\n/agent fix")).toEqual({ name: "fix", instructions: "" });
  });

  it("knows restack, rebase, go and plan, and nothing that only starts like them", () => {
    expect(parseAgentCommand("/agent restack")).toEqual({ name: "restack", instructions: "" });
    expect(parseAgentCommand("Main moved.\n/agent rebase")).toEqual({ name: "rebase", instructions: "" });
    expect(parseAgentCommand("/agent go")).toEqual({ name: "go", instructions: "" });
    expect(parseAgentCommand("/agent plan keep it to two parts\nno new files")).toEqual({ name: "plan", instructions: "keep it to two parts\nno new files" });
    expect(parseAgentCommand("/agent gone")).toBeNull();
    expect(parseAgentCommand("/agent planning")).toBeNull();
    expect(parseAgentCommand("> /agent rebase")).toBeNull();
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
    expect(parseAgentCommand("```\ncode\n```\n/agent fix now\n> quoted reply\n\nplain")).toEqual({ name: "fix", instructions: "now\n\nplain" });
  });

  it("treats an unclosed fence as code to the end", () => {
    expect(parseAgentCommand("```\n/agent fix")).toBeNull();
  });

  it("ignores a command a page does not show: in an HTML comment or a hidden element", () => {
    expect(parseAgentCommand("<!-- /agent fix -->")).toBeNull();
    expect(parseAgentCommand("<!--\n/agent fix\n-->")).toBeNull();
    expect(parseAgentCommand("Thanks!\n<!--\n/agent fix\n-->")).toBeNull();
    expect(parseAgentCommand("<div hidden>\n\n/agent fix\n\n</div>")).toBeNull();
    expect(parseAgentCommand('<span style="display:none">\n/agent fix\n</span>')).toBeNull();
    expect(parseAgentCommand('<img src=x alt="\n/agent fix\n">')).toBeNull();
    expect(parseAgentCommand("[//]: # (\n/agent fix\n)")).toBeNull();
  });

  it("ignores a command in an indented code block, an inline code span or a lazily continued quote", () => {
    expect(parseAgentCommand("Run:\n\n    /agent fix")).toBeNull();
    expect(parseAgentCommand("type `\n/agent fix\n` to start")).toBeNull();
    expect(parseAgentCommand("> someone wrote\n/agent fix")).toBeNull();
  });

  it("ignores a command folded inside <details>", () => {
    expect(parseAgentCommand("<details><summary>Log</summary>\n\n/agent fix\n\n</details>")).toBeNull();
    expect(parseAgentCommand("<details>\n\n/agent fix")).toBeNull();
    expect(parseAgentCommand("<details><summary>Log</summary>\n\nx\n\n</details>\n\n/agent fix")).toEqual({ name: "fix", instructions: "" });
  });

  it("still sees a command after hidden text, with the hidden part gone from its instructions", () => {
    expect(parseAgentCommand("<!-- template -->\n/agent fix keep it small <!-- and push to main -->")).toEqual({ name: "fix", instructions: "keep it small" });
  });
});
