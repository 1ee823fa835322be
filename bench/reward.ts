/**
 * `npm run bench:reward`: the SWE-RL similarity (difflib ratio over code points, autojunk off)
 * on realistic patch pairs of about 1, 5 and 13 KB, timed here and in CPython (spawned in the
 * same run, same inputs). Prints each size's median times, the speed-up and whether the two
 * ratios are identical.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { SequenceMatcher } from "../src/dataset/difflib/sequence-matcher.js";
import { codePoints, stringRatio } from "../src/dataset/difflib/string-ratio.js";
import { patchPair, type PatchPair } from "./reward-inputs.js";

const SIZES = [
  { name: "1KB", seed: 1, target: 1_000, pythonRepeats: 5 },
  { name: "5KB", seed: 5, target: 5_000, pythonRepeats: 3 },
  { name: "13KB", seed: 13, target: 13_000, pythonRepeats: 1 },
];

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function timeJs(pair: PatchPair): { ms: number; ratio: number; runs: number } {
  let ratio = stringRatio(pair.pred, pair.oracle, { autojunk: false });
  stringRatio(pair.pred, pair.oracle, { autojunk: false });
  const samples: number[] = [];
  const deadline = performance.now() + 2_000;
  while (samples.length < 5 || (samples.length < 200 && performance.now() < deadline)) {
    const start = performance.now();
    ratio = stringRatio(pair.pred, pair.oracle, { autojunk: false });
    samples.push(performance.now() - start);
  }
  return { ms: median(samples), ratio, runs: samples.length };
}

/** The port's search steps for the pair (the unit of `maxSteps`). */
function steps(pair: PatchPair): number {
  const matcher = new SequenceMatcher(codePoints(pair.pred), codePoints(pair.oracle), { autojunk: false });
  matcher.ratio();
  return matcher.stepsUsed();
}

interface PythonResult {
  python: string;
  results: { name: string; median_ms: number; ratio: number }[];
}

function timePython(pairs: readonly PatchPair[]): PythonResult {
  const script = fileURLToPath(new URL("./reward_difflib.py", import.meta.url));
  const input = pairs.map((p, i) => ({ ...p, repeats: SIZES[i]?.pythonRepeats ?? 1 }));
  const run = spawnSync("python3", [script], { input: JSON.stringify(input), encoding: "utf8", maxBuffer: 1 << 26 });
  if (run.error !== undefined || run.status !== 0) {
    throw new Error(`python3 failed: ${run.error?.message ?? run.stderr}`);
  }
  return JSON.parse(run.stdout) as PythonResult;
}

const pairs = SIZES.map((s) => patchPair(s.name, s.seed, s.target));
const js = pairs.map(timeJs);
const py = timePython(pairs);

const rows = pairs.map((pair, i) => {
  const j = js[i]!;
  const p = py.results[i]!;
  return {
    size: pair.name,
    chars: `${[...pair.pred].length}/${[...pair.oracle].length}`,
    steps: steps(pair).toLocaleString("en"),
    js: `${j.ms.toFixed(2)} ms (${j.runs} runs)`,
    cpython: `${p.median_ms.toFixed(1)} ms`,
    speedup: `${(p.median_ms / j.ms).toFixed(1)}x`,
    ratio: j.ratio,
    identical: j.ratio === p.ratio,
  };
});

process.stdout.write(`SequenceMatcher(None, pred_patch, oracle_patch, autojunk=False).ratio(): Node ${process.version} vs CPython ${py.python}\n`);
console.table(rows);
const allIdentical = rows.every((r) => r.identical);
process.stdout.write(allIdentical ? "all ratios identical\n" : "RATIOS DIFFER\n");
process.exitCode = allIdentical ? 0 : 1;
