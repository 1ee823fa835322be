/**
 * The second pass of indexing a pack: rebuilds every delta from its base, depth first from
 * each whole object, and hashes it. A base is inflated again from the pack only while its
 * delta tree is walked, so one chain of objects is in memory at a time.
 */
import { applyDelta } from "./delta.js";
import { hashObject, inflateAt, PackError } from "./pack-format.js";
import type { ScannedPack } from "./pack-scanner.js";

/** Give the event loop a turn this often (whole objects), so a big pack does not stall the process. */
const YIELD_EVERY = 512;
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function resolveDeltas(pack: Buffer, t: ScannedPack): Promise<void> {
  const { count, oids, types, deltas, waitingFor } = t;
  // Offset deltas by base, as compressed rows: children[start[b]..start[b + 1]).
  const start = new Uint32Array(count + 1);
  for (let i = 0; i < count; i++) {
    const b = t.baseOf[i] ?? -1;
    if (b >= 0) start[b + 1] = (start[b + 1] ?? 0) + 1;
  }
  for (let b = 0; b < count; b++) start[b + 1] = (start[b + 1] ?? 0) + (start[b] ?? 0);
  const children = new Uint32Array(start[count] ?? 0);
  const filled = start.slice(0, count);
  for (let i = 0; i < count; i++) {
    const b = t.baseOf[i] ?? -1;
    if (b >= 0) children[(filled[b] = (filled[b] ?? 0) + 1) - 1] = i;
  }

  let pending = t.isDelta.reduce((n, d) => n + d, 0);
  const oidOf = (i: number): string => oids.toString("hex", i * 20, i * 20 + 20);
  const build = (j: number, base: Buffer, type: number): void => {
    const delta = deltas[j];
    if (delta === undefined) throw new PackError(`object ${j} is the delta of two bases`);
    deltas[j] = undefined;
    const data = applyDelta(delta, base);
    types[j] = type;
    hashObject(oids, j, type, data);
    pending--;
    resolveChildren(j, data);
  };
  const resolveChildren = (i: number, data: Buffer): void => {
    const type = types[i] ?? 0;
    for (let k = start[i] ?? 0; k < (start[i + 1] ?? 0); k++) build(children[k] ?? 0, data, type);
    if (waitingFor.size === 0) return;
    const waiting = waitingFor.get(oidOf(i));
    if (waiting === undefined) return;
    waitingFor.delete(oidOf(i));
    for (const j of waiting) build(j, data, type);
  };

  for (let i = 0; i < count; i++) {
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await nextTurn();
    if (pending === 0) break;
    if (t.isDelta[i] === 1) continue;
    const hasChildren = (start[i + 1] ?? 0) > (start[i] ?? 0) || (waitingFor.size > 0 && waitingFor.has(oidOf(i)));
    if (!hasChildren) continue;
    const whole = inflateAt(pack.subarray(t.dataAt[i] ?? 0), t.sizes[i] ?? 0);
    if (whole === null) throw new PackError(`object ${i} does not inflate again`);
    resolveChildren(i, whole.data);
  }
  if (pending > 0) throw new PackError(`${pending} deltas have no base in the pack`);
}
