/**
 * The client side of git's smart-HTTP upload-pack, protocol v1 (gitprotocol-http,
 * gitprotocol-pack), just enough to fetch one branch at depth 1: list the refs, then ask
 * for one commit with `deepen 1` and receive its pack through side-band-64k.
 */
import { FLUSH_PKT, GitProtocolError, PktLineSplitter, packetText, pktLine } from "./pkt-line.js";

/** The server answered with an HTTP error status. */
export class GitHttpError extends Error {
  override readonly name = "GitHttpError";
  constructor(
    readonly status: number,
    readonly statusText: string,
  ) {
    super(`HTTP ${status} ${statusText}`);
  }
}

export interface Advertisement {
  /** Ref name → oid. */
  refs: Map<string, string>;
  capabilities: Set<string>;
}

export interface FetchedPack {
  pack: Buffer;
  /** Commits the server cut history at (their parents were not sent). */
  shallow: string[];
}

const AGENT = "agent=stacksmith";

async function request(url: string, init: RequestInit): Promise<Response> {
  const res = await fetch(url, init);
  if (!res.ok) {
    await res.body?.cancel();
    throw new GitHttpError(res.status, res.statusText);
  }
  return res;
}

function expectContentType(res: Response, expected: string): void {
  const type = res.headers.get("content-type") ?? "";
  if (!type.startsWith(expected)) throw new GitProtocolError(`the server is not a smart-HTTP git server (content-type ${JSON.stringify(type)})`);
}

/** GET info/refs: the refs the server has and what it can do. */
export async function listRefs(repoUrl: string, headers: Record<string, string>): Promise<Advertisement> {
  const res = await request(`${repoUrl}/info/refs?service=git-upload-pack`, { headers });
  expectContentType(res, "application/x-git-upload-pack-advertisement");
  const splitter = new PktLineSplitter();
  const packets = splitter.push(Buffer.from(await res.arrayBuffer()));
  if (!splitter.drained) throw new GitProtocolError("the ref advertisement ends in the middle of a packet");
  const refs = new Map<string, string>();
  const capabilities = new Set<string>();
  let i = 0;
  const first = packets[0];
  if (first != null && packetText(first).startsWith("# service=")) i = 2; // the service line and its flush
  for (; i < packets.length; i++) {
    const packet = packets[i];
    if (packet == null) break;
    let line = packetText(packet);
    if (line.startsWith("ERR ")) throw new GitProtocolError(`the server refused: ${line.slice(4)}`);
    const nul = line.indexOf("\0");
    if (nul >= 0) {
      for (const cap of line.slice(nul + 1).split(" ")) if (cap !== "") capabilities.add(cap);
      line = line.slice(0, nul);
    }
    const match = /^([0-9a-f]{40}) (\S+)$/.exec(line);
    if (match?.[1] === undefined || match[2] === undefined) throw new GitProtocolError(`bad ref line ${JSON.stringify(line)}`);
    if (match[2] !== "capabilities^{}") refs.set(match[2], match[1]);
  }
  return { refs, capabilities };
}

/** Copies received pack bytes into 1 MiB blocks, then joins them once. */
class PackCollector {
  static readonly BLOCK = 1 << 20;
  #blocks: Buffer[] = [];
  #used = PackCollector.BLOCK;
  #length = 0;

  write(data: Buffer): void {
    let from = 0;
    while (from < data.length) {
      if (this.#used === PackCollector.BLOCK) {
        this.#blocks.push(Buffer.allocUnsafeSlow(PackCollector.BLOCK));
        this.#used = 0;
      }
      const block = this.#blocks[this.#blocks.length - 1] as Buffer;
      const n = data.copy(block, this.#used, from);
      this.#used += n;
      from += n;
    }
    this.#length += data.length;
  }

  /** The pack as one buffer of exactly its size. */
  join(): Buffer {
    const pack = Buffer.allocUnsafeSlow(this.#length);
    let pos = 0;
    for (const block of this.#blocks) pos += block.copy(pack, pos, 0, Math.min(block.length, this.#length - pos));
    this.#blocks = [];
    return pack;
  }
}

/**
 * POST git-upload-pack: wants `oid` at depth 1, without tags or progress; returns the pack
 * and the shallow commits. Requests only capabilities the server advertised.
 */
export async function fetchShallowPack(repoUrl: string, headers: Record<string, string>, oid: string, advertised: Set<string>): Promise<FetchedPack> {
  for (const cap of ["shallow", "side-band-64k", "ofs-delta"]) {
    if (!advertised.has(cap)) throw new GitProtocolError(`the server does not support ${cap}`);
  }
  const caps = ["side-band-64k", "ofs-delta", "shallow", ...(advertised.has("no-progress") ? ["no-progress"] : []), AGENT];
  const body = pktLine(`want ${oid} ${caps.join(" ")}\n`) + pktLine("deepen 1\n") + FLUSH_PKT + pktLine("done\n");
  const res = await request(`${repoUrl}/git-upload-pack`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/x-git-upload-pack-request", accept: "application/x-git-upload-pack-result" },
    body,
  });
  expectContentType(res, "application/x-git-upload-pack-result");
  if (res.body === null) throw new GitProtocolError("the server sent no pack");

  const splitter = new PktLineSplitter();
  const collector = new PackCollector();
  const shallow: string[] = [];
  let phase: "shallow" | "ack" | "pack" | "done" = "shallow";
  for await (const chunk of res.body) {
    for (const packet of splitter.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))) {
      if (phase === "pack") {
        if (packet === null) {
          phase = "done";
          continue;
        }
        const band = packet[0];
        if (band === 1) collector.write(packet.subarray(1));
        else if (band === 3) throw new GitProtocolError(`the server failed: ${packetText(packet.subarray(1))}`);
        else if (band !== 2) throw new GitProtocolError(`unexpected side-band ${String(band)}`);
        continue;
      }
      if (packet === null) {
        if (phase === "shallow") phase = "ack";
        continue;
      }
      const line = packetText(packet);
      if (line.startsWith("ERR ")) throw new GitProtocolError(`the server refused: ${line.slice(4)}`);
      if (phase === "shallow" && line.startsWith("shallow ")) shallow.push(line.slice(8));
      else if (line === "NAK" || line.startsWith("ACK ")) phase = "pack";
      else if (phase !== "done") throw new GitProtocolError(`unexpected line ${JSON.stringify(line.slice(0, 80))}`);
    }
  }
  if (phase !== "done" || !splitter.drained) throw new GitProtocolError("the pack response ended early");
  return { pack: collector.join(), shallow };
}
