import { hidesContent, isVoidElement, readLenientTag, readStrictTag, renderTag, type HtmlTag, type TagRead } from "./html-tag.js";
import { isBlankLine, markdownRegions, skipContainerMarkers, splitLines, type Lines, type Region } from "./markdown-regions.js";
import { isAsciiLetter, isAsciiPunctuation, NEWLINE, ScanSource, SPACE, TAB } from "./scan-source.js";

/**
 * One left-to-right pass over untrusted Markdown that removes what a rendered page hides: HTML
 * comments, processing instructions and declarations, elements that hide their content, every
 * attribute but addresses, link reference definitions, image descriptions and link titles. Code
 * (fenced blocks, and code spans on one line) is shown as written and kept. Where a hidden
 * construct is opened and the page would not show where it ends, the rest of the text goes.
 *
 * Every character is read a bounded number of times: failed searches are remembered, so the work
 * grows with the text's length.
 */

export interface PassOptions {
  /** The text was cut from a longer one: a construct still open at its end may be closed after the cut. */
  truncated: boolean;
}

const BACKTICK = 96;
const LT = 60;

class HiddenMarkupPass {
  readonly src: ScanSource;
  readonly lines: Lines;
  readonly regions: Region[];
  readonly truncated: boolean;
  readonly out: string[] = [];
  /** An open element that hides its content, and how deep its own name is nested. */
  hidden: { name: string; depth: number } | null = null;
  /** Bracket depth inside an image description (0: not in one). */
  alt = 0;
  /** A hidden construct never closed: nothing more is kept. */
  stopped = false;
  /** Where each line's paragraph ends for inline constructs: its next blank or code line. */
  readonly limits: number[];
  line = 0;
  readonly runs = new Map<number, number[]>();
  readonly runCursor = new Map<number, number>();
  /** For a closing character, the limit before which it is known not to occur from the position given. */
  readonly missing = new Map<number, { from: number; limit: number }>();

  constructor(src: ScanSource, options: PassOptions) {
    this.src = src;
    this.truncated = options.truncated;
    this.lines = splitLines(src);
    this.regions = markdownRegions(src, this.lines);
    this.limits = this.paragraphLimits();
    this.indexBacktickRuns();
  }

  paragraphLimits(): number[] {
    const n = this.lines.starts.length;
    const limits = new Array<number>(n + 1);
    limits[n] = this.src.length;
    let r = this.regions.length - 1;
    for (let k = n - 1; k >= 0; k--) {
      const start = this.lines.starts[k] ?? 0;
      while (r > 0 && (this.regions[r]?.start ?? 0) > start) r--;
      const code = this.regions[r]?.kind === "code";
      limits[k] = code || isBlankLine(this.src, this.lines, k) ? start : (limits[k + 1] ?? this.src.length);
    }
    return limits;
  }

  indexBacktickRuns(): void {
    const { src } = this;
    let i = 0;
    while (i < src.length) {
      if (src.code(i) !== BACKTICK) {
        i++;
        continue;
      }
      const start = i;
      while (src.code(i) === BACKTICK) i++;
      const size = i - start;
      const list = this.runs.get(size);
      if (list === undefined) this.runs.set(size, [start]);
      else list.push(start);
    }
  }

  /** The start of the next run of exactly `size` backticks at or after `from` and before `before`, or -1. */
  nextRun(size: number, from: number, before: number): number {
    const list = this.runs.get(size);
    if (list === undefined) return -1;
    let k = this.runCursor.get(size) ?? 0;
    while (k < list.length && (list[k] ?? 0) < from) k++;
    this.runCursor.set(size, k);
    const at = list[k];
    return at !== undefined && at < before ? at : -1;
  }

