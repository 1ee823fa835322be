import { hiddenMarkupPass, type ReadMeter } from "./hidden-markup.js";
import { removeInvisibleCharacters } from "./invisible-characters.js";

/**
 * What a reader of a rendered GitHub page sees of untrusted Markdown, as Markdown: the one
 * definition of hidden text that both the prompts and the command parser use.
 *
 * Hidden markup is removed first from the text as GitHub reads it (removing invisible characters
 * first could join two runs of backticks into one and so make code of a comment). Then the
 * invisible characters go, and the markup pass runs again, until nothing changes, so that the
 * result holds nothing a page would hide (`<!\u200B--` is not a comment on the page, but
 * `<!--` is one in the result). Text built to need more rounds than honest text ever does is
 * defused: every `<` and bracket left is written as an entity.
 */

export interface VisibleTextOptions {
  /** The text was cut from a longer one. */
  truncated?: boolean;
  meter?: ReadMeter;
}

const MAX_ROUNDS = 6;

function untilStable(text: string, truncated: boolean, meter: ReadMeter | undefined): string {
  let current = text;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const next = hiddenMarkupPass(current, { truncated }, meter);
    if (next === current) return current;
    current = next;
  }
  return current.replace(/</g, "&lt;").replace(/\[/g, "&#91;").replace(/\]/g, "&#93;");
}

export function visibleText(text: string, options: VisibleTextOptions = {}): string {
  const truncated = options.truncated ?? false;
  const asRead = untilStable(text.replace(/\r\n?/g, "\n"), truncated, options.meter);
  const shown = untilStable(removeInvisibleCharacters(asRead), truncated, options.meter);
  const normal = shown.normalize("NFC");
  return normal === shown ? shown : untilStable(normal, truncated, options.meter);
}
