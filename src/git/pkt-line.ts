/**
 * Git's pkt-line framing (gitprotocol-common): a 4-hex-digit length that counts itself,
 * then the payload; "0000" is a flush packet.
 */

export const FLUSH_PKT = "0000";

export function pktLine(text: string): string {
  const length = Buffer.byteLength(text) + 4;
  if (length > 65520) throw new RangeError("pkt-line too long");
  return length.toString(16).padStart(4, "0") + text;
}

/** Thrown when the server's bytes are not the protocol this client speaks. */
export class GitProtocolError extends Error {
  override readonly name = "GitProtocolError";
}

/** One packet: its payload, or null for a flush packet. */
export type Packet = Buffer | null;

/** The length at `pos` (four hex digits), or -1 when fewer than four bytes are left. */
function lengthAt(buf: Buffer, pos: number): number {
  if (pos + 4 > buf.length) return -1;
  let length = 0;
  for (let i = pos; i < pos + 4; i++) {
    const c = buf[i] ?? 0;
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (digit < 0) throw new GitProtocolError(`bad pkt-line length ${JSON.stringify(buf.toString("latin1", pos, pos + 4))}`);
    length = length * 16 + digit;
  }
  if (length > 0 && length < 4) throw new GitProtocolError(`bad pkt-line length ${length}`);
  return length;
}

/**
 * Splits a stream of bytes into packets as they arrive. Payloads are views into the
 * pushed chunks (no copy), except the few that straddle two chunks.
 */
export class PktLineSplitter {
  #pending: Buffer = Buffer.alloc(0);

  /** Appends `chunk` and returns every packet now complete. */
  push(chunk: Buffer): Packet[] {
    const buf = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const packets: Packet[] = [];
    let pos = 0;
    for (;;) {
      const length = lengthAt(buf, pos);
      if (length < 0) break;
      if (length === 0) {
        packets.push(null);
        pos += 4;
        continue;
      }
      if (pos + length > buf.length) break;
      packets.push(buf.subarray(pos + 4, pos + length));
      pos += length;
    }
    this.#pending = buf.subarray(pos);
    return packets;
  }

  /** True when no partial packet is waiting for more bytes. */
  get drained(): boolean {
    return this.#pending.length === 0;
  }
}

/** A packet's text without its trailing newline. */
export function packetText(packet: Buffer): string {
  const text = packet.toString("utf8");
  return text.endsWith("\n") ? text.slice(0, -1) : text;
}