  /** The next `closer` in [from, limit) outside backslash escapes when `escapes`, or -1; a miss is remembered. */
  findChar(closer: number, from: number, limit: number, escapes = false): number {
    const key = escapes ? -closer : closer;
    const known = this.missing.get(key);
    // With escapes, a search that starts right after a backslash could pair it differently.
    if (known !== undefined && known.limit === limit && known.from <= from && (!escapes || this.src.code(from - 1) !== 92)) return -1;
    for (let i = from; i < limit; i++) {
      const c = this.src.code(i);
      if (escapes && c === 92) i++;
      else if (c === closer) return i;
    }
    this.missing.set(key, { from, limit });
    return -1;
  }

  lineAt(p: number): number {
    while ((this.lines.starts[this.line + 1] ?? Infinity) <= p) this.line++;
    return this.line;
  }

  get visible(): boolean {
    return !this.stopped && this.hidden === null && this.alt === 0;
  }

  keep(start: number, end: number): void {
    if (this.visible && end > start) this.out.push(this.src.text.slice(start, end));
  }

  keepText(text: string): void {
    if (this.visible) this.out.push(text);
  }

  stop(): number {
    this.stopped = true;
    return this.src.length;
  }

  tag(tag: HtmlTag): number {
    if (this.hidden !== null) {
      if (tag.name === this.hidden.name) {
        if (tag.closing && tag.plainClose) this.hidden.depth--;
        else if (!tag.closing && !isVoidElement(tag.name)) this.hidden.depth++;
        if (this.hidden.depth === 0) this.hidden = null;
      }
      return tag.end;
    }
    if (this.alt === 0 && hidesContent(tag)) this.hidden = { name: tag.name, depth: 1 };
    else this.keepText(renderTag(this.src, tag));
    return tag.end;
  }

  /** Drops [start, end) when `end` was found, or everything from `start` on when it was not. */
  dropUntil(found: number, closerLength: number): number {
    return found < 0 ? this.stop() : found + closerLength;
  }

  run(): string {
    let r = 0;
    let p = 0;
    while (p < this.src.length && !this.stopped) {
      while ((this.regions[r]?.end ?? Infinity) <= p) r++;
      const region = this.regions[r];
      if (region === undefined) break;
      if (region.kind === "code") {
        this.alt = 0;
        this.keep(p, region.end);
        p = region.end;
      } else if (region.kind === "html") {
        p = this.htmlToken(p, region.end);
      } else {
        p = this.textToken(p);
      }
    }
    return this.out.join("");
  }

  /** One token of an HTML block, read as a browser would. */
  htmlToken(p: number, limit: number): number {
    const { src } = this;
    if (src.code(p) !== LT) {
      let i = p + 1;
      while (i < limit && src.code(i) !== LT) i++;
      this.keep(p, i);
      return i;
    }
    const next = src.code(p + 1);
    if (src.startsWithAscii(p, "<!--")) return this.dropUntil(src.find("-->", p + 4, limit), 3);
    if (src.startsWithAscii(p, "<![cdata[")) return this.dropUntil(src.find("]]>", p + 9, limit), 3);
    if (next === 33 || next === 63) return this.dropUntil(this.findChar(62, p + 2, limit), 1);
    if (next === 47 && src.code(p + 2) === 62) return p + 3;
    if (next === 47 && !isAsciiLetter(src.code(p + 2))) return this.dropUntil(this.findChar(62, p + 2, limit), 1);
    if (next !== 47 && !isAsciiLetter(next)) {
      this.keep(p, p + 1);
      return p + 1;
    }
    const read = readLenientTag(src, p, limit, (q, from, lim) => this.findChar(q, from, lim));
    return "tag" in read ? this.tag(read.tag) : this.stop();
  }

