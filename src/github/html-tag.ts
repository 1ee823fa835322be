import { isAsciiDigit, isAsciiLetter, isTagSpace, type ScanSource } from "./scan-source.js";

/**
 * HTML tags in untrusted Markdown, read two ways: strictly, as CommonMark reads raw HTML inside a
 * paragraph (anything else there is text), and leniently, as a browser reads an HTML block. What a
 * page shows of a tag is nothing: its attributes are hidden, and some tags hide what they enclose.
 */

export interface TagAttribute {
  name: string;
  /** The attribute's source, from its name to the end of its value. */
  start: number;
  end: number;
  /** The value without quotes, or null when the attribute has none. */
  value: string | null;
}

export interface HtmlTag {
  name: string;
  closing: boolean;
  selfClosing: boolean;
  /** A closing tag with nothing but spaces after its name, which ends an element wherever it is raw HTML. */
  plainClose: boolean;
  attributes: TagAttribute[];
  start: number;
  nameEnd: number;
  end: number;
}

/** Finds a quote character's match before a limit; remembers failures so that no stretch is searched twice. */
export interface QuoteFinder {
  (quote: number, from: number, limit: number): number;
}

/** Elements with no content. */
const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "keygen", "basefont", "bgsound", "frame"]);
/** Elements whose content a page does not show. */
const HIDDEN_ELEMENTS = new Set(["script", "style", "template", "noscript", "noembed", "noframes", "iframe", "object", "title", "head", "frameset"]);
/**
 * Attributes that make a page hide an element's content. GitHub drops `hidden` and `style` and
 * shows the text, but a mail client, an editor's preview or the raw HTML a model reads may not:
 * losing a styled span's words costs less than passing on text its writer meant to hide.
 */
const HIDING_ATTRIBUTES = new Set(["hidden", "style", "aria-hidden"]);
/** Attributes kept: addresses, which a reader can follow, when they hold no spaces. */
const KEPT_ATTRIBUTES = new Set(["href", "src"]);

export function isVoidElement(name: string): boolean {
  return VOID.has(name);
}

/** Whether the element this opening tag starts hides its content. */
export function hidesContent(tag: HtmlTag): boolean {
  if (tag.closing || VOID.has(tag.name)) return false;
  return HIDDEN_ELEMENTS.has(tag.name) || tag.attributes.some((a) => HIDING_ATTRIBUTES.has(a.name));
}

function keeps(a: TagAttribute): boolean {
  return KEPT_ATTRIBUTES.has(a.name) && a.value !== null && a.value !== "" && !/\s/.test(a.value);
}

/** The tag as the model sees it: its name and its addresses, nothing else. */
export function renderTag(src: ScanSource, tag: HtmlTag): string {
  const kept = tag.attributes.filter(keeps);
  if (kept.length === tag.attributes.length && !tag.closing) return src.text.slice(tag.start, tag.end);
  if (tag.closing) return tag.plainClose ? src.text.slice(tag.start, tag.end) : `</${src.text.slice(tag.start + 2, tag.nameEnd)}>`;
  const attrs = kept.map((a) => ` ${src.text.slice(a.start, a.end)}`).join("");
  return `${src.text.slice(tag.start, tag.nameEnd)}${attrs}${tag.selfClosing ? "/" : ""}>`;
}

function isAttributeStart(c: number): boolean {
  return isAsciiLetter(c) || c === 95 || c === 58;
}

function isAttributeChar(c: number): boolean {
  return isAttributeStart(c) || isAsciiDigit(c) || c === 46 || c === 45;
}

function isUnquotedValueChar(c: number): boolean {
  return c !== -1 && !isTagSpace(c) && c !== 34 && c !== 39 && c !== 61 && c !== 60 && c !== 62 && c !== 96;
}

/** Outcome of reading a tag: the tag, or where reading stopped without one. */
export type TagRead = { tag: HtmlTag } | { failedAt: number };

function skipSpaces(src: ScanSource, i: number, limit: number): number {
  while (i < limit && isTagSpace(src.code(i))) i++;
  return i;
}

/**
 * A tag as CommonMark reads raw HTML in a paragraph, from `<` at `start`, read no further than
 * `limit`. Looser than CommonMark only where that hides more (any spaces and line feeds between
 * attributes).
 */
