import { appendFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { OutcomeSink, PartOutcomeRecord } from "./part-outcome.js";

export const OUTCOMES_FILE = "outcomes.jsonl";

/**
 * Appends each outcome as one JSON line to `<dir>/outcomes.jsonl`, creating the folder on
 * first use. Writes from one process are serialised, so lines never interleave.
 */
export function jsonlOutcomeSink(dir: string): OutcomeSink {
  let queue: Promise<void> = Promise.resolve();
  return {
    record(outcome: PartOutcomeRecord): Promise<void> {
      const write = queue.then(async () => {
        await mkdir(dir, { recursive: true });
        await appendFile(join(dir, OUTCOMES_FILE), `${JSON.stringify(outcome)}\n`, "utf8");
      });
      queue = write.catch(() => undefined);
      return write;
    },
  };
}
