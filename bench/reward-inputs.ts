import { generateUnifiedDiff } from "../src/dataset/difflib/unified-diff.js";

/**
 * Deterministic, realistic inputs for the reward benchmark: a TypeScript-looking module, an
 * "oracle" edit of it and a "predicted" edit that shares some of the oracle's changes, turned
 * into SWE-RL's headerless unified diffs. The two patches are what the reward compares.
 */

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = ["request", "response", "config", "cache", "token", "branch", "commit", "issue", "label", "queue", "job", "patch"];
const VERBS = ["load", "parse", "render", "update", "resolve", "validate", "fetch", "apply", "merge", "format", "build", "emit"];
const TYPES = ["string", "number", "boolean", "Job", "Patch", "Config", "readonly string[]", "Map<string, number>"];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

function camel(rand: () => number): string {
  const noun = pick(rand, NOUNS);
  return `${pick(rand, VERBS)}${noun[0]?.toUpperCase() ?? ""}${noun.slice(1)}`;
}

function statement(rand: () => number, indent: string): string {
  const n = pick(rand, NOUNS);
  switch (Math.floor(rand() * 7)) {
    case 0:
      return `${indent}const ${n}Count = ${n}s.length + ${Math.floor(rand() * 10)};`;
    case 1:
      return `${indent}if (${n} === undefined) return null;`;
    case 2:
      return `${indent}logger.debug({ ${n} }, "${pick(rand, VERBS)} ${n}");`;
    case 3:
      return `${indent}const ${n}Result = await ${camel(rand)}(${n}, options);`;
    case 4:
      return `${indent}for (const item of ${n}s) total += item.size;`;
    case 5:
      return `${indent}// ${pick(rand, VERBS)} the ${n} before the ${pick(rand, NOUNS)} is ${pick(rand, VERBS)}d`;
    default:
      return `${indent}${n}s.push({ id: ${n}.id, name: \`\${${n}.name}-${Math.floor(rand() * 100)}\` });`;
  }
}

/** A module of about `lines` lines: imports, then functions with a few statements each. */
export function sourceFile(rand: () => number, lines: number): string[] {
  const out = [`import { ${camel(rand)} } from "./${pick(rand, NOUNS)}.js";`, `import type { Logger } from "../shared/logger.js";`, ""];
  while (out.length < lines) {
    out.push(`export async function ${camel(rand)}(${pick(rand, NOUNS)}: ${pick(rand, TYPES)}, options: Options): Promise<${pick(rand, TYPES)}> {`);
    const body = 3 + Math.floor(rand() * 8);
    for (let i = 0; i < body; i++) out.push(statement(rand, "  "));
    out.push(`  return ${pick(rand, NOUNS)};`, "}", "");
  }
  return out;
}

export interface Region {
  at: number;
  remove: number;
  insert: string[];
}

export function region(rand: () => number, lines: readonly string[]): Region {
  const at = Math.floor(rand() * lines.length);
  const remove = Math.floor(rand() * 3);
  const insert = Array.from({ length: Math.floor(rand() * 4) }, () => statement(rand, "  "));
  if (remove === 0 && insert.length === 0) insert.push(statement(rand, "  "));
  return { at, remove, insert };
}

export function applyRegions(lines: readonly string[], regions: readonly Region[]): string[] {
  const out = [...lines];
  for (const r of [...regions].sort((x, y) => y.at - x.at)) out.splice(r.at, r.remove, ...r.insert);
  return out;
}

export interface PatchPair {
  readonly name: string;
  readonly pred: string;
  readonly oracle: string;
}

/**
 * Grows the number of edited regions until the oracle patch reaches `targetChars`. The
 * prediction keeps about half of the oracle's regions, rewrites a quarter and adds its own.
 */
export function patchPair(name: string, seed: number, targetChars: number): PatchPair {
  const rand = prng(seed);
  const original = sourceFile(rand, Math.max(120, Math.ceil(targetChars / 12)));
  const oracleRegions: Region[] = [];
  const predRegions: Region[] = [];
  let oracle = "";
  let pred = "";
  while (oracle.length < targetChars) {
    const r = region(rand, original);
    oracleRegions.push(r);
    const roll = rand();
    if (roll < 0.5) predRegions.push(r);
    else if (roll < 0.75) predRegions.push({ ...r, insert: r.insert.map((line) => line.replace(/;$/, ", 1);")) });
    if (rand() < 0.4) predRegions.push(region(rand, original));
    const text = original.join("\n") + "\n";
    oracle = generateUnifiedDiff(text, applyRegions(original, oracleRegions).join("\n") + "\n");
    pred = generateUnifiedDiff(text, applyRegions(original, predRegions).join("\n") + "\n");
  }
  return { name, pred, oracle };
}
