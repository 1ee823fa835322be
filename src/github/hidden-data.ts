/**
 * Machine-readable state hidden in markdown: `<!-- stacksmith:<kind> <base64 JSON> -->`.
 * Base64 keeps `-->` and other markdown out of the payload. Callers validate what they read.
 */

export function hiddenData(kind: string, data: unknown): string {
  return `<!-- stacksmith:${kind} ${Buffer.from(JSON.stringify(data), "utf8").toString("base64")} -->`;
}

export function readHiddenData(kind: string, markdown: string): unknown {
  const match = new RegExp(`<!-- stacksmith:${kind} ([A-Za-z0-9+/=]+) -->`).exec(markdown);
  if (match?.[1] === undefined) return undefined;
  try {
    return JSON.parse(Buffer.from(match[1], "base64").toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}
