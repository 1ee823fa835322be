/**
 * The tokeniser of `tokenize.ts`, run over a file's UTF-8 bytes instead of its decoded text: words are ASCII
 * (`[A-Za-z_][A-Za-z0-9_]*`) and UTF-8 never puts an ASCII byte inside another character (a decoder keeps
 * every ASCII byte, even after an invalid sequence), so the bytes yield the same words and lines as the text.
 * Each distinct word is split into terms once per table; a word seen before is found by hashing its bytes
 * into an open-addressing table, with no string made for it. The same pass can collect a code file's
 * scan tags (scan-tags.ts): what the file graph needs, at the cost of a few checks per word.
 */
import { wordTerms, type TokenisedText } from "./tokenize.js";
import { SCAN_KEYWORDS, ScanCollector, type ScanLanguage, type ScanTags } from "./scan-tags.js";

/** 1: a byte that starts a word (A-Z, a-z, _); 2: one that only continues it (0-9). */
const WORD_BYTE = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_]/.test(ch)) WORD_BYTE[c] = 1;
  else if (/[0-9]/.test(ch)) WORD_BYTE[c] = 2;
}

const NEWLINE = 10;
const latin1 = new TextDecoder("latin1");

/** A word's bytes as a string (they are ASCII). */
function asciiString(bytes: Uint8Array, start: number, length: number): string {
  if (length > 32) return latin1.decode(bytes.subarray(start, start + length));
  let s = "";
  for (let k = start; k < start + length; k++) s += String.fromCharCode(bytes[k] as number);
  return s;
}

function grownInt32(data: Int32Array<ArrayBuffer>, min: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(Math.max(min, data.length * 2));
  grown.set(data);
  return grown;
}

export interface ScanRequest {
  language: ScanLanguage;
  /** The decoded text, for the few checks that read it (JavaScript-style imports). */
  text: () => string;
}

export interface ScannedText extends TokenisedText {
  /** Present when scan tags were asked for. */
  scan?: ScanTags;
}

/**
 * Words seen so far and the vocabulary ids of their terms. One table serves one index and shares its
 * vocabulary, so a file gets here the ids `tokeniseToIds` would give it with that vocabulary.
 */
export class WordTable {
  readonly vocabulary: Map<string, number>;
  /** Open addressing, two entries a slot: word number + 1 (0 when empty), and the hash of that word. */
  #slots = new Int32Array(2 << 16);
  /** Per word number: where its bytes start in #bytes, their length, its keyword kind and its string. */
  #starts = new Int32Array(1 << 14);
  #lengths = new Int32Array(1 << 14);
  #kinds = new Uint8Array(1 << 14);
  readonly #strings: string[] = [];
  /** The terms of word w are #terms[#termStart[w] .. #termStart[w + 1]). */
  #termStart = new Int32Array(1 << 14);
  #terms = new Int32Array(1 << 15);
  #termsUsed = 0;
  #bytes = new Uint8Array(1 << 18);
  #bytesUsed = 0;
  #words = 0;
  #ids = new Int32Array(1 << 16);
  #lines = new Int32Array(1 << 12);
  readonly #collector = new ScanCollector();

  /** The terms by id. */
  readonly #termNames: string[];

  constructor(vocabulary: Map<string, number> = new Map()) {
    this.vocabulary = vocabulary;
    this.#termNames = [...vocabulary.keys()];
  }

  /** The id of a term, added to the vocabulary when new. */
  idOf(term: string): number {
    let id = this.vocabulary.get(term);
    if (id === undefined) {
      id = this.vocabulary.size;
      this.vocabulary.set(term, id);
      this.#termNames.push(term);
    }
    return id;
  }

  /** The terms by id (a live list: it grows as the vocabulary does). */
  get terms(): readonly string[] {
    return this.#termNames;
  }

  /** The number of distinct words seen. */
  get size(): number {
    return this.#words;
  }