  /** One token of Markdown text. */
  textToken(p: number): number {
    const { src } = this;
    const k = this.lineAt(p);
    const limit = this.limits[k] ?? src.length;
    if (p === this.lines.starts[k]) {
      if (isBlankLine(src, this.lines, k)) {
        this.alt = 0;
        const end = Math.min(src.length, (this.lines.ends[k] ?? 0) + 1);
        this.keep(p, end);
        return end;
      }
      const definition = this.linkDefinition(p, limit);
      if (definition !== null) {
        this.keep(p, definition.start);
        return definition.end;
      }
    }
    const c = src.code(p);
    switch (c) {
      case 92:
        if (isAsciiPunctuation(src.code(p + 1))) {
          this.keep(p, p + 2);
          return p + 2;
        }
        this.keep(p, p + 1);
        return p + 1;
      case BACKTICK:
        return this.codeSpan(p, this.lines.ends[k] ?? src.length);
      case LT:
        return this.inlineHtml(p, limit);
      case 33:
        if (src.code(p + 1) === 91) {
          this.keep(p, p + 2);
          if (this.hidden === null && !this.stopped) this.alt++;
          return p + 2;
        }
        break;
      case 91:
        this.keep(p, p + 1);
        if (this.alt > 0) this.alt++;
        return p + 1;
      case 93:
        if (this.alt > 0) this.alt--;
        this.keep(p, p + 1);
        return src.code(p + 1) === 40 ? this.linkTail(p + 1, limit) : p + 1;
      default:
        break;
    }
    let i = p + 1;
    const end = this.lines.ends[k] ?? src.length;
    while (i < end && !isSpecial(src.code(i))) i++;
    if (i === end && i < src.length) i++;
    this.keep(p, i);
    return i;
  }

  /** A run of backticks: a code span when the same run closes it on this line, else literal backticks. */
  codeSpan(p: number, lineEnd: number): number {
    let q = p;
    while (this.src.code(q) === BACKTICK) q++;
    const close = this.nextRun(q - p, q, lineEnd);
    if (close < 0) {
      this.keep(p, q);
      return q;
    }
    const end = close + (q - p);
    this.keep(p, end);
    return end;
  }

  /** `<` in text: raw HTML when CommonMark reads it so, else a literal `<`. */
  inlineHtml(p: number, limit: number): number {
    const { src } = this;
    const next = src.code(p + 1);
    if (src.startsWithAscii(p, "<!--")) return this.dropUntil(src.find("-->", p + 4, limit), 3);
    if (src.startsWithAscii(p, "<![cdata[")) return this.dropUntil(src.find("]]>", p + 9, limit), 3);
    if (next === 63) return this.dropUntil(src.find("?>", p + 2, limit), 2);
    if (next === 33 && isAsciiLetter(src.code(p + 2))) return this.dropUntil(this.findChar(62, p + 2, limit), 1);
    if (isAsciiLetter(next) || (next === 47 && isAsciiLetter(src.code(p + 2)))) {
      const read: TagRead = readStrictTag(src, p, limit, (q, from, lim) => this.findChar(q, from, lim));
      if ("tag" in read) return this.tag(read.tag);
      if (this.truncated && read.failedAt >= src.length) return this.stop();
    }
    this.keep(p, p + 1);
    return p + 1;
  }

  /** After `](`: the destination is kept (unless it holds spaces), the title, which a page shows only on hover, goes. */
  linkTail(p: number, limit: number): number {
    const { src } = this;
    let i = skipSpaces(src, p + 1, limit);
    if (src.code(i) === LT) {
      const close = this.findPointyEnd(i + 1, limit);
      if (close < 0) {
        this.keep(p, i);
        return i;
      }
      let spaced = false;
      for (let j = i + 1; j < close && !spaced; j++) spaced = src.code(j) === SPACE || src.code(j) === TAB;
      if (spaced) {
        this.keep(p, i + 1);
        this.keepText(">");
      } else {
        this.keep(p, close + 1);
      }
      i = close + 1;
    } else {
      const start = i;
      let depth = 0;
      while (i < limit) {
        const c = src.code(i);
        if (c === SPACE || c === TAB || c === NEWLINE || c < 32) break;
        if (c === 92) i++;
        else if (c === 40) depth++;
        else if (c === 41 && depth-- === 0) break;
        i++;
      }
      this.keep(p, i);
      if (i === start && src.code(i) === 41) return i;
    }
    const t = skipSpaces(src, i, limit);
    const title = this.titleEnd(t, limit);
    if (title === null) return i;
    if (title < 0) return this.stop();
    this.keep(i, t);
    return title;
  }

