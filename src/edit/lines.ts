/** Text as lines that remember their terminator, so edits keep a file's bytes. */

export type Eol = "\n" | "\r\n" | "";

export interface Line {
  /** The line without its terminator. */
  text: string;
  /** "" only for a last line without a final newline. */
  eol: Eol;
}

/** Splits text into lines; "" has no lines. "\r\n" and "\n" end a line, a lone "\r" does not. */
export function splitLines(content: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < content.length) {
    const nl = content.indexOf("\n", start);
    if (nl < 0) {
      lines.push({ text: content.slice(start), eol: "" });
      break;
    }
    const crlf = nl > start && content.charCodeAt(nl - 1) === 13;
    lines.push({ text: content.slice(start, crlf ? nl - 1 : nl), eol: crlf ? "\r\n" : "\n" });
    start = nl + 1;
  }
  return lines;
}

export function joinLines(lines: readonly Line[]): string {
  let out = "";
  for (const line of lines) out += line.text + line.eol;
  return out;
}

export function isBlank(text: string): boolean {
  return text.trim() === "";
}

/** True when every line is blank (also for no lines at all). */
export function allBlank(lines: readonly Line[]): boolean {
  return lines.every((line) => isBlank(line.text));
}

/** The terminator most lines use: "\r\n" for a CRLF file, otherwise "\n". */
export function dominantEol(lines: readonly Line[]): "\n" | "\r\n" {
  let crlf = 0;
  let lf = 0;
  for (const line of lines) {
    if (line.eol === "\r\n") crlf++;
    else if (line.eol === "\n") lf++;
  }
  return crlf > lf ? "\r\n" : "\n";
}

/** Leading whitespace of a line. */
export function indentOf(text: string): string {
  const match = /^[ \t]*/.exec(text);
  return match?.[0] ?? "";
}
