/**
 * A suffix automaton over integer symbols, rebuilt in place for each search (buffers reused).
 * `longestMatch` finds what Python's `find_longest_match` loop finds (before its widening
 * steps) in time linear in the rectangle's sides instead of in its equal pairs.
 *
 * Every state records `firstpos`, the smallest end position of its strings; the transitions
 * live in an open-addressing hash table keyed by (state, symbol), with a per-state list of
 * edges for cloning.
 */
export class SuffixAutomaton {
  private len = new Int32Array(0);
  private link = new Int32Array(0);
  private firstpos = new Int32Array(0);
  private edgeHead = new Int32Array(0);
  private edgeSym = new Int32Array(0);
  private edgeTo = new Int32Array(0);
  private edgeNext = new Int32Array(0);
  /** Hash slots of three ints each: state (-1 when free), symbol, edge index. */
  private slots = new Int32Array(0);
  private mask = 0;
  private states = 0;
  private edges = 0;

  /** Builds the automaton of `symbols[from .. to)`. */
  build(symbols: Int32Array, from: number, to: number): void {
    const m = to - from;
    this.reserve(m);
    const { len, link, firstpos, edgeHead } = this;
    this.slots.fill(-1, 0, 3 * (this.mask + 1));
    this.states = 1;
    this.edges = 0;
    len[0] = 0;
    link[0] = -1;
    firstpos[0] = -1;
    edgeHead[0] = -1;
    let last = 0;
    for (let p = 0; p < m; p++) {
      const c = symbols[from + p]!;
      const cur = this.states++;
      len[cur] = len[last]! + 1;
      firstpos[cur] = p;
      edgeHead[cur] = -1;
      let x = last;
      while (x !== -1 && this.find(x, c) === -1) {
        this.addEdge(x, c, cur);
        x = link[x]!;
      }
      if (x === -1) {
        link[cur] = 0;
      } else {
        const q = this.edgeTo[this.find(x, c)]!;
        if (len[x]! + 1 === len[q]) {
          link[cur] = q;
        } else {
          const clone = this.states++;
          len[clone] = len[x]! + 1;
          link[clone] = link[q]!;
          firstpos[clone] = firstpos[q]!;
          edgeHead[clone] = -1;
          for (let e = edgeHead[q]!; e !== -1; e = this.edgeNext[e]!) this.addEdge(clone, this.edgeSym[e]!, this.edgeTo[e]!);
          while (x !== -1) {
            const e = this.find(x, c);
            if (e === -1 || this.edgeTo[e] !== q) break;
            this.edgeTo[e] = clone;
            x = link[x]!;
          }
          link[q] = clone;
          link[cur] = clone;
        }
      }
      last = cur;
    }
  }

  /**
   * The longest substring of `symbols[from .. to)` (read left to right) that occurs in the
   * automaton's text: the earliest-ending one among equals, and its earliest occurrence in the
   * text. Negative symbols match nothing. Returns `[start, textStart, size]`, size 0 if none.
   */
  longestMatch(symbols: Int32Array, from: number, to: number): [number, number, number] {
    const { len, link, firstpos } = this;
    let v = 0;
    let l = 0;
    let best: [number, number, number] = [from, 0, 0];
    for (let i = from; i < to; i++) {
      const c = symbols[i]!;
      if (c < 0) {
        v = 0;
        l = 0;
        continue;
      }
      let e = this.find(v, c);
      while (e === -1 && v !== 0) {
        v = link[v]!;
        l = len[v]!;
        e = this.find(v, c);
      }
      if (e === -1) {
        l = 0;
        continue;
      }
      v = this.edgeTo[e]!;
      l++;
      if (l > best[2]) best = [i - l + 1, firstpos[v]! - l + 1, l];
    }
    return best;
  }

  private reserve(m: number): void {
    const stateCap = 2 * m + 2;
    if (this.len.length < stateCap) {
      this.len = new Int32Array(stateCap);
      this.link = new Int32Array(stateCap);
      this.firstpos = new Int32Array(stateCap);
      this.edgeHead = new Int32Array(stateCap);
    }
    const edgeCap = 3 * m + 4;
    if (this.edgeSym.length < edgeCap) {
      this.edgeSym = new Int32Array(edgeCap);
      this.edgeTo = new Int32Array(edgeCap);
      this.edgeNext = new Int32Array(edgeCap);
    }
    let count = 16;
    while (count < 2 * edgeCap) count *= 2;
    if (this.slots.length < 3 * count) this.slots = new Int32Array(3 * count);
    this.mask = count - 1;
  }

  private slot(state: number, sym: number): number {
    let h = Math.imul(state, 0x9e3779b1) ^ Math.imul(sym + 1, 0x85ebca77);
    h ^= h >>> 15;
    return h & this.mask;
  }

  /** The edge index for (state, sym), or -1. */
  private find(state: number, sym: number): number {
    const { slots, mask } = this;
    for (let s = this.slot(state, sym); ; s = (s + 1) & mask) {
      const st = slots[3 * s]!;
      if (st === -1) return -1;
      if (st === state && slots[3 * s + 1] === sym) return slots[3 * s + 2]!;
    }
  }

  private addEdge(state: number, sym: number, to: number): void {
    const e = this.edges++;
    this.edgeSym[e] = sym;
    this.edgeTo[e] = to;
    this.edgeNext[e] = this.edgeHead[state]!;
    this.edgeHead[state] = e;
    const { slots, mask } = this;
    let s = this.slot(state, sym);
    while (slots[3 * s] !== -1) s = (s + 1) & mask;
    slots[3 * s] = state;
    slots[3 * s + 1] = sym;
    slots[3 * s + 2] = e;
  }
}
