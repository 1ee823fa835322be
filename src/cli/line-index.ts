import { createReadStream } from "node:fs";

/** Where a line sits in a file, in bytes (without its "\n"). */
export interface LineSpan {
  line: number;
  offset: number;
  length: number;
}

/**
 * Every non-blank line of a file with its byte span, handed to `visit` with its text one at a
 * time; nothing but the spans `visit` keeps is retained. Lets a command sort a large JSONL file
 * and then copy lines in a new order by position, without holding the records.
 */
export async function scanLines(path: string, visit: (span: LineSpan, text: string) => void): Promise<void> {
  let carry: Buffer[] = [];
  let carryLength = 0;
  let offset = 0;
  let line = 0;
  const emit = (buf: Buffer, start: number): void => {
    line++;
    const end = buf.length > 0 && buf[buf.length - 1] === 0x0d ? buf.length - 1 : buf.length;
    const text = buf.subarray(0, end).toString("utf8");
    if (text.trim() !== "") visit({ line, offset: start, length: end }, text);
  };
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let from = 0;
    for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, from)) {
      const piece = chunk.subarray(from, i);
      const whole = carryLength === 0 ? piece : Buffer.concat([...carry, piece]);
      emit(whole, offset);
      offset += whole.length + 1;
      carry = [];
      carryLength = 0;
      from = i + 1;
    }
    if (from < chunk.length) {
      carry.push(chunk.subarray(from));
      carryLength += chunk.length - from;
    }
  }
  if (carryLength > 0) emit(Buffer.concat(carry), offset);
}
