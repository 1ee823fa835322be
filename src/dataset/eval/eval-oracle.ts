import { zeroUsage } from "../../llm/model-client.js";
import type { EvalRow } from "./eval-result.js";
import type { MinedRecord } from "../mine/mined-record.js";
import { replayOracle } from "./oracle-replay.js";

/** `eval --oracle`: the record's own change, replayed; no model, no repository. */
export function evalOracle(record: MinedRecord): EvalRow {
  const replay = replayOracle(record);
  return {
    id: record.id,
    locateHit: null,
    locateRecall: null,
    reward: replay.reward,
    applied: replay.edits > 0 && replay.applied === replay.edits && replay.exact,
    tokens: zeroUsage,
    costUsd: 0,
    error: replay.error,
  };
}
