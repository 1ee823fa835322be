import { once } from "node:events";
import { createInterface } from "node:readline";
import { answerRewardLine } from "../dataset/reward-request.js";
import { UsageError, type CliCommand } from "./io.js";

const HELP = `usage: stacksmith reward < requests.jsonl > responses.jsonl

Reads JSON lines on stdin and writes one JSON line per input line, in order:
  {"code_context": {path: text}, "oracle_new_content": {path: text}, "output": text}
      -> {"reward": number, "error": string | null}     SWE-RL's search/replace reward
  {"a": text, "b": text, "autojunk": bool}  (autojunk defaults to true)
      -> {"ratio": number}                              difflib SequenceMatcher(None, a, b).ratio()
  {"old": text, "new": text}
      -> {"patch": text}                                SWE-RL's headerless unified diff
A line that cannot be read gets {"error": "..."}.
`;

/** `stacksmith reward`: streams JSON lines through the SWE-RL reward, one at a time. */
export const rewardCommand: CliCommand = async (argv, io) => {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout.write(HELP);
    return 0;
  }
  if (argv.length > 0) throw new UsageError(`unexpected argument '${argv[0] ?? ""}' (see --help)`);
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!io.stdout.write(`${JSON.stringify(answerRewardLine(line))}\n`)) await once(io.stdout, "drain");
  }
  return 0;
};
