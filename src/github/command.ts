/** `/agent fix [instructions]` at the start of a line, outside quotes and fenced code. */

export interface AgentCommand {
  name: "fix";
  /** Everything after `/agent fix` on its line, plus the lines that follow (outside quotes and code). */
  instructions: string;
}

const COMMAND = /^\/agent[ \t]+fix(?:[ \t]+(.*))?$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

export function parseAgentCommand(body: string): AgentCommand | null {
  const lines = body.replace(/\r\n?/g, "\n").split("\n");
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch?.[1] !== undefined) {
      const marker = fenceMatch[1];
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      continue;
    }
    if (fence !== null) continue;
    const match = COMMAND.exec(line.trimEnd());
    if (match === null) continue;
    const rest = lines
      .slice(i + 1)
      .filter((l) => !/^\s*>/.test(l))
      .join("\n");
    const instructions = [match[1] ?? "", rest].join("\n").trim();
    return { name: "fix", instructions };
  }
  return null;
}
