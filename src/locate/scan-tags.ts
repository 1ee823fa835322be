/**
 * Scan tags: what the file graph needs from a code file (the names it defines, the names it uses, what it
 * imports), collected while the tokeniser passes over the file's bytes, so building the graph needs no
 * parser. For Python the scan follows the language's strings and comments and its brackets, and reads what
 * the tree-sitter tag queries read: `class`/`def` names opening a line, called names, attribute names,
 * names passed as arguments (and base classes), and imports, a parenthesised list over several lines
 * included; nothing inside a string or a comment. For the Python files the regex tagger reads, the scan reads
 * what it reads (its line rules, strings included, and called names only). Elsewhere the definitions are the words that follow a
 * definition keyword (`class`, `function`, `fn`, `struct`…) opening its line, after modifiers (`export`,
 * `public`…) at most, the names are those called, and the imports those the regex tagger finds.
 */
import { JS_IMPORT, pythonImports } from "./regex-tagger.js";

/**
 * Which rules a scan follows: Python's as its parser reads it ("python"), Python's as the regex tagger reads
 * it (for the files that tagger reads: tests and vendored folders), or the keyword rules of other languages.
 */
export type ScanLanguage = "python" | "python-regex" | "other";

export interface ScanTags {
  /** Names defined (a name defined twice is listed twice). */
  readonly defs: readonly string[];
  /** Names used (called, and in Python also attributes and arguments), each once, in order of first use. */
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
const CLOSE_PAREN = 41;
const COMMA = 44;
const DOT = 46;
const HASH = 35;
const BACKSLASH = 92;
const QUOTE = 39;
const DOUBLE_QUOTE = 34;
/** `lastCode` after a word. */
const WORD_TOKEN = -2;

const isBlank = (c: number | undefined): boolean => c === SPACE || c === TAB;
const isSpace = (c: number | undefined): boolean => c === SPACE || c === TAB || c === LF || c === CR;

/** Python keywords a parenthesis can follow without making a call. */
const PY_NOT_CALLABLE = new Set(
  "and as assert async await del elif else except for from global if import in is lambda nonlocal not or pass raise return try while with yield".split(" "),
);

const CODE = 0;
const COMMENT = 1;
const STRING = 2;

/** Collects one file's scan tags from the words the tokeniser reports, in order. */
export class ScanCollector {
  #bytes: Uint8Array = new Uint8Array(0);
  #python = false;
  /** Python read as its parser reads it (strings, comments and brackets followed). */
  #lexical = false;
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
  // Python's lexical state, advanced over the bytes between words.
  #state = CODE;
  #quote = 0;
  #triple = false;
  /** Open brackets, innermost last: 1 for the parentheses of a call (or of a class's bases), else 0. */
  #brackets: number[] = [];
  /** The last byte of code that is not blank (WORD_TOKEN after a word), -1 at the start. */
  #lastCode = -1;
  #lastWord = -1;
  #lastWordAfterDef = false;
  /** Inside an import statement (its names are no uses). */
  #inImport = false;
  #scanned = 0;

  begin(bytes: Uint8Array, language: ScanLanguage, strings: readonly string[]): void {
    this.#bytes = bytes;
    this.#python = language !== "other";
    this.#lexical = language === "python";
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
    this.#state = CODE;
    this.#quote = 0;
    this.#triple = false;
    this.#brackets = [];
    this.#lastCode = -1;
    this.#lastWord = -1;
    this.#lastWordAfterDef = false;
    this.#inImport = false;
    this.#scanned = 0;
  }

