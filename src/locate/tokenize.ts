/** Code-aware tokenisation: identifiers split on snake_case and camelCase, light stemming, stop words out. */

const WORD = /[A-Za-z_][A-Za-z0-9_]*/g;

const STOP_WORDS = new Set(
  (
    "a an and are as at be but by for from has have if in into is it its of on or not no so such that the their then there these they this to was were will with " +
    "i we you he she me my our your us do does did done can could would should may might must been being am any all some more most other only own same than too very " +
    "just also about above after again against before below between both during each few further here how once out over under until up what when where which while who whom why " +
    "get got use used using like want see seems seem issue bug problem expected actual behavior behaviour version versions example thanks please hi hello"
  ).split(" "),
);

type CharKind = "upper" | "lower" | "digit" | "other";

function kindOf(c: string): CharKind {
  if (c >= "A" && c <= "Z") return "upper";
  if (c >= "a" && c <= "z") return "lower";
  if (c >= "0" && c <= "9") return "digit";
  return "other";
}

/**
 * The camelCase words of a piece, in one scan: runs of capitals (the last capital starts the next
 * word when a lower-case letter follows, as in `HTTPResponse`), a capital with its lower-case run,
 * lower-case runs and digit runs.
 */
function camelParts(piece: string): string[] {
  const parts: string[] = [];
  let i = 0;
  while (i < piece.length) {
    const kind = kindOf(piece[i] ?? "");
    let j = i + 1;
    if (kind === "upper") {
      while (j < piece.length && kindOf(piece[j] ?? "") === "upper") j++;
      if (j < piece.length && kindOf(piece[j] ?? "") === "lower") {
        if (j - i > 1) {
          parts.push(piece.slice(i, j - 1));
          i = j - 1;
        }
        while (j < piece.length && kindOf(piece[j] ?? "") === "lower") j++;
      }
      parts.push(piece.slice(i, j));
    } else if (kind === "lower" || kind === "digit") {
      while (j < piece.length && kindOf(piece[j] ?? "") === kind) j++;
      parts.push(piece.slice(i, j));
    }
    i = j;
  }
  return parts;
}

/** The word without leading and trailing underscores. */
export function trimUnderscores(word: string): string {
  let start = 0;
  let end = word.length;
  while (start < end && word[start] === "_") start++;
  while (end > start && word[end - 1] === "_") end--;
  return word.slice(start, end);
}

/** Splits an identifier into its lower-cased words: `getHTTPResponse_code` → get, http, response, code. */
export function splitIdentifier(word: string): string[] {
  const parts: string[] = [];
  for (const piece of word.split("_")) {
    if (piece === "") continue;
    for (const part of camelParts(piece)) parts.push(part.toLowerCase());
  }
  return parts;
}

/** A conservative plural stemmer (Harman's S-stemmer), so `sessions` meets `session`. */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith("ies") && !word.endsWith("eies") && !word.endsWith("aies")) return `${word.slice(0, -3)}y`;
  if (word.endsWith("es") && !word.endsWith("aes") && !word.endsWith("ees") && !word.endsWith("oes")) return word.slice(0, -1);
  if (word.endsWith("s") && !word.endsWith("us") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/**
 * The terms of a text for retrieval. A compound identifier yields itself (lower-cased) and its words,
 * so `assertion_rewrite` matches both the exact name and prose that says "assertion rewrite".
 */
export function codeTerms(text: string, cache: Map<string, readonly string[]> = new Map()): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    let terms = cache.get(word);
    if (terms === undefined) {
      terms = wordTerms(word);
      cache.set(word, terms);
    }
    for (const t of terms) out.push(t);
  }
  return out;
}

/** A term cache shared across the files of one index: words repeat, splitting them once is enough. */
export type TermCache = Map<string, readonly string[]>;

/** A file tokenised once: term ids in order, and where each line's ids start. */
export interface TokenisedText {
  ids: Int32Array;
  /** lineStarts[l] is the index in `ids` of line l's first term; one more entry closes the last line. */
  lineStarts: Int32Array;
}

/**
 * Tokenises a text into ids of a shared vocabulary (grown as needed), keeping line boundaries so passages
 * can be cut from the same ids. `cache` maps a word to its ids.
 */
export function tokeniseToIds(
  text: string,
  vocabulary: Map<string, number>,
  cache: Map<string, readonly number[]>,
  words?: TermCache,
): TokenisedText {
  const ids: number[] = [];
  const lineStarts: number[] = [0];
  let lineEnd = text.indexOf("\n");
  for (const m of text.matchAll(WORD)) {
    const at = m.index ?? 0;
    while (lineEnd >= 0 && lineEnd < at) {
      lineStarts.push(ids.length);
      lineEnd = text.indexOf("\n", lineEnd + 1);
    }
    let wordIds = cache.get(m[0]);
    if (wordIds === undefined) {
      let terms = words?.get(m[0]);
      if (terms === undefined) {
        terms = wordTerms(m[0]);
        words?.set(m[0], terms);
      }
      wordIds = terms.map((t) => {
        let id = vocabulary.get(t);
        if (id === undefined) {
          id = vocabulary.size;
          vocabulary.set(t, id);
        }
        return id;
      });
      cache.set(m[0], wordIds);
    }
    for (const id of wordIds) ids.push(id);
  }
  while (lineEnd >= 0) {
    lineStarts.push(ids.length);
    lineEnd = text.indexOf("\n", lineEnd + 1);
  }
  lineStarts.push(ids.length);
  return { ids: Int32Array.from(ids), lineStarts: Int32Array.from(lineStarts) };
}

/**
 * Tokenises a text on its own: its distinct terms in order of first appearance and the text as ids into
 * them, so the result can be kept and later mapped onto any index's vocabulary. `words` is shared across texts.
 */
export function tokeniseTerms(text: string, words: TermCache): { terms: string[]; ids: Int32Array; lineStarts: Int32Array } {
  const local = new Map<string, number>();
  const { ids, lineStarts } = tokeniseToIds(text, local, new Map(), words);
  return { terms: [...local.keys()], ids, lineStarts };
}

/** Whether the word is lower-case letters only: then it is its only part (most words of code and prose). */
function isLowerCaseWord(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 97 || c > 122) return false;
  }
  return true;
}

/** The terms of one word (an identifier yields itself, lower-cased, and its stemmed words). */
export function wordTerms(word: string): readonly string[] {
  if (word.length > 64) return [];
  if (isLowerCaseWord(word)) return word.length > 1 && !isStopWord(word) ? [stem(word)] : [];
  const parts = splitIdentifier(word);
  const out: string[] = [];
  if (parts.length > 1) out.push(trimUnderscores(word.toLowerCase()));
  for (const p of parts) if (p.length > 1 && !isStopWord(p) && !/^[0-9]+$/.test(p)) out.push(stem(p));
  return out;
}

/** Plain word terms: lower-cased runs of word characters, nothing split, nothing dropped (the baseline). */
export function plainTerms(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\w+/g)) out.push(m[0].toLowerCase());
  return out;
}
