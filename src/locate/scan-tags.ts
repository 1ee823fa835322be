/**
 * Scan tags: what the file graph needs from a code file (the names it defines, the names it calls, what it
 * imports), collected while the tokeniser passes over the file's bytes, so building the graph needs no
 * parser. For Python they are what the regex tagger finds; elsewhere the definitions are the words that
 * follow a definition keyword (`class`, `function`, `fn`, `struct`…) opening its line, after modifiers
 * (`export`, `public`…) at most, and imports are what the regex tagger finds.
 */
import { JS_IMPORT, pythonImports } from "./regex-tagger.js";

/** Which rules a scan follows: Python's, or the keyword rules for every other language. */
export type ScanLanguage = "python" | "other";

export interface ScanTags {
  /** Names defined (a name defined twice is listed twice). */
  readonly defs: readonly string[];
  /** Names called (`name(`), each once, in order of first use. */
  readonly refs: readonly string[];
  /** Module specifiers imported, as written. */
  readonly imports: readonly string[];
}

const DEF = 1;
const CLASS = 2;
const ASYNC = 3;
const IMPORT = 4;
const FROM = 5;
const REQUIRE = 6;
/** A keyword that another language's definitions follow. */
const DEFINES = 7;
/** A word that may stand before a definition keyword (`export`, `public`…). */
const MODIFIER = 8;

/** Keyword kinds by word; any other word is kind 0. */
export const SCAN_KEYWORDS: ReadonlyMap<string, number> = new Map([
  ["def", DEF],
  ["class", CLASS],
  ["async", ASYNC],
  ["import", IMPORT],
  ["from", FROM],
  ["require", REQUIRE],
  ...["interface", "struct", "enum", "trait", "object", "record", "protocol", "module", "union", "type", "function", "fn", "func", "fun", "sub", "proc"].map(
    (k): [string, number] => [k, DEFINES],
  ),
  ...["export", "default", "abstract", "public", "private", "protected", "internal", "static", "final", "pub", "data", "sealed", "case", "unsafe"].map(
    (k): [string, number] => [k, MODIFIER],
  ),
]);

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const OPEN_PAREN = 40;

const isBlank = (c: number | undefined): boolean => c === SPACE || c === TAB;

/** Collects one file's scan tags from the words the tokeniser reports, in order. */
export class ScanCollector {
  #bytes: Uint8Array = new Uint8Array(0);
  #python = false;
  #strings: readonly string[] = [];
  /** #marks[w] === #epoch: word w is already a ref of this file. */
  #marks = new Int32Array(1 << 14);
  #epoch = 0;
  #refs: number[] = [];
  #defs: number[] = [];
  #fromLines: number[] = [];
  #importLines: number[] = [];
  #jsImports = false;
  #prevKind = 0;
  #prevEnd = -1;
  /** Whether the previous word, a keyword, opens its line the way a definition does. */
  #prevOpensLine = false;

  begin(bytes: Uint8Array, language: ScanLanguage, strings: readonly string[]): void {
    this.#bytes = bytes;
    this.#python = language === "python";
    this.#strings = strings;
    this.#epoch++;
    this.#refs = [];
    this.#defs = [];
    this.#fromLines = [];
    this.#importLines = [];
    this.#jsImports = false;
    this.#prevKind = 0;
    this.#prevEnd = -1;
    this.#prevOpensLine = false;
  }

  /** Word number `w` (of keyword kind `kind`) spans bytes[start .. end). */
  word(w: number, kind: number, start: number, end: number): void {
    const bytes = this.#bytes;
    let j = end;
    while (isBlank(bytes[j])) j++;
    if (bytes[j] === OPEN_PAREN) {
      if (w >= this.#marks.length) {
        const grown = new Int32Array(Math.max(w + 1, this.#marks.length * 2));
        grown.set(this.#marks);
        this.#marks = grown;
      }
      if (this.#marks[w] !== this.#epoch) {
        this.#marks[w] = this.#epoch;
        this.#refs.push(w);
      }
    }
    const prev = this.#prevKind;
    const spaced = prev !== 0 && this.#blankBetween(this.#prevEnd, start);
    const python = this.#python;
    if ((prev === DEF || prev === CLASS || (!python && prev === DEFINES)) && this.#prevOpensLine && spaced) this.#defs.push(w);
    let opensLine = false;
    if (kind !== 0) {
      const first = this.#firstOnLine(start);
      if (python) {
        // `^[ \t]*(async[ \t]+)?def[ \t]+name` and `^[ \t]*class[ \t]+name`, as the regex tagger reads Python.
        if (kind === DEF) opensLine = first || (prev === ASYNC && this.#prevOpensLine && spaced);
        else if (kind === CLASS || kind === ASYNC) opensLine = first;
        if (first && (kind === IMPORT || kind === FROM)) (kind === FROM ? this.#fromLines : this.#importLines).push(start);
      } else {
        // A definition keyword opens its line, after blanks and modifiers only.
        const modifier = prev === MODIFIER || prev === ASYNC;
        if (kind === DEF || kind === CLASS || kind === DEFINES || kind === MODIFIER || kind === ASYNC) opensLine = first || (modifier && this.#prevOpensLine && spaced);
        if (kind === IMPORT || kind === FROM || kind === REQUIRE) this.#jsImports = true;
      }
    }
    this.#prevKind = kind;
    this.#prevEnd = end;
    this.#prevOpensLine = opensLine;
  }

  finish(text: () => string): ScanTags {
    const name = (w: number): string => this.#strings[w] as string;
    const imports: string[] = [];
    if (this.#python) {
      for (const start of [...this.#fromLines, ...this.#importLines]) imports.push(...pythonImports(this.#line(start)));
    } else if (this.#jsImports) {
      for (const m of text().matchAll(JS_IMPORT)) if (m[1] !== undefined && m[1] !== "") imports.push(m[1]);
    }
    return { defs: this.#defs.map(name), refs: this.#refs.map(name), imports };
  }

  /** Whether only blanks stand between the line's start and `start`. */
  #firstOnLine(start: number): boolean {
    let j = start - 1;
    while (j >= 0 && isBlank(this.#bytes[j])) j--;
    return j < 0 || this.#bytes[j] === LF || this.#bytes[j] === CR;
  }

  /** Whether bytes[from .. to) is one or more blanks. */
  #blankBetween(from: number, to: number): boolean {
    if (from < 0 || to <= from) return false;
    for (let k = from; k < to; k++) if (!isBlank(this.#bytes[k])) return false;
    return true;
  }

  /** The text of the line that holds byte `at`, from its start (a line ends at LF or CR, as `^` and `$` see it). */
  #line(at: number): string {
    const bytes = this.#bytes;
    let from = at;
    while (from > 0 && bytes[from - 1] !== LF && bytes[from - 1] !== CR) from--;
    let to = at;
    while (to < bytes.length && bytes[to] !== LF && bytes[to] !== CR) to++;
    return decoder.decode(bytes.subarray(from, to));
  }
}

const decoder = new TextDecoder("utf-8");
