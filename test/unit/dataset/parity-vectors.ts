import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Vectors written by test/fixtures/dataset/make_reward_vectors.py with CPython's difflib. */
export const VECTORS_PATH = fileURLToPath(new URL("../../fixtures/dataset/reward-vectors.jsonl", import.meta.url));

type Triple = [number, number, number];
type PyOpcode = [string, number, number, number, number];

export type Vector =
  | {
      kind: "ratio";
      name: string;
      a: string;
      b: string;
      autojunk: boolean;
      expected: {
        ratio: number;
        quick_ratio: number;
        real_quick_ratio: number;
        blocks: Triple[];
        opcodes: PyOpcode[];
        popular: string[];
      };
    }
  | {
      kind: "longest";
      name: string;
      a: string;
      b: string;
      autojunk: boolean;
      junk_chars: string | null;
      alo: number;
      ahi: number;
      blo: number;
      bhi: number;
      expected: { match: Triple; ratio: number; blocks: Triple[] };
    }
  | {
      kind: "lines";
      name: string;
      a_lines: string[];
      b_lines: string[];
      n: number;
      autojunk: boolean;
      junk_lines: string[] | null;
      expected: {
        ratio: number;
        blocks: Triple[];
        opcodes: PyOpcode[];
        grouped: PyOpcode[][];
        popular: string[];
        junk: string[];
        unified: string[];
      };
    }
  | { kind: "splitlines"; name: string; text: string; expected: string[] }
  | { kind: "strip"; name: string; text: string; expected: string }
  | { kind: "patch"; name: string; old: string; new: string; expected: { patch: string } }
  | {
      kind: "reward";
      name: string;
      code_context: Record<string, string>;
      oracle_new_content: Record<string, string>;
      output: string;
      expected: {
        reward: number;
        error: string | null;
        similarities: Record<string, number> | null;
        thought: string | null;
        answer: string | null;
      };
    }
  | {
      kind: "calculate_reward";
      name: string;
      code_context: Record<string, string>;
      oracle_new_content: Record<string, string>;
      pred_new_content: Record<string, string>;
      expected: { reward: number; similarities: Record<string, number> };
    };

export function loadVectors(): Vector[] {
  return readFileSync(VECTORS_PATH, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Vector);
}

export function vectorsOf<K extends Vector["kind"]>(vectors: Vector[], kind: K): Extract<Vector, { kind: K }>[] {
  return vectors.filter((v): v is Extract<Vector, { kind: K }> => v.kind === kind);
}
