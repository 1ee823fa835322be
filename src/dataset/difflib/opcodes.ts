import type { Match } from "./longest-match.js";

export type OpcodeTag = "replace" | "delete" | "insert" | "equal";

/** `a[i1 .. i2)` becomes `b[j1 .. j2)`, as in Python's `(tag, i1, i2, j1, j2)`. */
export interface Opcode {
  readonly tag: OpcodeTag;
  readonly i1: number;
  readonly i2: number;
  readonly j1: number;
  readonly j2: number;
}

/** Python's `get_opcodes()`, from the matching blocks (sentinel included). */
export function opcodesFromBlocks(blocks: readonly Match[]): Opcode[] {
  const codes: Opcode[] = [];
  let i = 0;
  let j = 0;
  for (const { a: ai, b: bj, size } of blocks) {
    if (i < ai && j < bj) codes.push({ tag: "replace", i1: i, i2: ai, j1: j, j2: bj });
    else if (i < ai) codes.push({ tag: "delete", i1: i, i2: ai, j1: j, j2: bj });
    else if (j < bj) codes.push({ tag: "insert", i1: i, i2: ai, j1: j, j2: bj });
    i = ai + size;
    j = bj + size;
    if (size > 0) codes.push({ tag: "equal", i1: ai, i2: i, j1: bj, j2: j });
  }
  return codes;
}

/**
 * Python's `get_grouped_opcodes(n)`: change clusters with up to `n` elements of context. An
 * equal run longer than 2n splits two groups; a group that is a lone equal run is dropped.
 */
export function groupOpcodes(opcodes: readonly Opcode[], n = 3): Opcode[][] {
  const codes: Opcode[] = opcodes.length > 0 ? [...opcodes] : [{ tag: "equal", i1: 0, i2: 1, j1: 0, j2: 1 }];
  const first = codes[0]!;
  if (first.tag === "equal") {
    codes[0] = { ...first, i1: Math.max(first.i1, first.i2 - n), j1: Math.max(first.j1, first.j2 - n) };
  }
  const last = codes[codes.length - 1]!;
  if (last.tag === "equal") {
    codes[codes.length - 1] = { ...last, i2: Math.min(last.i2, last.i1 + n), j2: Math.min(last.j2, last.j1 + n) };
  }
  const groups: Opcode[][] = [];
  let group: Opcode[] = [];
  for (const code of codes) {
    let { i1, j1 } = code;
    const { tag, i2, j2 } = code;
    if (tag === "equal" && i2 - i1 > n + n) {
      group.push({ tag, i1, i2: Math.min(i2, i1 + n), j1, j2: Math.min(j2, j1 + n) });
      groups.push(group);
      group = [];
      i1 = Math.max(i1, i2 - n);
      j1 = Math.max(j1, j2 - n);
    }
    group.push({ tag, i1, i2, j1, j2 });
  }
  if (group.length > 0 && !(group.length === 1 && group[0]!.tag === "equal")) groups.push(group);
  return groups;
}
