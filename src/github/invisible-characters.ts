/**
 * Characters a page draws as nothing: default-ignorable code points (zero-width spaces and joiners,
 * bidirectional controls, variation selectors, Unicode tag characters, Hangul fillers), other
 * format characters, lone surrogates, and control characters other than tab and line feed; and the
 * HTML character references that stand for them, which a model could read back into text.
 */

const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cs}]/gu;
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const NUMERIC_REFERENCE = /&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,9}));?/g;
/** Named references to invisible characters (HTML's list), with or without their semicolon. */
const NAMED_REFERENCE = /&(?:shy|zwj|zwnj|lrm|rlm|ZeroWidthSpace|NegativeVeryThinSpace|NegativeThinSpace|NegativeMediumSpace|NegativeThickSpace|NoBreak|af|ApplyFunction|it|InvisibleTimes|ic|InvisibleComma);?/g;
/** Removing one reference can join the text around it into another; a few rounds undo any honest text. */
const MAX_ROUNDS = 4;

function isInvisible(codePoint: number): boolean {
  if (codePoint > 0x10ffff) return false;
  const char = String.fromCodePoint(codePoint);
  INVISIBLE.lastIndex = 0;
  CONTROL.lastIndex = 0;
  return codePoint === 0 || INVISIBLE.test(char) || (CONTROL.test(char) && codePoint !== 9 && codePoint !== 10);
}

function dropReferences(text: string): string {
  return text
    .replace(NUMERIC_REFERENCE, (m, hex: string | undefined, dec: string | undefined) => (isInvisible(hex !== undefined ? parseInt(hex, 16) : Number(dec)) ? "" : m))
    .replace(NAMED_REFERENCE, "");
}

export function removeInvisibleCharacters(text: string): string {
  let out = text.replace(INVISIBLE, "").replace(CONTROL, "");
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const next = dropReferences(out);
    if (next === out) return out;
    out = next;
  }
  // Built to rebuild itself: spell out the ampersand of whatever reference is left, as a page would show it.
  return out.replace(NUMERIC_REFERENCE, (m, hex: string | undefined, dec: string | undefined) => (isInvisible(hex !== undefined ? parseInt(hex, 16) : Number(dec)) ? `&amp;${m.slice(1)}` : m)).replace(NAMED_REFERENCE, (m) => `&amp;${m.slice(1)}`);
}
