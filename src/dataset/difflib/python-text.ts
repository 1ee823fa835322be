/**
 * Python `str` methods whose JavaScript look-alikes differ: `splitlines()` and `strip()`.
 * Both work on whole code points; none of the characters involved is astral.
 */

/** The line boundaries of `str.splitlines()`: \r\n first, then each single separator. */
const LINE_BOUNDARY = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/g;

/**
 * Python's `str.strip()` set (`str.isspace()`): JavaScript's `trim()` misses \x1c-\x1f and \x85
 * and also strips \uFEFF, which Python keeps.
 */
const PY_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/**
 * Python's `text.splitlines()` (no `keepends`): splits on \n, \r, \r\n, \v, \f, \x1c, \x1d,
 * \x1e, \x85, \u2028 and \u2029; a final line break does not start an empty line, and `""`
 * gives `[]`.
 */
export function pythonSplitlines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (const m of text.matchAll(LINE_BOUNDARY)) {
    lines.push(text.slice(start, m.index));
    start = m.index + m[0].length;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** Python's `text.strip()` with no argument. */
export function pythonStrip(text: string): string {
  // Index loops rather than an anchored regex: `[...]+$` rescans long runs of spaces.
  let start = 0;
  let end = text.length;
  while (start < end && PY_SPACE.test(text[start]!)) start++;
  while (end > start && PY_SPACE.test(text[end - 1]!)) end--;
  return text.slice(start, end);
}