export function readStrictTag(src: ScanSource, start: number, limit: number, findQuote: QuoteFinder): TagRead {
  const closing = src.code(start + 1) === 47;
  let i = start + (closing ? 2 : 1);
  if (!isAsciiLetter(src.code(i))) return { failedAt: i };
  while (i < limit && (isAsciiLetter(src.code(i)) || isAsciiDigit(src.code(i)) || src.code(i) === 45)) i++;
  const nameEnd = i;
  const name = src.text.slice(start + (closing ? 2 : 1), nameEnd).toLowerCase();
  const attributes: TagAttribute[] = [];
  for (;;) {
    const before = i;
    i = skipSpaces(src, i, limit);
    if (i >= limit) return { failedAt: i };
    const c = src.code(i);
    if (c === 62) return { tag: { name, closing, selfClosing: false, plainClose: closing, attributes, start, nameEnd, end: i + 1 } };
    if (c === 47 && !closing) {
      if (src.code(i + 1) === 62 && i + 1 < limit) return { tag: { name, closing, selfClosing: true, plainClose: false, attributes, start, nameEnd, end: i + 2 } };
      return { failedAt: i };
    }
    if (closing || i === before || !isAttributeStart(c)) return { failedAt: i };
    const attrStart = i;
    while (i < limit && isAttributeChar(src.code(i))) i++;
    const attrName = src.text.slice(attrStart, i).toLowerCase();
    const afterName = i;
    let j = skipSpaces(src, i, limit);
    if (src.code(j) !== 61 || j >= limit) {
      attributes.push({ name: attrName, start: attrStart, end: afterName, value: null });
      i = afterName;
      continue;
    }
    j = skipSpaces(src, j + 1, limit);
    const q = src.code(j);
    if (q === 34 || q === 39) {
      const close = findQuote(q, j + 1, limit);
      if (close < 0) return { failedAt: limit };
      attributes.push({ name: attrName, start: attrStart, end: close + 1, value: src.text.slice(j + 1, close) });
      i = close + 1;
      continue;
    }
    let k = j;
    while (k < limit && isUnquotedValueChar(src.code(k))) k++;
    if (k === j) return { failedAt: k };
    attributes.push({ name: attrName, start: attrStart, end: k, value: src.text.slice(j, k) });
    i = k;
  }
}

/** A tag as a browser reads it in an HTML block, from `<` at `start`; it must end before `limit`. */
export function readLenientTag(src: ScanSource, start: number, limit: number, findQuote: QuoteFinder): TagRead {
  const closing = src.code(start + 1) === 47;
  let i = start + (closing ? 2 : 1);
  while (i < limit && !isTagSpace(src.code(i)) && src.code(i) !== 47 && src.code(i) !== 62) i++;
  const nameEnd = i;
  const name = src.text.slice(start + (closing ? 2 : 1), nameEnd).toLowerCase();
  const attributes: TagAttribute[] = [];
  let plainClose = closing;
  for (;;) {
    while (i < limit && (isTagSpace(src.code(i)) || (src.code(i) === 47 && src.code(i + 1) !== 62))) {
      if (src.code(i) === 47) plainClose = false;
      i++;
    }
    if (i >= limit) return { failedAt: limit };
    const c = src.code(i);
    if (c === 62) return { tag: { name, closing, selfClosing: false, plainClose, attributes, start, nameEnd, end: i + 1 } };
    if (c === 47) return { tag: { name, closing, selfClosing: !closing, plainClose: false, attributes, start, nameEnd, end: i + 2 } };
    plainClose = false;
    const attrStart = i;
    i++;
    while (i < limit && !isTagSpace(src.code(i)) && src.code(i) !== 47 && src.code(i) !== 62 && src.code(i) !== 61) i++;
    const attrName = src.text.slice(attrStart, i).toLowerCase();
    const afterName = i;
    let j = skipSpaces(src, i, limit);
    if (src.code(j) !== 61 || j >= limit) {
      attributes.push({ name: attrName, start: attrStart, end: afterName, value: null });
      i = afterName;
      continue;
    }
    j = skipSpaces(src, j + 1, limit);
    const q = src.code(j);
    if (q === 34 || q === 39) {
      const close = findQuote(q, j + 1, limit);
      if (close < 0) return { failedAt: limit };
      attributes.push({ name: attrName, start: attrStart, end: close + 1, value: src.text.slice(j + 1, close) });
      i = close + 1;
      continue;
    }
    let k = j;
    while (k < limit && !isTagSpace(src.code(k)) && src.code(k) !== 62) k++;
    attributes.push({ name: attrName, start: attrStart, end: k, value: src.text.slice(j, k) });
    i = k;
  }
}
