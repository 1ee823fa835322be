/**
 * The second pass of indexing a pack: rebuilds the deltas the first pass could not, depth
 * first from each whole object, and hashes them. Only the delta trees that still hold an
 * unresolved delta are walked; their base is inflated again from the pack while its tree is
 * walked, so one chain of objects is in memory at a time.
 */
import { applyDelta } from "./delta.js";
import { hashObject, inflateAt, PackError } from "./pack-format.js";
import type { ScannedPack } from "./pack-scanner.js";

/** Give the event loop a turn this often (objects), so a big pack does not stall the process. */
const YIELD_EVERY = 512;
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function resolveDeltas(pack: Buffer, t: ScannedPack): Promise<void> {
  const { count, oids, types, deltas, waitingFor, resolved, baseOf } = t;
  let pending = 0;
  for (let i = 0; i < count; i++) pending += 1 - (resolved[i] ?? 0);
  if (pending === 0) return;

  // work[i]: object i or a delta built on it (by offset) is unresolved. Bases come before
  // their offset deltas, so one backward sweep marks every ancestor. A ref delta's base is
  // known only by oid: then every tree is walked.
  const work = new Uint8Array(count);
  if (waitingFor.size > 0) work.fill(1);
  for (let i = count - 1; i >= 0; i--) {
    if (resolved[i] === 0) work[i] = 1;
    const b = baseOf[i] ?? -1;
    if (work[i] === 1 && b >= 0) work[b] = 1;
  }
  // Offset deltas by base, as compressed rows: children[start[b]..start[b + 1]).
  const start = new Uint32Array(count + 1);
  for (let i = 0; i < count; i++) {
    const b = baseOf[i] ?? -1;
    if (b >= 0 && work[i] === 1) start[b + 1] = (start[b + 1] ?? 0) + 1;
  }
  for (let b = 0; b < count; b++) start[b + 1] = (start[b + 1] ?? 0) + (start[b] ?? 0);
  const children = new Uint32Array(start[count] ?? 0);
  const filled = start.slice(0, count);
  for (let i = 0; i < count; i++) {
    const b = baseOf[i] ?? -1;
    if (b >= 0 && work[i] === 1) children[(filled[b] = (filled[b] ?? 0) + 1) - 1] = i;
  }

  const oidOf = (i: number): string => oids.toString("hex", i * 20, i * 20 + 20);
  const build = (j: number, base: Buffer, type: number): void => {
    const delta = deltas[j];
    if (delta === undefined) throw new PackError(`object ${j} is the delta of two bases`);
    deltas[j] = undefined;
    const data = applyDelta(delta, base);
    if (resolved[j] === 0) {
      types[j] = type;
      hashObject(oids, j, type, data);
      resolved[j] = 1;
      pending--;
    }
    buildChildren(j, data);
  };
  const buildChildren = (i: number, data: Buffer): void => {
    const type = types[i] ?? 0;
    for (let k = start[i] ?? 0; k < (start[i + 1] ?? 0); k++) build(children[k] ?? 0, data, type);
    if (waitingFor.size === 0) return;
    const waiting = waitingFor.get(oidOf(i));
    if (waiting === undefined) return;
    waitingFor.delete(oidOf(i));
    for (const j of waiting) build(j, data, type);
  };

  for (let i = 0; i < count && pending > 0; i++) {
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await nextTurn();
    if (t.isDelta[i] === 1 || work[i] === 0) continue;
    const hasChildren = (start[i + 1] ?? 0) > (start[i] ?? 0) || (waitingFor.size > 0 && waitingFor.has(oidOf(i)));
    if (!hasChildren) continue;
    const whole = inflateAt(pack.subarray(t.dataAt[i] ?? 0), t.sizes[i] ?? 0);
    if (whole === null) throw new PackError(`object ${i} does not inflate again`);
    buildChildren(i, whole.data);
  }
  if (pending > 0) throw new PackError(`${pending} deltas have no base in the pack`);
}
