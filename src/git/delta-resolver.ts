/**
 * The second pass of indexing a pack: rebuilds every delta from its base, depth first from
 * each whole object, and hashes it. A base is inflated again from the pack only while its
 * delta tree is walked, so one chain of objects is in memory at a time.
 *
 * The walk keeps its own stack, so a chain of any depth fits (a call per level would run out
 * of stack after a few thousand), and it lets a base go once its last delta is rebuilt: a
 * plain chain holds two objects at a time.
 *
 * A thin pack (fetched with haves) has ref deltas on bases the client already has: given
 * `external`, those bases are read from there once the pack's own objects are done, and
 * returned, for the pack to be completed with them (thin-pack.ts).
 */
import { applyDelta, deltaResultSize } from "./delta.js";
import type { ObjectInflater } from "./object-inflater.js";
import { hashObject, PackError } from "./pack-format.js";
import type { InflateBudget } from "./pack-limits.js";
import type { ScannedPack } from "./pack-scanner.js";

/** Give the event loop a turn this often (objects), so a big pack does not stall the process. */
const YIELD_EVERY = 512;
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** An object rebuilt or inflated, with the deltas on it not yet rebuilt. */
interface Frame {
  data: Buffer;
  type: number;
  /** Its offset deltas: children[next..end). */
  next: number;
  end: number;
  /** Its ref deltas, and how many of them are done. */
  waiting: number[] | undefined;
  w: number;
}

/** A whole object from outside the pack, by its type number (pack-format.ts). */
export interface BaseObject {
  type: number;
  data: Buffer;
}

/** A delta base read from outside the pack. */
export interface ExternalBase extends BaseObject {
  oid: string;
}

/** Reads a delta base the client has; null when it has no such object. */
export type ExternalBases = (oid: string) => Promise<BaseObject | null>;

export interface ResolveOptions {
  budget: InflateBudget;
  inflater: ObjectInflater;
  external?: ExternalBases | undefined;
}

export async function resolveDeltas(pack: Buffer, t: ScannedPack, { budget, inflater, external }: ResolveOptions): Promise<ExternalBase[]> {
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
  let steps = 0;
  const oidOf = (i: number): string => oids.toString("hex", i * 20, i * 20 + 20);
  /** Object i as a frame, its ref deltas taken from `waitingFor`; undefined when nothing is built on it. */
  const frame = (i: number, data: Buffer, type: number): Frame | undefined => {
    let waiting: number[] | undefined;
    if (waitingFor.size > 0) {
      const oid = oidOf(i);
      waiting = waitingFor.get(oid);
      if (waiting !== undefined) waitingFor.delete(oid);
    }
    const next = start[i] ?? 0;
    const end = start[i + 1] ?? 0;
    return next === end && waiting === undefined ? undefined : { data, type, next, end, waiting, w: 0 };
  };
  const build = (j: number, base: Buffer, type: number): Buffer => {
    const delta = deltas[j];
    if (delta === undefined) throw new PackError(`object ${j} is the delta of two bases`);
    deltas[j] = undefined;
    budget.take(j, deltaResultSize(delta));
    const data = applyDelta(delta, base);
    types[j] = type;
    hashObject(oids, j, type, data);
    pending--;
    return data;
  };
  const walk = async (root: Frame): Promise<void> => {
    const stack = [root];
    for (let top = stack.at(-1); top !== undefined; top = stack.at(-1)) {
      let j: number;
      if (top.next < top.end) j = children[top.next++] ?? 0;
      else if (top.waiting !== undefined && top.w < top.waiting.length) j = top.waiting[top.w++] ?? 0;
      else {
        stack.pop();
        continue;
      }
      // The base of its last delta: let it go as soon as that delta is built.
      if (top.next === top.end && (top.waiting === undefined || top.w === top.waiting.length)) stack.pop();
      const built = frame(j, build(j, top.data, top.type), top.type);
      if (built !== undefined) stack.push(built);
      if (++steps % YIELD_EVERY === 0) await nextTurn();
    }
  };

  for (let i = 0; i < count; i++) {
    if (++steps % YIELD_EVERY === 0) await nextTurn();
    if (pending === 0) break;
    if (t.isDelta[i] === 1) continue;
    const hasChildren = (start[i + 1] ?? 0) > (start[i] ?? 0) || (waitingFor.size > 0 && waitingFor.has(oidOf(i)));
    if (!hasChildren) continue;
    const whole = inflater.inflate(pack.subarray(t.dataAt[i] ?? 0), t.sizes[i] ?? 0);
    if (whole === null) throw new PackError(`object ${i} does not inflate again`);
    const root = frame(i, whole.data, types[i] ?? 0);
    if (root !== undefined) await walk(root);
  }
  const used: ExternalBase[] = [];
  if (external !== undefined) {
    // What is still waiting has its base outside the pack (or nowhere).
    for (const [oid, waiting] of [...waitingFor]) {
      if (pending === 0) break;
      if (!waitingFor.has(oid)) continue;
      const base = await external(oid);
      if (base === null) continue;
      waitingFor.delete(oid);
      used.push({ oid, ...base });
      await walk({ data: base.data, type: base.type, next: 0, end: 0, waiting, w: 0 });
    }
  }
  if (pending > 0) throw new PackError(`${pending} deltas have no base in the pack${external === undefined ? "" : " or the repository"}`);
  return used;
}
