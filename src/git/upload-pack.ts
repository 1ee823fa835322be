/**
 * The client side of git's smart-HTTP upload-pack, protocol v1 (gitprotocol-http,
 * gitprotocol-pack), just enough to fetch one branch to a depth: list the refs, then ask for
 * one commit with `deepen <n>`, say which commits the client has, and receive the pack
 * through side-band-64k.
 */
import { gitRequest } from "./git-http.js";
import { FLUSH_PKT, GitProtocolError, PktLineSplitter, packetText, pktLine } from "./pkt-line.js";
import { expectContentType, readAdvertisement, type Advertisement } from "./ref-advertisement.js";

export type { Advertisement } from "./ref-advertisement.js";
export { MAX_ADVERTISEMENT_BYTES } from "./ref-advertisement.js";

const AGENT = "agent=stacksmith";
const MiB = 2 ** 20;
/** The most progress text (side band 2) taken while a pack arrives; `no-progress` asks for none. */
const MAX_PROGRESS_BYTES = MiB;
const OID = /^[0-9a-f]{40}$/;

/** GET info/refs for upload-pack: the refs the server has and what it can do (ref-advertisement.ts). */
export function listRefs(repoUrl: string, headers: Record<string, string>, maxBytes?: number): Promise<Advertisement> {
  return readAdvertisement(repoUrl, headers, "git-upload-pack", maxBytes);
}

/** What to ask upload-pack for: one commit and `depth` commits of its history. */
export interface PackRequest {
  want: string;
  depth: number;
  /** The commits the client has without their parents (its shallow file): the server sends history below them when `depth` reaches past. */
  shallow: readonly string[];
  /** Commits the client has, with their history down to its shallow ones: the pack leaves out what they reach, and may be thin on them. */
  haves: readonly string[];
}

/** How the client's shallow boundary moves: commits to add to its shallow file and to take out. */
export interface ShallowUpdate {
  shallow: string[];
  unshallow: string[];
}

/** The most shallow lines read: a depth's boundary is a commit per line of history it cuts (merges). */
const MAX_SHALLOW_LINES = 10_000;

/**
 * POST git-upload-pack: wants `request.want` at `request.depth`, without tags or progress;
 * with haves, a thin pack (its deltas may have bases the client has, not in the pack). Hands
 * the pack's bytes to `onPackData` as they arrive (a view, valid during the call); returns how
 * the shallow boundary moved once the pack has ended.
 *
 * The haves go in the same request as `done`, as git's last round does over stateless HTTP:
 * the server answers one ACK (or NAK) and the pack.
 */
export async function fetchPack(ad: Advertisement, headers: Record<string, string>, request: PackRequest, onPackData: (data: Buffer) => void): Promise<ShallowUpdate> {
  for (const cap of ["shallow", "side-band-64k", "ofs-delta"]) {
    if (!ad.capabilities.has(cap)) throw new GitProtocolError(`the server does not support ${cap}`);
  }
  const thin = request.haves.length > 0 && ad.capabilities.has("thin-pack");
  const caps = ["side-band-64k", "ofs-delta", "shallow", ...(thin ? ["thin-pack"] : []), ...(ad.capabilities.has("no-progress") ? ["no-progress"] : []), AGENT];
  const lines = [`want ${request.want} ${caps.join(" ")}\n`, ...request.shallow.map((oid) => `shallow ${oid}\n`), `deepen ${request.depth}\n`];
  const res = await gitRequest({
    url: `${ad.repoUrl}/git-upload-pack`,
    method: "POST",
    headers: { ...headers, "content-type": "application/x-git-upload-pack-request", accept: "application/x-git-upload-pack-result" },
    body: lines.map(pktLine).join("") + FLUSH_PKT + request.haves.map((oid) => pktLine(`have ${oid}\n`)).join("") + pktLine("done\n"),
  });
  expectContentType(res, "application/x-git-upload-pack-result");

  const clientShallow = new Set(request.shallow);
  // One commit at depth 1 has one boundary: itself.
  const maxShallow = request.depth === 1 ? 1 : MAX_SHALLOW_LINES;
  const update: ShallowUpdate = { shallow: [], unshallow: [] };
  const splitter = new PktLineSplitter();
  let phase: "shallow" | "ack" | "pack" | "done" = "shallow";
  let progress = 0;
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    for (const packet of splitter.push(chunk)) {
      if (phase === "done") throw new GitProtocolError("the server's pack response goes on after its end");
      if (phase === "pack") {
        if (packet === null) {
          phase = "done";
          continue;
        }
        const band = packet[0];
        if (band === 1) onPackData(packet.subarray(1));
        else if (band === 2) {
          progress += packet.length - 1;
          if (progress > MAX_PROGRESS_BYTES) throw new GitProtocolError(`the server sent over ${MAX_PROGRESS_BYTES / MiB} MiB of progress messages`);
        } else if (band === 3) throw new GitProtocolError(`the server failed: ${packetText(packet.subarray(1))}`);
        else throw new GitProtocolError(`unexpected side-band ${String(band)}`);
        continue;
      }
      if (packet === null) {
        if (phase === "shallow") phase = "ack";
        continue;
      }
      const line = packetText(packet);
      if (line.startsWith("ERR ")) throw new GitProtocolError(`the server refused: ${line.slice(4)}`);
      if (phase === "shallow" && line.startsWith("shallow ")) {
        if (!OID.test(line.slice(8))) throw new GitProtocolError(`bad shallow line ${JSON.stringify(line.slice(0, 80))}`);
        if (update.shallow.length >= maxShallow) throw new GitProtocolError("the server sent more shallow commits than the depth asked for can have");
        update.shallow.push(line.slice(8));
      } else if (phase === "shallow" && line.startsWith("unshallow ")) {
        // Only a commit the client said was shallow can stop being so.
        if (!clientShallow.delete(line.slice(10))) throw new GitProtocolError(`bad unshallow line ${JSON.stringify(line.slice(0, 80))}`);
        update.unshallow.push(line.slice(10));
      } else if (line === "NAK" || line.startsWith("ACK ")) phase = "pack";
      else throw new GitProtocolError(`unexpected line ${JSON.stringify(line.slice(0, 80))}`);
    }
  }
  if (phase !== "done" || !splitter.drained) throw new GitProtocolError("the pack response ended early");
  return update;
}