  /**
   * Tokenises UTF-8 bytes as `tokeniseToIds` tokenises their decoded text, with scan tags when asked. The ids
   * and line starts are views of the table's buffers, valid until the next call: copy what must outlive it.
   */
  tokenise(input: Uint8Array, scan?: ScanRequest): ScannedText {
    // One kind of array in the loop below (a Buffer is a Uint8Array of another class: the loop would slow down on both).
    const bytes = Object.getPrototypeOf(input) === Uint8Array.prototype ? input : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    const collector = scan === undefined ? undefined : this.#collector;
    collector?.begin(bytes, scan?.language ?? "other", this.#strings);
    let ids = this.#ids;
    let lines = this.#lines;
    let idCount = 0;
    let lineCount = 1;
    lines[0] = 0;
    // The table's arrays, reloaded whenever a new word may have grown them.
    let slots = this.#slots;
    let mask = (slots.length >> 1) - 1;
    let starts = this.#starts;
    let lengths = this.#lengths;
    let stored = this.#bytes;
    let termStart = this.#termStart;
    let terms = this.#terms;
    let kinds = this.#kinds;
    const wordByte = WORD_BYTE;
    const n = bytes.length;
    let i = 0;
    while (i < n) {
      const c = bytes[i] as number;
      if (c === NEWLINE) {
        if (lineCount === lines.length) lines = this.#lines = grownInt32(lines, lineCount + 1);
        lines[lineCount++] = idCount;
        i++;
        continue;
      }
      if (wordByte[c] !== 1) {
        i++;
        continue;
      }
      const start = i;
      let h = 0x811c9dc5 | 0;
      do {
        h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
        i++;
      } while (i < n && wordByte[bytes[i] as number] !== 0);
      const length = i - start;
      let slot = h & mask;
      let w = -1;
      for (;;) {
        const entry = slots[2 * slot] as number;
        if (entry === 0) break;
        if (slots[2 * slot + 1] === h && lengths[entry - 1] === length) {
          const at = (starts[entry - 1] as number) - start;
          let k = start;
          while (k < i && stored[at + k] === bytes[k]) k++;
          if (k === i) {
            w = entry - 1;
            break;
          }
        }
        slot = (slot + 1) & mask;
      }
      if (w < 0) {
        w = this.#add(bytes, start, length, h, slot);
        slots = this.#slots;
        mask = (slots.length >> 1) - 1;
        starts = this.#starts;
        lengths = this.#lengths;
        stored = this.#bytes;
        termStart = this.#termStart;
        terms = this.#terms;
        kinds = this.#kinds;
      }
      if (collector !== undefined) collector.word(w, kinds[w] as number, start, i);
      const from = termStart[w] as number;
      const to = termStart[w + 1] as number;
      if (idCount + (to - from) > ids.length) ids = this.#ids = grownInt32(ids, idCount + (to - from));
      for (let k = from; k < to; k++) ids[idCount++] = terms[k] as number;
    }
    if (lineCount === lines.length) lines = this.#lines = grownInt32(lines, lineCount + 1);
    lines[lineCount++] = idCount;
    const out: ScannedText = { ids: ids.subarray(0, idCount), lineStarts: lines.subarray(0, lineCount) };
    if (collector !== undefined && scan !== undefined) out.scan = collector.finish(scan.text);
    return out;
  }

  #add(bytes: Uint8Array, start: number, length: number, hash: number, slot: number): number {
    const w = this.#words++;
    if (w + 2 > this.#starts.length) {
      this.#starts = grownInt32(this.#starts, w + 2);
      this.#lengths = grownInt32(this.#lengths, w + 2);
      this.#termStart = grownInt32(this.#termStart, w + 2);
      const kinds = new Uint8Array(this.#starts.length);
      kinds.set(this.#kinds);
      this.#kinds = kinds;
    }
    if (this.#bytesUsed + length > this.#bytes.length) {
      const grown = new Uint8Array(Math.max(this.#bytesUsed + length, this.#bytes.length * 2));
      grown.set(this.#bytes.subarray(0, this.#bytesUsed));
      this.#bytes = grown;
    }
    const stored = this.#bytes;
    for (let k = 0; k < length; k++) stored[this.#bytesUsed + k] = bytes[start + k] as number;
    this.#starts[w] = this.#bytesUsed;
    this.#lengths[w] = length;
    this.#bytesUsed += length;
    this.#slots[2 * slot] = w + 1;
    this.#slots[2 * slot + 1] = hash;
    const word = asciiString(bytes, start, length);
    this.#strings.push(word);
    this.#kinds[w] = SCAN_KEYWORDS.get(word) ?? 0;
    const terms = wordTerms(word);
    if (this.#termsUsed + terms.length > this.#terms.length) this.#terms = grownInt32(this.#terms, this.#termsUsed + terms.length);
    this.#termStart[w] = this.#termsUsed;
    for (const term of terms) {
      this.#terms[this.#termsUsed++] = this.idOf(term);
    }
    this.#termStart[w + 1] = this.#termsUsed;
    if (4 * this.#words > this.#slots.length) this.#rehash();
    return w;
  }

  #rehash(): void {
    const old = this.#slots;
    const slots = new Int32Array(old.length * 2);
    const mask = (slots.length >> 1) - 1;
    for (let s = 0; s < old.length; s += 2) {
      const entry = old[s] as number;
      if (entry === 0) continue;
      const hash = old[s + 1] as number;
      let slot = hash & mask;
      while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = entry;
      slots[2 * slot + 1] = hash;
    }
    this.#slots = slots;
  }
}
