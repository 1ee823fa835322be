/**
 * Worker-thread entry for `reward-pool.ts`: says it is ready once loaded, then answers each
 * request it is sent, one at a time, until terminated.
 */
import { parentPort } from "node:worker_threads";
import { answerRewardValue } from "./reward-request.js";

export interface PoolRequest {
  id: number;
  item: unknown;
}

parentPort?.on("message", (request: PoolRequest) => {
  parentPort?.postMessage({ id: request.id, response: answerRewardValue(request.item) });
});
parentPort?.postMessage({ ready: true });
