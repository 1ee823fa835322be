/**
 * The element bookkeeping behind `SequenceMatcher`, with Python difflib's rules for junk and
 * "popular" elements, stored as small integer ids in typed arrays so the matching loop never
 * hashes an element.
 *
 * Every distinct element of `a` and `b` gets an id (a Map, so any key works, `"__proto__"`
 * included; equality is SameValueZero). `b2j` maps an id to the ascending positions of that
 * element in `b`, in compressed form: the positions of id `x` are
 * `b2jIndex[b2jStart[x] .. b2jStart[x + 1])`. Junk and popular elements have no positions.
 */
export interface EncodedPair {
  readonly aIds: Int32Array;
  readonly bIds: Int32Array;
  readonly idCount: number;
  readonly b2jStart: Int32Array;
  readonly b2jIndex: Int32Array;
  /** 1 for ids the `isjunk` predicate rejected (only elements of `b` are asked). */
  readonly junk: Uint8Array;
  /** 1 for ids removed by the autojunk heuristic. Popular elements are not junk. */
  readonly popular: Uint8Array;
  /** Occurrences of each id in `b`, junk and popular included. */
  readonly bCount: Int32Array;
}

export interface EncodeOptions<T> {
  isjunk?: ((element: T) => boolean) | undefined;
  /** Python's default is true. */
  autojunk?: boolean | undefined;
}

/** The first element seen for each id, so the junk and popular sets can be reported as elements. */
export interface Encoded<T> {
  readonly pair: EncodedPair;
  readonly elements: readonly T[];
}

export function encodePair<T>(a: readonly T[], b: readonly T[], options: EncodeOptions<T> = {}): Encoded<T> {
  const ids = new Map<T, number>();
  const elements: T[] = [];
  const idOf = (element: T): number => {
    let id = ids.get(element);
    if (id === undefined) {
      id = elements.length;
      ids.set(element, id);
      elements.push(element);
    }
    return id;
  };
  // b first: ids 0 .. (distinct elements of b) - 1 are exactly b's elements, in first-seen order,
  // which is the order Python walks b2j's keys when it asks isjunk.
  // Plain loops: Int32Array.from with a mapping function is several times slower.
  const bIds = new Int32Array(b.length);
  for (let j = 0; j < b.length; j++) bIds[j] = idOf(b[j] as T);
  const bDistinct = elements.length;
  const aIds = new Int32Array(a.length);
  for (let i = 0; i < a.length; i++) aIds[i] = idOf(a[i] as T);
  const idCount = elements.length;

  const bCount = new Int32Array(idCount);
  for (const id of bIds) bCount[id]! += 1;

  const junk = new Uint8Array(idCount);
  const isjunk = options.isjunk;
  if (isjunk !== undefined) {
    for (let id = 0; id < bDistinct; id++) if (isjunk(elements[id] as T)) junk[id] = 1;
  }

  const popular = new Uint8Array(idCount);
  const n = b.length;
  if ((options.autojunk ?? true) && n >= 200) {
    const ntest = Math.floor(n / 100) + 1;
    for (let id = 0; id < bDistinct; id++) if (junk[id] === 0 && bCount[id]! > ntest) popular[id] = 1;
  }

  const b2jStart = new Int32Array(idCount + 1);
  for (let id = 0; id < idCount; id++) {
    const kept = junk[id] === 0 && popular[id] === 0 ? bCount[id]! : 0;
    b2jStart[id + 1] = b2jStart[id]! + kept;
  }
  const b2jIndex = new Int32Array(b2jStart[idCount]!);
  const fill = b2jStart.slice(0, idCount);
  for (let j = 0; j < n; j++) {
    const id = bIds[j]!;
    if (junk[id] === 0 && popular[id] === 0) b2jIndex[fill[id]!++] = j;
  }

  return { pair: { aIds, bIds, idCount, b2jStart, b2jIndex, junk, popular, bCount }, elements };
}
