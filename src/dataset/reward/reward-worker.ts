/** Worker-thread entry for `reward-in-worker.ts`: runs the one job in `workerData` and posts its result. */
import { parentPort, workerData } from "node:worker_threads";
import { runRewardJob, type RewardJob } from "./reward-job.js";

parentPort?.postMessage(runRewardJob(workerData as RewardJob));