  /** The end of a pointy destination `<…>` on one line, or -1. */
  findPointyEnd(from: number, limit: number): number {
    for (let i = from; i < limit; i++) {
      const c = this.src.code(i);
      if (c === 92) i++;
      else if (c === 62) return i;
      else if (c === NEWLINE || c === LT) return -1;
    }
    return -1;
  }

  /**
   * A link title starting at `t`: the offset after it, null when there is none (no opener, or no
   * closer, so the page shows it), or -1 when the text was cut before its closer.
   */
  titleEnd(t: number, limit: number): number | null {
    const open = this.src.code(t);
    const closer = open === 34 ? 34 : open === 39 ? 39 : open === 40 ? 41 : -1;
    if (closer < 0) return null;
    const close = this.findChar(closer, t + 1, limit, true);
    if (close >= 0) return close + 1;
    return this.truncated && limit >= this.src.length ? -1 : null;
  }

  /**
   * A link reference definition at a line start (`[label]: destination "title"`), which renders as
   * nothing: its [start, end), the end past its last line's line feed. Footnotes (`[^1]: …`) show.
   */
  linkDefinition(p: number, limit: number): { start: number; end: number } | null {
    const { src } = this;
    const lineEnd = this.lines.ends[this.line] ?? src.length;
    const i = skipContainerMarkers(src, p, lineEnd);
    if (src.code(i) !== 91 || src.code(i + 1) === 94) return null;
    const start = i;
    let j = i + 1;
    let text = false;
    for (; ; j++) {
      if (j >= limit || j - start > 1000) return null;
      const c = src.code(j);
      if (c === 92) {
        j++;
        text = true;
      } else if (c === 91) {
        return null;
      } else if (c === 93) {
        break;
      } else if (c !== SPACE && c !== TAB && c !== NEWLINE) {
        text = true;
      }
    }
    if (!text || src.code(j + 1) !== 58) return null;
    let k = skipSpaces(src, j + 2, limit);
    if (k >= limit) return null;
    if (src.code(k) === LT) {
      const close = this.findPointyEnd(k + 1, limit);
      if (close < 0) return null;
      k = close + 1;
    } else {
      while (k < limit && !isSpaceOrControl(src.code(k))) k++;
    }
    const destEnd = k;
    while (k < limit && (src.code(k) === SPACE || src.code(k) === TAB)) k++;
    const afterLine = (at: number): number => {
      let e = at;
      while (e < src.length && src.code(e) !== NEWLINE) e++;
      return Math.min(src.length, e + 1);
    };
    const c = src.code(k);
    if (k >= limit || c === NEWLINE || c === -1) {
      const end = afterLine(destEnd);
      const t = skipSpaces(src, end, limit);
      const title = end < limit ? this.titleEnd(t, limit) : null;
      if (title === null) return { start, end };
      return title < 0 ? { start, end: this.stop() } : { start, end: afterLine(title - 1) };
    }
    if (k === destEnd) return null;
    const title = this.titleEnd(k, limit);
    if (title === null) return null;
    return title < 0 ? { start, end: this.stop() } : { start, end: afterLine(title - 1) };
  }
}

function isSpecial(c: number): boolean {
  return c === 92 || c === BACKTICK || c === LT || c === 33 || c === 91 || c === 93;
}

function isSpaceOrControl(c: number): boolean {
  return c <= SPACE;
}

function skipSpaces(src: ScanSource, i: number, limit: number): number {
  while (i < limit && (src.code(i) === SPACE || src.code(i) === TAB || src.code(i) === NEWLINE)) i++;
  return i;
}

/** Counts the characters read, summed over passes. */
export interface ReadMeter {
  reads: number;
}

export function hiddenMarkupPass(text: string, options: PassOptions, meter?: ReadMeter): string {
  const src = new ScanSource(text);
  const out = new HiddenMarkupPass(src, options).run();
  if (meter !== undefined) meter.reads += src.reads;
  return out;
}
