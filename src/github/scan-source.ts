/**
 * Text read one character at a time by the hand-written scanners of untrusted Markdown. Every
 * read is counted, so a test can check that the work grows with the text, not with its square.
 */
export class ScanSource {
  readonly text: string;
  readonly length: number;
  /** Characters read so far. */
  reads = 0;

  constructor(text: string) {
    this.text = text;
    this.length = text.length;
  }

  /** The UTF-16 code at `i`, or -1 past the end. */
  code(i: number): number {
    this.reads++;
    return i >= 0 && i < this.length ? this.text.charCodeAt(i) : -1;
  }

  /** Whether `word` (lower-case ASCII) is at `i`, ignoring ASCII case. */
  startsWithAscii(i: number, word: string): boolean {
    for (let k = 0; k < word.length; k++) {
      let c = this.code(i + k);
      if (c >= 65 && c <= 90) c += 32;
      if (c !== word.charCodeAt(k)) return false;
    }
    return true;
  }

  /** The first index in [from, to) where `word` (lower-case ASCII) starts, ignoring case; -1 if none. */
  find(word: string, from: number, to: number): number {
    const first = word.charCodeAt(0);
    for (let i = from; i + word.length <= to; i++) {
      let c = this.code(i);
      if (c >= 65 && c <= 90) c += 32;
      if (c === first && this.startsWithAscii(i, word)) return i;
    }
    return -1;
  }
}

export const TAB = 9;
export const NEWLINE = 10;
export const SPACE = 32;

export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isAsciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Space, tab or line feed: the whitespace of HTML tags (form feed and CR are gone by now). */
export function isTagSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === NEWLINE || c === 12 || c === 13;
}

/** ASCII punctuation, which a backslash escapes in Markdown. */
export function isAsciiPunctuation(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}