  /** Word number `w` (of keyword kind `kind`) spans bytes[start .. end). */
  word(w: number, kind: number, start: number, end: number): void {
    const bytes = this.#bytes;
    const python = this.#python;
    const lexical = this.#lexical;
    if (lexical) {
      this.#advance(start);
      this.#scanned = end;
      if (this.#state !== CODE) return;
    }
    let j = end;
    while (isBlank(bytes[j])) j++;
    let used = bytes[j] === OPEN_PAREN;
    if (lexical && !used && !this.#inImport) used = this.#lastCode === DOT || this.#isArgument(end);
    if (lexical && this.#inImport) used = false;
    if (used) {
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
    if ((prev === DEF || prev === CLASS || (!python && prev === DEFINES)) && this.#prevOpensLine && spaced) this.#defs.push(w);
    let opensLine = false;
    if (kind !== 0) {
      const first = this.#firstOnLine(start);
      if (python) {
        // `^[ \t]*(async[ \t]+)?def[ \t]+name` and `^[ \t]*class[ \t]+name`, as the regex tagger reads Python.
        if (kind === DEF) opensLine = first || (prev === ASYNC && this.#prevOpensLine && spaced);
        else if (kind === CLASS || kind === ASYNC) opensLine = first;
        if (first && (kind === IMPORT || kind === FROM)) {
          (kind === FROM ? this.#fromLines : this.#importLines).push(start);
          this.#inImport = true;
        }
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
    this.#lastCode = WORD_TOKEN;
    this.#lastWord = w;
    this.#lastWordAfterDef = prev === DEF;
  }

  /** A name passed on its own to a call (`f(a, b)`) or listed as a base class: between `(`/`,` and `,`/`)`. */
  #isArgument(end: number): boolean {
    const last = this.#lastCode;
    if ((last !== OPEN_PAREN && last !== COMMA) || this.#brackets[this.#brackets.length - 1] !== 1) return false;
    let j = end;
    while (isSpace(this.#bytes[j])) j++;
    return this.#bytes[j] === COMMA || this.#bytes[j] === CLOSE_PAREN;
  }

  /** Follows Python's strings, comments and brackets over the bytes up to `to` (no word starts among them). */
  #advance(to: number): void {
    const bytes = this.#bytes;
    let state = this.#state;
    let lastCode = this.#lastCode;
    for (let i = this.#scanned; i < to; i++) {
      const c = bytes[i] as number;
      if (state === COMMENT) {
        if (c === LF) {
          state = CODE;
          this.#endOfLine();
        }
      } else if (state === STRING) {
        if (c === BACKSLASH) i++;
        else if (c === this.#quote && (!this.#triple || (bytes[i + 1] === c && bytes[i + 2] === c))) {
          if (this.#triple) i += 2;
          state = CODE;
          lastCode = c;
        } else if (c === LF && !this.#triple) {
          state = CODE;
          this.#endOfLine();
        }
      } else if (c === LF) {
        this.#endOfLine();
      } else if (c === SPACE || c === TAB || c === CR) {
        // blank
      } else if (c === HASH) {
        state = COMMENT;
      } else if (c === QUOTE || c === DOUBLE_QUOTE) {
        state = STRING;
        this.#quote = c;
        this.#triple = bytes[i + 1] === c && bytes[i + 2] === c;
        if (this.#triple) i += 2;
      } else {
        if (c === OPEN_PAREN) {
          this.#lastCode = lastCode;
          this.#brackets.push(this.#opensCall() ? 1 : 0);
        } else if (c === 91 || c === 123) this.#brackets.push(0);
        else if (c === CLOSE_PAREN || c === 93 || c === 125) this.#brackets.pop();
        lastCode = c;
      }
    }
    this.#state = state;
    this.#lastCode = lastCode;
  }

  /** Whether a `(` here opens a call's arguments (after a name, a call or a subscript; not a `def`'s parameters). */
  #opensCall(): boolean {
    const last = this.#lastCode;
    if (last === CLOSE_PAREN || last === 93) return true;
    if (last !== WORD_TOKEN) return false;
    return !this.#lastWordAfterDef && !PY_NOT_CALLABLE.has(this.#strings[this.#lastWord] as string);
  }

  #endOfLine(): void {
    if (this.#brackets.length === 0) this.#inImport = false;
  }

  finish(text: () => string): ScanTags {
    const name = (w: number): string => this.#strings[w] as string;
    const imports: string[] = [];
    if (this.#python) {
      for (const start of this.#fromLines) imports.push(...pythonImports(this.#lexical ? this.#statement(start) : this.#line(start)));
      for (const start of this.#importLines) imports.push(...pythonImports(this.#line(start)));
    } else if (this.#jsImports) {
      for (const m of text().matchAll(JS_IMPORT)) if (m[1] !== undefined && m[1] !== "") imports.push(m[1]);
    }
    return { defs: this.#defs.map(name), refs: this.#refs.map(name), imports };
  }

  /**
   * The `from … import …` statement at byte `at` as one line: a parenthesised list of names over several
   * lines is joined, comments dropped.
   */
  #statement(at: number): string {
    const line = this.#line(at);
    const open = line.indexOf("(");
    if (open < 0 || line.indexOf(")", open) >= 0) return line;
    const close = this.#bytes.indexOf(CLOSE_PAREN, at);
    const end = close < 0 ? this.#bytes.length : close + 1;
    let from = at;
    while (from > 0 && this.#bytes[from - 1] !== LF && this.#bytes[from - 1] !== CR) from--;
    return decoder
      .decode(this.#bytes.subarray(from, end))
      .replace(/#[^\n]*/g, "")
      .replace(/[\r\n]+/g, " ");
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
