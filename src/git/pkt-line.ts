/**
 * Git's pkt-line framing (gitprotocol-common): a 4-hex-digit length that counts itself,
 * then the payload; "0000" is a flush packet.
 */

export const FLUSH_PKT = "0000";
const MAX_PKT = 65520;

export function pktLine(text: string): string {
  const length = Buffer.byteLength(text) + 4;
  if (length > MAX_PKT) throw new RangeError("pkt-line too long");
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
  if ((length > 0 && length < 4) || length > MAX_PKT) throw new GitProtocolError(`bad pkt-line length ${length}`);
  return length;
}

/**
 * Splits a stream of bytes into packets as they arrive. Payloads are views, valid until the
 * next `push`: into the pushed chunk, or, for a packet cut between two chunks, into one of
 * two buffers used in turn (so receiving a pack allocates nothing per packet).
 */
export class PktLineSplitter {
  #partial = Buffer.alloc(0);
  #spare = Buffer.alloc(0);
  /** Bytes of a cut packet held in #partial, length digits included. */
  #have = 0;

  /** The packets `chunk` completes. */
  push(chunk: Buffer): Packet[] {
    const packets: Packet[] = [];
    let pos = 0;
    if (this.#have > 0) {
      // Complete the length digits first, then the packet.
      const digits = Math.min(4 - Math.min(this.#have, 4), chunk.length);
      chunk.copy(this.#partial, this.#have, 0, digits);
      this.#have += digits;
      pos = digits;
      if (this.#have < 4) return packets;
      const length = lengthAt(this.#partial, 0);
      if (length === 0) {
        packets.push(null);
      } else {
        const n = Math.min(length - this.#have, chunk.length - pos);
        chunk.copy(this.#partial, this.#have, pos, pos + n);
        this.#have += n;
        pos += n;
        if (this.#have < length) return packets;
        packets.push(this.#partial.subarray(4, length));
      }
      this.#have = 0;
    }
    for (;;) {
      const length = lengthAt(chunk, pos);
      if (length < 0) break;
      if (length === 0) {
        packets.push(null);
        pos += 4;
        continue;
      }
      if (pos + length > chunk.length) break;
      packets.push(chunk.subarray(pos + 4, pos + length));
      pos += length;
    }
    if (pos < chunk.length) {
      // The packet completed above may still be a view into #partial: keep the cut one in the other buffer.
      [this.#partial, this.#spare] = [this.#spare.length > 0 ? this.#spare : Buffer.allocUnsafeSlow(MAX_PKT), this.#partial];
      this.#have = chunk.copy(this.#partial, 0, pos);
    }
    return packets;
  }

  /** True when no partial packet is waiting for more bytes. */
  get drained(): boolean {
    return this.#have === 0;
  }
}

/** A packet's text without its trailing newline. */
export function packetText(packet: Buffer): string {
  const text = packet.toString("utf8");
  return text.endsWith("\n") ? text.slice(0, -1) : text;
}
