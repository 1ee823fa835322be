/** `text` ending as a sentence: a full stop added unless it already ends in one (or in ?, !, …, before any closing quote). */
export function asSentence(text: string): string {
  const trimmed = text.trimEnd();
  return /[.!?…]["'”’)\]]*$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
